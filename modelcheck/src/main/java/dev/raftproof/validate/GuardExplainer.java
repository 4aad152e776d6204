package dev.raftproof.validate;

import dev.raftproof.trace.LoggedEvent;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Says which enabling condition of an action (FORMAT.md §1) fails in the spec state before an event, when TLC found
 * that the spec cannot take the action at all. TLC stays the judge: this only puts its "no successor" into words.
 * If none of the documented conditions fails, it says so rather than guess.
 */
public final class GuardExplainer {
  private GuardExplainer() {}

  public static List<String> explain(LoggedEvent e, SpecState pre, List<String> initServers) {
    String i = e.node();
    String a = e.action();
    NodeView v = new NodeView(pre, i, initServers);
    List<String> why = new ArrayList<>();
    ObjectNode recv = e.recv();
    if (recv != null) {
      Map<Object, Object> lm = LoggedValues.message(recv);
      Set<Object> net = TlaValue.setOf(pre.vars().get("messages"));
      boolean inNet = net.stream().anyMatch(m -> sameMessage(m, lm));
      if (!inNet) {
        why.add(a + ": the message it consumes was never sent: no message in the network is "
            + TlaValue.plain(lm) + closest(net, lm));
        return why;
      }
      long mterm = recv.path("mterm").asLong();
      String mtype = recv.path("mtype").asText();
      boolean preVoteExempt = mtype.equals("PreVoteRequest")
          || (mtype.equals("PreVoteResponse") && recv.path("mvoteGranted").asBoolean());
      if (a.equals("UpdateTerm")) {
        if (mterm <= v.currentTerm()) {
          why.add(a + ": message term " + mterm + " is not newer than " + i + "'s currentTerm " + v.currentTerm());
        }
        if (preVoteExempt) {
          why.add(a + ": a " + mtype + (mtype.equals("PreVoteResponse") ? " that grants" : "")
              + " does not update the term (D§9.6)");
        }
      } else if (mterm > v.currentTerm() && !preVoteExempt) {
        why.add(a + ": message term " + mterm + " is newer than " + i + "'s currentTerm " + v.currentTerm()
            + ": UpdateTerm must come first");
      }
      if (!a.equals("UpdateTerm") && !a.equals("Handle" + mtype)) {
        why.add(a + ": it cannot consume a " + mtype);
      }
    }
    switch (a) {
      case "Timeout" -> {
        if (!v.config().contains(i)) {
          why.add(a + ": " + i + " is not in its configuration " + TlaValue.plain(v.config()));
        }
        if (v.role().equals("Leader")) {
          why.add(a + ": " + i + " is Leader");
        }
      }
      case "BecomeCandidate" -> {
        role(why, a, i, v, "PreCandidate");
        quorum(why, a, "votesGranted", v.votesGranted(), v.config());
      }
      case "BecomeLeader" -> {
        role(why, a, i, v, "Candidate");
        quorum(why, a, "votesGranted", v.votesGranted(), v.config());
      }
      case "ClientRequest", "CheckQuorum" -> role(why, a, i, v, "Leader");
      case "AppendEntries", "SendSnapshot", "TransferLeadership" -> {
        role(why, a, i, v, "Leader");
        String j = e.params().path("peer").asText();
        if (!v.config().contains(j) || j.equals(i)) {
          why.add(a + ": peer " + j + " is not another member of " + i + "'s configuration "
              + TlaValue.plain(v.config()));
        }
        if (a.equals("AppendEntries") && v.nextIndex(j) <= v.snapshotIndex()) {
          why.add(a + ": nextIndex[" + j + "] " + v.nextIndex(j) + " is at or below snapshotIndex "
              + v.snapshotIndex() + ": the entries are compacted (SendSnapshot is due)");
        }
        if (a.equals("SendSnapshot") && v.nextIndex(j) > v.snapshotIndex()) {
          why.add(a + ": nextIndex[" + j + "] " + v.nextIndex(j) + " is above snapshotIndex " + v.snapshotIndex()
              + ": no snapshot is needed");
        }
        if (a.equals("TransferLeadership") && v.matchIndex(j) != v.lastIndex()) {
          why.add(a + ": matchIndex[" + j + "] " + v.matchIndex(j) + " is not the last index " + v.lastIndex());
        }
      }
      case "AdvanceCommitIndex" -> {
        role(why, a, i, v, "Leader");
        if (why.isEmpty()) {
          why.add(a + ": no index above commitIndex " + v.commitIndex() + " has an entry of term "
              + v.currentTerm() + " held by a quorum of " + TlaValue.plain(v.config()) + " (matchIndex "
              + TlaValue.plain(String.valueOf(pre.of("matchIndex", i))).replace("\"", "") + ", last index "
              + v.lastIndex() + ")");
        }
      }
      case "TakeSnapshot" -> {
        long k = e.params().path("index").asLong();
        if (k <= v.snapshotIndex() || k > v.commitIndex()) {
          why.add(a + ": index " + k + " is not in (snapshotIndex " + v.snapshotIndex() + ", commitIndex "
              + v.commitIndex() + "]");
        }
      }
      case "AddServer", "RemoveServer" -> {
        role(why, a, i, v, "Leader");
        if (v.lastConfigIndex() > v.commitIndex()) {
          why.add(a + ": the config entry at " + v.lastConfigIndex() + " is not committed (commitIndex "
              + v.commitIndex() + ")");
        }
        if (v.termAt(v.commitIndex()) != v.currentTerm()) {
          why.add(a + ": no entry of the current term " + v.currentTerm() + " is committed yet");
        }
        String j = e.params().path("peer").asText();
        if (a.equals("AddServer") && v.config().contains(j)) {
          why.add(a + ": " + j + " is already in the configuration " + TlaValue.plain(v.config()));
        }
        if (a.equals("RemoveServer") && !v.config().contains(j)) {
          why.add(a + ": " + j + " is not in the configuration " + TlaValue.plain(v.config()));
        }
      }
      case "ReadIndex" -> {
        role(why, a, i, v, "Leader");
        if (v.termAt(v.commitIndex()) != v.currentTerm()) {
          why.add(a + ": no entry of the current term " + v.currentTerm() + " is committed yet");
        }
      }
      case "ServeRead" -> {
        role(why, a, i, v, "Leader");
        long id = e.params().path("readId").asLong();
        Map<?, ?> read = null;
        for (Object r : v.pendingReads()) {
          if (r instanceof Map<?, ?> m && Objects.equals(m.get("id"), id)) {
            read = m;
          }
        }
        if (read == null) {
          why.add(a + ": no pending read with id " + id);
        } else {
          Set<Object> acks = TlaValue.setOf(read.get("acks"));
          quorum(why, a, "acks of read " + id, acks, v.config());
          long idx = NodeView.num(read.get("index"));
          if (v.commitIndex() < idx) {
            why.add(a + ": commitIndex " + v.commitIndex() + " is below the read index " + idx);
          }
        }
      }
      case "HandleRequestVoteResponse", "HandlePreVoteResponse", "HandleAppendEntriesResponse",
          "HandleHeartbeatResponse", "HandleRequestVoteRequest", "HandleAppendEntriesRequest",
          "HandleInstallSnapshotRequest", "HandleTimeoutNow", "HandleHeartbeatRequest", "HandlePreVoteRequest",
          "UpdateTerm", "Restart" -> {
        // message-level conditions were checked above; the handlers otherwise ignore what they cannot use
      }
      default -> why.add(a + ": unknown action");
    }
    if (why.isEmpty()) {
      why.add(a + ": the spec cannot take this step here, and none of the documented conditions explains why "
          + "(state before: " + TlaValue.plain(new NodeView(pre, i, initServers).fields()) + ")");
    }
    return why;
  }

