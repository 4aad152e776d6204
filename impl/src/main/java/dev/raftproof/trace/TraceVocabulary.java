package dev.raftproof.trace;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * The action and message vocabulary of FORMAT.md §1 and §3: which actions exist, which consume a message, which
 * parameter each needs, and the fields of each message type. The reader rejects anything else (exit 64) so that a
 * typo in a trace is reported as bad input rather than as a spec violation.
 */
public final class TraceVocabulary {
  private TraceVocabulary() {}

  /** How an action is parameterised in a trace event. */
  public record ActionShape(String name, boolean receives, @Nullable String param) {}

  private static final Map<String, ActionShape> ACTIONS = new LinkedHashMap<>();
  private static final Map<String, List<String>> MESSAGE_FIELDS = new LinkedHashMap<>();

  static {
    for (String a : List.of("Restart", "Timeout", "BecomeCandidate", "BecomeLeader", "AdvanceCommitIndex",
        "CheckQuorum", "ReadIndex")) {
      add(a, false, null);
    }
    add("ClientRequest", false, "value");
    for (String a : List.of("AppendEntries", "SendSnapshot", "AddServer", "RemoveServer", "TransferLeadership")) {
      add(a, false, "peer");
    }
    add("TakeSnapshot", false, "index");
    add("ServeRead", false, "readId");
    for (String a : List.of("UpdateTerm", "HandlePreVoteRequest", "HandlePreVoteResponse",
        "HandleRequestVoteRequest", "HandleRequestVoteResponse", "HandleAppendEntriesRequest",
        "HandleAppendEntriesResponse", "HandleInstallSnapshotRequest", "HandleTimeoutNow", "HandleHeartbeatRequest",
        "HandleHeartbeatResponse")) {
      add(a, true, null);
    }
    MESSAGE_FIELDS.put("PreVoteRequest", List.of("mlastLogIndex", "mlastLogTerm"));
    MESSAGE_FIELDS.put("RequestVoteRequest", List.of("mlastLogIndex", "mlastLogTerm"));
    MESSAGE_FIELDS.put("PreVoteResponse", List.of("mvoteGranted"));
    MESSAGE_FIELDS.put("RequestVoteResponse", List.of("mvoteGranted"));
    MESSAGE_FIELDS.put("AppendEntriesRequest", List.of("mprevLogIndex", "mprevLogTerm", "mentries", "mcommitIndex"));
    MESSAGE_FIELDS.put("AppendEntriesResponse",
        List.of("msuccess", "mmatchIndex", "mrejectedIndex", "mhintIndex", "mhintTerm"));
    MESSAGE_FIELDS.put("InstallSnapshotRequest", List.of("mlastIncludedIndex", "mlastIncludedTerm"));
    MESSAGE_FIELDS.put("TimeoutNow", List.of());
    MESSAGE_FIELDS.put("HeartbeatRequest", List.of("mreadId", "mcommitIndex"));
    MESSAGE_FIELDS.put("HeartbeatResponse", List.of("mreadId"));
  }

  private static void add(String name, boolean receives, @Nullable String param) {
    ACTIONS.put(name, new ActionShape(name, receives, param));
  }

  public static @Nullable ActionShape action(String name) {
    return ACTIONS.get(name);
  }

  /** Every action a trace may name, in FORMAT.md's order. */
  public static Set<String> actionNames() {
    return java.util.Collections.unmodifiableSet(new java.util.LinkedHashSet<String>(ACTIONS.keySet()));
  }

  /** The type-specific fields of a message type (besides mtype, mterm, msource, mdest), or null if unknown. */
  public static @Nullable List<String> messageFields(String mtype) {
    return MESSAGE_FIELDS.get(mtype);
  }

  /** The state fields of §3 (all optional: a missing one is left free). */
  public static final List<String> STATE_FIELDS = List.of("currentTerm", "votedFor", "state", "commitIndex",
      "snapshotIndex", "snapshotTerm", "log", "votesGranted", "nextIndex", "matchIndex", "pendingReads");
}
