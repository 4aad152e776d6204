package dev.raftproof.safety;

import dev.raftproof.core.ActionEvent;
import dev.raftproof.core.NodeState;
import dev.raftproof.core.Role;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Checks the five properties over a run, one step at a time: feed it the state of the node that just stepped
 * ({@link #observe}) — the simulator after every step, or {@link #check(List)} over a trace's events. It remembers
 * what the properties need from the past: the latest state of every node, the leader of every term, and every
 * committed entry with the term in which it was first seen committed.
 */
public final class SafetyMonitor {
  private final Map<String, NodeState> latest = new TreeMap<>();
  private final Map<Long, String> leaderOfTerm = new HashMap<>();
  private final TreeMap<Long, SafetyProperties.Committed> committed = new TreeMap<>();

  /** Checks every property a step of {@code s.id()} (leading to state {@code s}) can break. Empty if none. */
  public List<Violation> observe(NodeState s) {
    List<Violation> out = new ArrayList<>();
    NodeState before = latest.put(s.id(), s);
    if (s.state() == Role.Leader) {
      String other = leaderOfTerm.putIfAbsent(s.currentTerm(), s.id());
      if (other != null && !other.equals(s.id())) {
        out.add(SafetyProperties.twoLeaders(other, s.id(), s.currentTerm()));
      }
    }
    if (before != null) {
      SafetyProperties.leaderAppendOnly(before, s).ifPresent(out::add);
    }
    for (NodeState other : latest.values()) {
      if (!other.id().equals(s.id())) {
        SafetyProperties.logMatching(s, other).ifPresent(out::add);
      }
    }
    SafetyProperties.stateMachineSafety(s, committed).ifPresent(out::add);
    for (long i = s.snapshotIndex() + 1; i <= s.commitIndex() && i <= s.lastIndex(); i++) {
      committed.putIfAbsent(i, new SafetyProperties.Committed(s.entry(i), s.currentTerm(), s.id()));
    }
    SafetyProperties.leaderCompleteness(s, committed).ifPresent(out::add);
    return out;
  }

  /** Observes every state in {@code states} (e.g. the initial states, or a cluster snapshot). */
  public List<Violation> observeAll(Collection<NodeState> states) {
    List<Violation> out = new ArrayList<>();
    for (NodeState s : states) {
      out.addAll(observe(s));
    }
    return out;
  }

  /** Offline: checks a whole sequence of events (a trace file's, in file order). Empty if the run was safe. */
  public static List<Violation> check(List<ActionEvent> events) {
    SafetyMonitor m = new SafetyMonitor();
    List<Violation> out = new ArrayList<>();
    for (ActionEvent e : events) {
      out.addAll(m.observe(e.state()));
    }
    return out;
  }
}