  /** A short tag for EXPECTED.tsv: the first failed condition's kind. */
  public static String keyword(List<String> why) {
    String w = why.isEmpty() ? "" : why.get(0);
    if (w.contains("never sent")) {
      return "no-message";
    }
    if (w.contains("not a quorum")) {
      return "quorum";
    }
    if (w.contains(" is Follower") || w.contains(" is PreCandidate") || w.contains(" is Candidate")
        || w.contains(" is Leader")) {
      return "role";
    }
    if (w.contains("UpdateTerm must come first") || w.contains("not newer")) {
      return "term";
    }
    return "not-enabled";
  }

  private static void role(List<String> why, String a, String i, NodeView v, String need) {
    if (!v.role().equals(need)) {
      why.add(a + ": " + i + " is " + v.role() + ", not " + need);
    }
  }

  private static void quorum(List<String> why, String a, String what, Set<Object> votes, Set<Object> config) {
    if (!NodeView.isQuorum(votes, config)) {
      why.add(a + ": " + what + " " + TlaValue.plain(votes) + " is not a quorum of " + TlaValue.plain(config));
    }
  }

  private static boolean sameMessage(@Nullable Object specMsg, Map<Object, Object> logged) {
    if (!(specMsg instanceof Map<?, ?> m)) {
      return false;
    }
    for (Map.Entry<Object, Object> f : logged.entrySet()) {
      if (!Objects.equals(f.getValue(), m.get(f.getKey()))) {
        return false;
      }
    }
    return true;
  }

  private static String closest(Set<?> net, Map<Object, Object> lm) {
    Map<?, ?> best = null;
    int bestDiff = Integer.MAX_VALUE;
    for (Object o : net) {
      if (o instanceof Map<?, ?> m && Objects.equals(m.get("mtype"), lm.get("mtype"))
          && Objects.equals(m.get("msource"), lm.get("msource")) && Objects.equals(m.get("mdest"), lm.get("mdest"))) {
        int d = 0;
        for (Map.Entry<Object, Object> f : lm.entrySet()) {
          if (!Objects.equals(f.getValue(), m.get(f.getKey()))) {
            d++;
          }
        }
        if (d < bestDiff) {
          bestDiff = d;
          best = m;
        }
      }
    }
    if (best == null) {
      return " (no " + lm.get("mtype") + " from " + lm.get("msource") + " to " + lm.get("mdest") + " was sent)";
    }
    List<String> parts = new ArrayList<>();
    for (Map.Entry<Object, Object> f : lm.entrySet()) {
      @Nullable Object got = best.get(f.getKey());
      if (!Objects.equals(f.getValue(), got)) {
        parts.add(f.getKey() + " " + TlaValue.plain(f.getValue()) + " where the sent one has "
            + (got == null ? "none" : TlaValue.plain(got)));
      }
    }
    return " (the closest sent one differs: " + String.join(", ", parts) + ")";
  }
}
