package dev.raftproof.zoo;

import dev.raftproof.zoo.MutantCore.Mutation;
import java.util.List;

/**
 * The bug zoo: classic Raft bugs as source mutations of the real code (see {@link MutantCore}). Each names the
 * faults it runs under and the number of seeded runs within which the simulator must catch it.
 */
public enum Bug {
  VOTED_FOR_NOT_PERSISTED("votedFor not persisted (lost on restart)", "--faults all", 300,
      m("dev/raftproof/core/RaftNode.java", "return new HardState(currentTerm, votedFor, commitIndex);",
          "return new HardState(currentTerm, null, commitIndex);"),
      // hasReady() compares the hard state field by field: the same mutation there (else it never settles)
      m("dev/raftproof/core/RaftNode.java", "|| !java.util.Objects.equals(votedFor, p.votedFor());",
          "|| !java.util.Objects.equals(null, p.votedFor());")),
  DOUBLE_VOTE("a server votes twice in one term (votedFor ignored)", "--faults all", 100,
      m("dev/raftproof/core/RaftNode.java", "&& (votedFor == null || votedFor.equals(m.source()))", "")),
  OLD_TERM_VOTES_COUNTED("a candidate counts votes from an older term", "--faults all", 300,
      m("dev/raftproof/core/RaftNode.java",
          "boolean counts = state == Role.Candidate && m.term() == currentTerm && m.voteGranted();",
          "boolean counts = state == Role.Candidate && m.voteGranted();")),
  NO_UP_TO_DATE_CHECK("no log up-to-date check in (pre-)voting", "--faults all", 300,
      m("dev/raftproof/core/RaftLog.java",
          "return lastLogTerm > myTerm || (lastLogTerm == myTerm && lastLogIndex >= lastIndex());",
          "return true;")),
  COMMIT_OLD_TERM_BY_COUNTING("an earlier term's entry committed by counting replicas (Figure 8)", "--faults all", 1000,
      m("dev/raftproof/core/RaftNode.java", "n > commitIndex && log.term(n) == currentTerm; n = n - 1",
          "n > commitIndex; n = n - 1")),
  STALE_TERM_APPEND_ACCEPTED("a stale term's AppendEntries accepted", "--faults all", 300,
      m("dev/raftproof/core/RaftNode.java",
          "if (m.term() < currentTerm) {\n      send(new AppendEntriesResponse(currentTerm, id, m.source(), false",
          "if (false) {\n      send(new AppendEntriesResponse(currentTerm, id, m.source(), false")),
  MATCHING_SUFFIX_TRUNCATED("a matching suffix truncated by a late AppendEntries", "--faults all", 300,
      m("dev/raftproof/core/RaftNode.java", "if (log.term(index) == e.term()) {\n            continue;",
          "if (false) {\n            continue;")),
  CONFLICT_NOT_TRUNCATED("conflicting entries not truncated (kept)", "--faults all", 300,
      m("dev/raftproof/core/RaftNode.java", "log.truncateFrom(index);\n        }\n        appendToLog(e);",
          "continue;\n        }\n        appendToLog(e);")),
  MATCH_INDEX_BACKWARDS("matchIndex moved backwards by a stale response", "--faults all", 300,
      m("dev/raftproof/core/RaftNode.java", "matchIndex[jx] = Math.max(matchIndex[jx], m.matchIndex());",
          "matchIndex[jx] = m.matchIndex();")),
  COMMIT_INDEX_REGRESSES_ON_RESTART("commitIndex regressing after restart", "--faults all", 300,
      m("dev/raftproof/core/RaftNode.java", "this.commitIndex = hs.commitIndex();",
          "this.commitIndex = log.snapshotIndex();")),
  OLD_SNAPSHOT_INSTALLED("an older snapshot installed over a newer log", "--faults all", 300,
      m("dev/raftproof/core/RaftNode.java",
          "if (m.lastIncludedIndex() <= commitIndex) {\n      // already covered\n    } else if "
              + "(log.matches(m.lastIncludedIndex(), m.lastIncludedTerm())) {",
          "if (false) {\n    } else if (false) {")),
  CONFIG_CHANGE_BEFORE_TERM_COMMIT("a configuration change proposed before a current-term commit", "--faults all", 1000,
      m("dev/raftproof/core/RaftNode.java",
          "if (log.term(commitIndex) != currentTerm) {\n      return Outcome.refused(Refusal.NO_CURRENT_TERM_COMMIT);\n"
              + "    }\n    TreeSet<String> newVoters",
          "TreeSet<String> newVoters")),
  LEADER_COMMIT_UNCAPPED("leader sends its commitIndex beyond what the follower verified", "--faults all", 300,
      m("dev/raftproof/core/RaftNode.java", "Num.minIndex(commitIndex, prevLogIndex + k)", "commitIndex")),
  COMMIT_QUORUM_OFF_BY_ONE("commit counted with half of the voters (>= instead of >)", "--faults all", 300,
      m("dev/raftproof/core/RaftNode.java", "if (2 * count > voters.size()) {", "if (2 * count >= voters.size()) {")),
  VOTE_QUORUM_OFF_BY_ONE("election won with half of the voters (>= instead of >)", "--faults all", 300,
      m("dev/raftproof/core/RaftNode.java", "return 2 * count > voters.size();", "return 2 * count >= voters.size();")),
  PREV_LOG_TERM_NOT_CHECKED("AppendEntries consistency check compares only the index, not the term", "--faults all",
      300, m("dev/raftproof/core/RaftNode.java", "} else if (log.matches(m.prevLogIndex(), m.prevLogTerm())) {",
          "} else if (m.prevLogIndex() >= log.snapshotIndex() && m.prevLogIndex() <= log.lastIndex()) {")),
  APPLY_BEFORE_COMMIT("entries handed to the state machine before they are committed", "--faults all", 300,
      m("dev/raftproof/core/RaftNode.java",
          "List<Entry> committed = log.slice(firstCommitted, commitIndex);\n    applied = Num.maxIndex(applied, commitIndex);",
          "List<Entry> committed = log.slice(firstCommitted, log.lastIndex());\n    applied = Num.maxIndex(applied, log.lastIndex());")),
  READ_INDEX_WITHOUT_LEADERSHIP("ReadIndex served without confirming leadership (no heartbeat quorum)", "--faults all",
      200, m("dev/raftproof/core/RaftNode.java",
          "if (isQuorum(e.getValue().acks) && commitIndex >= e.getValue().index) {",
          "if (commitIndex >= e.getValue().index) {")),
  SEND_BEFORE_PERSIST("driver sends a Ready's messages before it is durable (torn write)", "--faults all", 300,
      m("dev/raftproof/sim/Simulation.java", "n.raft.ready(); // never persisted, never sent, never traced",
          "for (Message m : n.raft.ready().messages()) { send(n, m, VectorClock.EMPTY); }"));

  public final String description;
  /** SimulateMain options besides runs, seed, steps (faults, cluster size). */
  public final String args;
  public final int maxRuns;
  public final List<Mutation> mutations;

  Bug(String description, String args, int maxRuns, Mutation... mutations) {
    this.description = description;
    this.args = args;
    this.maxRuns = maxRuns;
    this.mutations = List.of(mutations);
  }

  private static Mutation m(String file, String find, String replace) {
    return new Mutation(file, find, replace);
  }
}
