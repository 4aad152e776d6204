package dev.raftproof.safety;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.raftproof.core.Entry;
import dev.raftproof.core.NodeState;
import dev.raftproof.core.Role;
import dev.raftproof.sim.SimConfig;
import dev.raftproof.sim.SimResult;
import dev.raftproof.sim.Simulation;
import dev.raftproof.trace.TraceEvent;
import dev.raftproof.trace.TraceReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The incremental {@link SafetyMonitor} gives exactly the violations (same order, same text) of the plain re-scan it
 * replaced: {@link Reference} below, the original algorithm, kept here as the oracle. Inputs: simulated traces, and
 * the same traces with seeded corruptions of node states (entry terms and values changed, entries dropped or added,
 * roles and commit indexes raised, snapshots altered), applied to one event or to every later state of a node, with
 * unchanged logs shared between consecutive states (as the core does) or not (as a parsed trace is).
 */
class SafetyMonitorEquivalenceTest {
  private static final List<List<NodeState>> RUNS = new ArrayList<>();

  @BeforeAll
  static void simulate(@TempDir Path dir) throws Exception {
    for (long seed = 1; seed <= 8; seed++) {
      Path f = dir.resolve("t" + seed + ".ndjson");
      SimResult r = Simulation.run(SimConfig.defaults(seed).withSteps(1000).withCheckSafety(false).withTrace(f));
      assertTrue(r.ok(), "seed " + seed);
      List<NodeState> states = new ArrayList<>();
      for (TraceEvent e : TraceReader.read(f).events()) {
        states.add(e.event().state());
      }
      RUNS.add(states);
    }
  }

  /** The monitor before it was made incremental: every check in full on every event. */
  static final class Reference {
    private final Map<String, NodeState> latest = new TreeMap<>();
    private final Map<Long, String> leaderOfTerm = new HashMap<>();
    private final TreeMap<Long, SafetyProperties.Committed> committed = new TreeMap<>();

    List<Violation> observe(NodeState s) {
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
  }

  private static void assertSameVerdicts(List<NodeState> states, String what) {
    Reference ref = new Reference();
    SafetyMonitor fast = new SafetyMonitor();
    for (int k = 0; k < states.size(); k++) {
      NodeState s = states.get(k);
      assertEquals(ref.observe(s), fast.observe(s), what + ", event " + (k + 1));
    }
  }

  @Test
  void cleanSimulatedTracesGiveNoViolationInBoth() {
    for (int r = 0; r < RUNS.size(); r++) {
      assertSameVerdicts(RUNS.get(r), "run " + r);
      assertSameVerdicts(shareUnchangedLogs(RUNS.get(r)), "run " + r + " (shared logs)");
    }
  }

  @Test
  void corruptedTracesGiveTheSameViolationsAsTheFullRescan() {
    long seed = Long.getLong("equivalence.seed", 20261123L);
    int trials = Integer.getInteger("equivalence.trials", 200);
    System.out.println("SafetyMonitorEquivalenceTest seed " + seed + " (-Dequivalence.seed=" + seed + " to replay), "
        + trials + " trials");
    SplittableRandom rnd = new SplittableRandom(seed);
    int withViolations = 0;
    for (int t = 0; t < trials; t++) {
      int run = rnd.nextInt(RUNS.size());
      List<NodeState> states = new ArrayList<>(RUNS.get(run));
      int mutations = 1 + rnd.nextInt(3);
      StringBuilder what = new StringBuilder("trial " + t + " (seed " + seed + "), run " + run + ":");
      for (int m = 0; m < mutations; m++) {
        what.append(' ').append(mutate(states, rnd));
      }
      if (rnd.nextBoolean()) {
        states = shareUnchangedLogs(states);
        what.append(" shared");
      }
      Reference ref = new Reference();
      boolean any = false;
      for (NodeState s : states) {
        any |= !ref.observe(s).isEmpty();
      }
      withViolations += any ? 1 : 0;
      assertSameVerdicts(states, what.toString());
    }
    System.out.println("trials with violations: " + withViolations + " of " + trials);
    assertTrue(withViolations > trials / 3, "the corruptions must produce violations, got " + withViolations);
  }

