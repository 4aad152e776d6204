package dev.raftproof.safety;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.raftproof.core.Entry;
import dev.raftproof.core.NodeState;
import dev.raftproof.core.Role;
import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** Each property catches the violation it is named after, and says where. */
class SafetyPropertiesTest {
  static NodeState node(String id, long term, Role role, long commit, Entry... log) {
    return new NodeState(id, term, null, role, commit, 0, 0, List.of(log), List.of(), new TreeMap<>(),
        new TreeMap<>(), List.of());
  }

  static Entry v(long term, String value) {
    return Entry.value(term, value);
  }

  @Test
  void electionSafetyTwoLeadersInOneTerm() {
    SafetyMonitor m = new SafetyMonitor();
    assertTrue(m.observe(node("s1", 2, Role.Leader, 0)).isEmpty());
    List<Violation> v = m.observe(node("s2", 2, Role.Leader, 0));
    assertEquals(1, v.size());
    assertEquals(Property.ElectionSafety, v.get(0).property());
    assertEquals(List.of("s1", "s2"), v.get(0).servers());
    assertEquals(List.of(2L), v.get(0).terms());
  }

  @Test
  void electionSafetyHoldsAcrossTimeNotJustAtOneMoment() {
    SafetyMonitor m = new SafetyMonitor();
    m.observe(node("s1", 2, Role.Leader, 0));
    m.observe(node("s1", 3, Role.Follower, 0));
    assertEquals(Property.ElectionSafety, m.observe(node("s2", 2, Role.Leader, 0)).get(0).property());
  }

  @Test
  void leaderAppendOnlyCatchesOverwriteAndDelete() {
    NodeState before = node("s1", 2, Role.Leader, 0, v(1, "a"), v(2, "b"));
    Violation over = SafetyProperties.leaderAppendOnly(before, node("s1", 2, Role.Leader, 0, v(1, "a"), v(2, "c")))
        .orElseThrow();
    assertEquals(2, over.index());
    Violation del = SafetyProperties.leaderAppendOnly(before, node("s1", 2, Role.Leader, 0, v(1, "a")))
        .orElseThrow();
    assertEquals(Property.LeaderAppendOnly, del.property());
    assertTrue(SafetyProperties.leaderAppendOnly(before, node("s1", 3, Role.Leader, 0, v(1, "a"))).isEmpty());
  }

  @Test
  void logMatchingCatchesSameTermDifferentPrefix() {
    NodeState a = node("s1", 3, Role.Follower, 0, v(1, "a"), v(3, "c"));
    NodeState b = node("s2", 3, Role.Follower, 0, v(1, "x"), v(3, "c"));
    Violation v = SafetyProperties.logMatching(a, b).orElseThrow();
    assertEquals(1, v.index());
    assertTrue(v.description().contains("both hold an entry of term 3 at index 2 but differ at index 1"),
        v.description());
    assertTrue(SafetyProperties.logMatching(a, node("s3", 3, Role.Follower, 0, v(1, "a"), v(2, "z"))).isEmpty());
  }

  @Test
  void stateMachineSafetyCatchesTwoDifferentCommittedEntries() {
    SafetyMonitor m = new SafetyMonitor();
    m.observe(node("s1", 1, Role.Leader, 1, v(1, "a")));
    List<Violation> v = m.observe(node("s2", 2, Role.Follower, 1, v(2, "b")));
    assertTrue(v.stream().anyMatch(x -> x.property() == Property.StateMachineSafety && x.index() == 1), v::toString);
  }

  @Test
  void leaderCompletenessCatchesALeaderWithoutACommittedEntry() {
    SafetyMonitor m = new SafetyMonitor();
    m.observe(node("s1", 1, Role.Leader, 2, v(1, "a"), v(1, "b")));
    List<Violation> v = m.observe(node("s2", 2, Role.Leader, 0, v(1, "a")));
    Violation lc = v.stream().filter(x -> x.property() == Property.LeaderCompleteness).findFirst().orElseThrow();
    assertEquals(2, lc.index());
    assertEquals(List.of("s2", "s1"), lc.servers());
  }
}
