package dev.raftproof.safety;

import dev.raftproof.core.Entry;
import dev.raftproof.core.NodeState;
import dev.raftproof.core.Role;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The five properties of Figure 3 as pure functions over node states (the spec variables of {@link NodeState}). Logs
 * may be compacted: only live entries (above {@code snapshotIndex}) are compared, plus {@code snapshotTerm} at
 * {@code snapshotIndex} where a property needs a term.
 */
public final class SafetyProperties {
  private SafetyProperties() {}

  /** A committed entry as first observed: the entry, the term of the observer when it saw it committed, and who. */
  public record Committed(Entry entry, long commitTerm, String server) {}

  /** Election Safety over one moment: no two servers are Leader in the same term. */
  public static Optional<Violation> electionSafety(Collection<NodeState> states) {
    List<NodeState> leaders = new ArrayList<>();
    for (NodeState s : states) {
      if (s.state() == Role.Leader) {
        for (NodeState l : leaders) {
          if (l.currentTerm() == s.currentTerm()) {
            return Optional.of(twoLeaders(l.id(), s.id(), s.currentTerm()));
          }
        }
        leaders.add(s);
      }
    }
    return Optional.empty();
  }

  static Violation twoLeaders(String a, String b, long term) {
    return new Violation(Property.ElectionSafety, List.of(a, b), 0, List.of(term),
        "Election Safety: " + a + " and " + b + " are both leader of term " + term);
  }

  /**
   * Leader Append-Only between two consecutive states of one server: if it was Leader and still is, in the same term,
   * every entry it had is still there, unchanged (or compacted).
   */
  public static Optional<Violation> leaderAppendOnly(NodeState before, NodeState after) {
    if (before.state() != Role.Leader || after.state() != Role.Leader
        || before.currentTerm() != after.currentTerm()) {
      return Optional.empty();
    }
    for (long i = before.snapshotIndex() + 1; i <= before.lastIndex(); i++) {
      if (i <= after.snapshotIndex()) {
        continue;
      }
      if (i > after.lastIndex()) {
        return Optional.of(new Violation(Property.LeaderAppendOnly, List.of(after.id()), i,
            List.of(before.entry(i).term()), "Leader Append-Only: leader " + after.id() + " of term "
            + after.currentTerm() + " deleted entry " + i + " (" + before.entry(i) + ")"));
      }
      if (!before.entry(i).sameAs(after.entry(i))) {
        return Optional.of(new Violation(Property.LeaderAppendOnly, List.of(after.id()), i,
            List.of(before.entry(i).term(), after.entry(i).term()), "Leader Append-Only: leader " + after.id()
            + " of term " + after.currentTerm() + " overwrote entry " + i + ": " + before.entry(i) + " -> "
            + after.entry(i)));
      }
    }
    return Optional.empty();
  }

  /**
   * Log Matching between two servers: if their logs hold an entry with the same index and term, every earlier entry
   * both still hold is the same.
   */
  public static Optional<Violation> logMatching(NodeState a, NodeState b) {
    long low = Math.max(a.snapshotIndex(), b.snapshotIndex()) + 1;
    long high = Math.min(a.lastIndex(), b.lastIndex());
    long anchor = -1;
    for (long i = high; i >= low; i--) {
      if (a.entry(i).term() == b.entry(i).term()) {
        anchor = i;
        break;
      }
    }
    for (long i = anchor; i >= low; i--) {
      if (!a.entry(i).sameAs(b.entry(i))) {
        return Optional.of(new Violation(Property.LogMatching, List.of(a.id(), b.id()), i,
            List.of(a.entry(anchor).term(), a.entry(i).term(), b.entry(i).term()),
            "Log Matching: " + a.id() + " and " + b.id() + " both hold an entry of term " + a.entry(anchor).term()
            + " at index " + anchor + " but differ at index " + i + " (" + a.id() + ": " + a.entry(i) + ", "
            + b.id() + ": " + b.entry(i) + ")"));
      }
    }
    return Optional.empty();
  }

  /**
   * State Machine Safety for one server against the committed entries seen so far (index to first observation):
   * every entry this server considers committed (at or below its commitIndex) is the one committed there.
   */
  public static Optional<Violation> stateMachineSafety(NodeState s, Map<Long, Committed> committed) {
    if (s.snapshotIndex() > 0) {
      Committed c = committed.get(s.snapshotIndex());
      if (c != null && c.entry().term() != s.snapshotTerm()) {
        return Optional.of(new Violation(Property.StateMachineSafety, List.of(c.server(), s.id()),
            s.snapshotIndex(), List.of(c.entry().term(), s.snapshotTerm()), "State Machine Safety: " + s.id()
            + "'s snapshot ends at index " + s.snapshotIndex() + " with term " + s.snapshotTerm() + " but "
            + c.server() + " committed " + c.entry() + " there"));
      }
    }
    for (long i = s.snapshotIndex() + 1; i <= s.commitIndex() && i <= s.lastIndex(); i++) {
      Committed c = committed.get(i);
      if (c != null && !c.entry().sameAs(s.entry(i))) {
        return Optional.of(new Violation(Property.StateMachineSafety, List.of(c.server(), s.id()), i,
            List.of(c.entry().term(), s.entry(i).term()), "State Machine Safety: at index " + i + " " + c.server()
            + " committed " + c.entry() + " but " + s.id() + " committed " + s.entry(i)));
      }
    }
    return Optional.empty();
  }

  /**
   * Leader Completeness for one leader: every entry committed in a lower term than the leader's is in its log
   * (or in its snapshot).
   */
  public static Optional<Violation> leaderCompleteness(NodeState leader, Map<Long, Committed> committed) {
    if (leader.state() != Role.Leader) {
      return Optional.empty();
    }
    for (Map.Entry<Long, Committed> e : committed.entrySet()) {
      long i = e.getKey();
      Committed c = e.getValue();
      if (c.commitTerm() >= leader.currentTerm() || i <= leader.snapshotIndex()) {
        continue;
      }
      if (i > leader.lastIndex() || !leader.entry(i).sameAs(c.entry())) {
        String has = i > leader.lastIndex() ? "nothing" : leader.entry(i).toString();
        return Optional.of(new Violation(Property.LeaderCompleteness, List.of(leader.id(), c.server()), i,
            List.of(c.commitTerm(), leader.currentTerm()), "Leader Completeness: entry " + i + " (" + c.entry()
            + ") committed in term " + c.commitTerm() + " (seen by " + c.server() + ") is missing from leader "
            + leader.id() + " of term " + leader.currentTerm() + ", which has " + has));
      }
    }
    return Optional.empty();
  }
}