  /** Corrupts the state of one event, or of one node from one event on; returns what it did. */
  private static String mutate(List<NodeState> states, SplittableRandom rnd) {
    int k = rnd.nextInt(states.size());
    String node = states.get(k).id();
    boolean persistent = rnd.nextBoolean();
    int kind = rnd.nextInt(8);
    int pick = rnd.nextInt(1000);
    for (int i = k; i < states.size(); i++) {
      NodeState s = states.get(i);
      if (!s.id().equals(node)) {
        continue;
      }
      states.set(i, corrupt(s, kind, pick));
      if (!persistent) {
        break;
      }
    }
    return "kind " + kind + " at " + (k + 1) + (persistent ? "+" : "");
  }

  private static NodeState corrupt(NodeState s, int kind, int pick) {
    List<Entry> log = new ArrayList<>(s.log());
    Role role = s.state();
    long commit = s.commitIndex();
    long snapTerm = s.snapshotTerm();
    int at = log.isEmpty() ? -1 : pick % log.size();
    switch (kind) {
      case 0 -> {
        if (at >= 0) {
          Entry e = log.get(at);
          log.set(at, retermed(e, e.term() + (pick % 2 == 0 ? 1 : -1)));
        }
      }
      case 1 -> {
        if (at >= 0) {
          log.set(at, Entry.value(log.get(at).term(), "corrupt-" + pick));
        }
      }
      case 2 -> {
        if (!log.isEmpty()) {
          log.remove(log.size() - 1);
          commit = Math.min(commit, s.snapshotIndex() + log.size());
        }
      }
      case 3 -> role = Role.Leader;
      case 4 -> commit = s.lastIndex();
      case 5 -> snapTerm = s.snapshotIndex() > 0 ? snapTerm + 1 : snapTerm;
      case 6 -> log.add(Entry.value(s.currentTerm(), "extra-" + pick));
      default -> {
        if (at >= 0) {
          log.subList(at, log.size()).clear();
          log.add(Entry.value(Math.max(1, s.currentTerm() - 1), "fork-" + pick));
          commit = Math.min(commit, s.snapshotIndex() + log.size());
        }
      }
    }
    return new NodeState(s.id(), s.currentTerm(), s.votedFor(), role, commit, s.snapshotIndex(), snapTerm, log,
        s.votesGranted(), role == Role.Leader ? s.nextIndex() : new TreeMap<>(),
        role == Role.Leader ? s.matchIndex() : new TreeMap<>(), s.pendingReads());
  }

  private static Entry retermed(Entry e, long term) {
    long t = Math.max(0, term);
    return switch (e.type()) {
      case VALUE -> Entry.value(t, String.valueOf(e.value()));
      case NOOP -> Entry.noop(t);
      case CONFIG -> Entry.config(t, e.voters());
    };
  }

  /** Like the core: a node state whose log equals the node's previous one reuses that list object. */
  private static List<NodeState> shareUnchangedLogs(List<NodeState> states) {
    Map<String, NodeState> prev = new HashMap<>();
    List<NodeState> out = new ArrayList<>();
    for (NodeState s : states) {
      NodeState p = prev.get(s.id());
      NodeState t = s;
      if (p != null && p.snapshotIndex() == s.snapshotIndex() && sameEntries(p.log(), s.log())) {
        t = new NodeState(s.id(), s.currentTerm(), s.votedFor(), s.state(), s.commitIndex(), s.snapshotIndex(),
            s.snapshotTerm(), p.log(), s.votesGranted(), s.nextIndex(), s.matchIndex(), s.pendingReads());
        assertTrue(t.log() == p.log());
      }
      prev.put(s.id(), t);
      out.add(t);
    }
    return out;
  }

  private static boolean sameEntries(List<Entry> a, List<Entry> b) {
    if (a.size() != b.size()) {
      return false;
    }
    for (int i = 0; i < a.size(); i++) {
      if (!a.get(i).sameAs(b.get(i))) {
        return false;
      }
    }
    return true;
  }
}
