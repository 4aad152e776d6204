package dev.raftproof.validate;

import dev.raftproof.trace.LoggedEvent;
import dev.raftproof.trace.TraceVocabulary;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Spec coverage over a set of traces: how often each spec action, and each branch of its guard, was exercised by
 * events that the spec MATCHED (a rejected trace contributes only its matched prefix). The branch of an event is read
 * from the event itself (its message, reply and resulting state), e.g. HandleAppendEntriesRequest is
 * {@code accept}, {@code reject} (log mismatch), {@code stale} (older term) or {@code below-commit}.
 */
public final class Coverage {
  /** Every branch the table knows, in FORMAT.md order; "-" for an action without branches. */
  static final Map<String, List<String>> BRANCHES = new LinkedHashMap<>();

  static {
    for (String a : TraceVocabulary.actionNames()) {
      BRANCHES.put(a, List.of("-"));
    }
    BRANCHES.put("HandlePreVoteRequest", List.of("grant", "reject"));
    BRANCHES.put("HandleRequestVoteRequest", List.of("grant", "reject"));
    BRANCHES.put("HandlePreVoteResponse", List.of("counted", "ignored"));
    BRANCHES.put("HandleRequestVoteResponse", List.of("counted", "ignored"));
    BRANCHES.put("AppendEntries", List.of("entries", "heartbeat"));
    BRANCHES.put("HandleAppendEntriesRequest", List.of("accept", "reject", "stale", "below-commit"));
    BRANCHES.put("HandleAppendEntriesResponse", List.of("success", "reject", "ignored"));
    BRANCHES.put("AdvanceCommitIndex", List.of("commit", "commit-and-step-down"));
    BRANCHES.put("HandleInstallSnapshotRequest", List.of("install", "no-change-or-commit", "ignored"));
    BRANCHES.put("HandleTimeoutNow", List.of("election", "ignored"));
    BRANCHES.put("HandleHeartbeatRequest", List.of("ack", "ignored"));
    BRANCHES.put("HandleHeartbeatResponse", List.of("counted", "ignored"));
  }

  private final Map<String, Map<String, Long>> counts = new LinkedHashMap<>();
  private int traces;

  public Coverage() {
    BRANCHES.forEach((a, bs) -> {
      Map<String, Long> m = new LinkedHashMap<>();
      bs.forEach(b -> m.put(b, 0L));
      counts.put(a, m);
    });
  }

  /** Counts the events the spec matched. */
  public void add(ValidationResult r) {
    traces++;
    List<LoggedEvent> events = r.trace().events();
    for (int i = 0; i < Math.min(r.matched(), events.size()); i++) {
      count(events.get(i));
    }
  }

  void count(LoggedEvent e) {
    Map<String, Long> m = counts.computeIfAbsent(e.action(), k -> new LinkedHashMap<>());
    m.merge(branch(e), 1L, Long::sum);
  }

  public long count(String action, String branch) {
    Map<String, Long> m = counts.get(action);
    Long c = m == null ? null : m.get(branch);
    return c == null ? 0 : c;
  }

  static String branch(LoggedEvent e) {
    ObjectNode recv = e.recv();
    JsonNode r = recv == null ? com.fasterxml.jackson.databind.node.MissingNode.getInstance() : recv;
    JsonNode reply = e.sent().isEmpty() ? com.fasterxml.jackson.databind.node.MissingNode.getInstance()
        : e.sent().get(0);
    JsonNode st = e.state();
    boolean leaderOfTerm = "Leader".equals(st.path("state").asText())
        && r.path("mterm").asLong() == st.path("currentTerm").asLong();
    return switch (e.action()) {
      case "HandlePreVoteRequest", "HandleRequestVoteRequest" ->
          reply.path("mvoteGranted").asBoolean() ? "grant" : "reject";
      case "HandlePreVoteResponse" -> "PreCandidate".equals(st.path("state").asText())
          && r.path("mterm").asLong() == st.path("currentTerm").asLong() + 1 ? "counted" : "ignored";
      case "HandleRequestVoteResponse" -> "Candidate".equals(st.path("state").asText())
          && r.path("mterm").asLong() == st.path("currentTerm").asLong() ? "counted" : "ignored";
      case "AppendEntries" -> e.sent().isEmpty() || e.sent().get(0).path("mentries").isEmpty() ? "heartbeat"
          : "entries";
      case "HandleAppendEntriesRequest" -> {
        if (!reply.path("msuccess").asBoolean()) {
          yield reply.path("mterm").asLong() > r.path("mterm").asLong() ? "stale" : "reject";
        }
        long expect = r.path("mprevLogIndex").asLong() + r.path("mentries").size();
        yield reply.path("mmatchIndex").asLong() == expect ? "accept" : "below-commit";
      }
      case "HandleAppendEntriesResponse" -> !leaderOfTerm ? "ignored"
          : r.path("msuccess").asBoolean() ? "success" : "reject";
      case "AdvanceCommitIndex" -> "Leader".equals(st.path("state").asText()) ? "commit" : "commit-and-step-down";
      case "HandleInstallSnapshotRequest" -> {
        if (e.sent().isEmpty()) {
          yield "ignored";
        }
        long idx = r.path("mlastIncludedIndex").asLong();
        yield st.path("snapshotIndex").asLong() == idx && st.path("log").isEmpty() ? "install"
            : "no-change-or-commit";
      }
      case "HandleTimeoutNow" -> e.sent().isEmpty() && !"Candidate".equals(st.path("state").asText())
          ? "ignored" : "election";
      case "HandleHeartbeatRequest" -> e.sent().isEmpty() ? "ignored" : "ack";
      case "HandleHeartbeatResponse" -> leaderOfTerm ? "counted" : "ignored";
      default -> "-";
    };
  }

  /** The table: action, branch, count, with never-exercised rows marked. */
  public String table() {
    StringBuilder b = new StringBuilder();
    b.append(String.format("Spec coverage over %d trace(s): events matched by the spec, per action and branch%n",
        traces));
    b.append(String.format("%-30s %-22s %8s%n", "action", "branch", "events"));
    int never = 0;
    int rows = 0;
    for (Map.Entry<String, Map<String, Long>> a : counts.entrySet()) {
      for (Map.Entry<String, Long> br : a.getValue().entrySet()) {
        rows++;
        boolean zero = br.getValue() == 0;
        never += zero ? 1 : 0;
        b.append(String.format("%-30s %-22s %8d%s%n", a.getKey(), br.getKey(), br.getValue(),
            zero ? "   NEVER" : ""));
      }
    }
    b.append(String.format("%d of %d action branches exercised; never: %d%n", rows - never, rows, never));
    return b.toString();
  }

  /** Tab-separated: action, branch, events (for tools). */
  public String tsv() {
    StringBuilder b = new StringBuilder("action\tbranch\tevents\n");
    counts.forEach((a, m) -> m.forEach((br, c) -> b.append(a).append('\t').append(br).append('\t').append(c)
        .append('\n')));
    return b.toString();
  }
}
