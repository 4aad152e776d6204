package dev.raftproof.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * One test per claim of the Raft paper (extended version) and of Ongaro's dissertation (D§), each named after its
 * section. Every test also runs the five safety properties after every step (TestCluster's monitor).
 */
class PaperClaimsTest {
  private TestCluster c;

  @AfterEach
  void safetyHeldThroughout() {
    if (c != null) {
      assertEquals(List.of(), c.violations, "safety violations");
    }
  }

  private static Message.AppendEntriesRequest ae(Message m) {
    return (Message.AppendEntriesRequest) m;
  }

  @Test
  @DisplayName("§5.2: a candidate that receives votes from a majority becomes leader and tells the others")
  void s5_2_majorityOfVotesElectsALeader() {
    c = TestCluster.of(5);
    c.timeout("s1");
    assertEquals(Role.PreCandidate, c.node("s1").role());
    assertEquals(0, c.node("s1").currentTerm(), "D§9.6: a pre-vote does not change the term");
    c.deliverAll();
    assertEquals(Role.Leader, c.node("s1").role());
    assertEquals(1, c.node("s1").currentTerm());
    for (String s : List.of("s2", "s3", "s4", "s5")) {
      assertEquals(Role.Follower, c.node(s).role());
      assertEquals("s1", c.node(s).leaderId());
      assertEquals(1, c.node(s).currentTerm());
    }
  }

  @Test
  @DisplayName("§5.2: each server votes for at most one candidate in a term, first come first served")
  void s5_2_atMostOneVotePerTerm() {
    c = TestCluster.of(3);
    RaftNode s3 = c.node("s3");
    s3.receive(new Message.RequestVoteRequest(1, "s1", "s3", 0, 0));
    s3.receive(new Message.RequestVoteRequest(1, "s2", "s3", 0, 0));
    s3.receive(new Message.RequestVoteRequest(1, "s1", "s3", 0, 0));
    Ready r = s3.ready();
    List<Boolean> granted = r.messages().stream().map(m -> ((Message.RequestVoteResponse) m).voteGranted()).toList();
    assertEquals(List.of(true, false, true), granted, "s1 first, s2 refused, s1 again (a retransmission)");
    assertEquals("s1", r.hardState().votedFor());
    c = null;
  }

  @Test
  @DisplayName("§5.2: at most one leader per term, even when two candidates split the vote")
  void s5_2_splitVoteElectsNoSecondLeader() {
    c = TestCluster.of(4);
    c.timeout("s1");
    c.timeout("s2");
    c.deliverAll();
    Set<Long> leaderTerms = new HashSet<>();
    for (RaftNode n : c.nodes.values()) {
      if (n.role() == Role.Leader) {
        assertTrue(leaderTerms.add(n.currentTerm()), "two leaders in term " + n.currentTerm());
      }
    }
  }

  @Test
  @DisplayName("§5.2: election timeouts are randomized (from the injected seed) in [T, 2T)")
  void s5_2_randomizedElectionTimeouts() {
    Set<Integer> ticksToTimeout = new HashSet<>();
    for (long seed = 1; seed <= 20; seed++) {
      RaftNode n = RaftNode.create("s1", List.of("s1", "s2", "s3"), List.of("s1", "s2", "s3"),
          RaftOptions.DEFAULT, new java.util.SplittableRandom(seed));
      int t = 0;
      while (n.role() == Role.Follower) {
        n.tick();
        t++;
      }
      assertTrue(t >= 10 && t < 20, "timeout " + t);
      ticksToTimeout.add(t);
      RaftNode again = RaftNode.create("s1", List.of("s1", "s2", "s3"), List.of("s1", "s2", "s3"),
          RaftOptions.DEFAULT, new java.util.SplittableRandom(seed));
      int t2 = 0;
      while (again.role() == Role.Follower) {
        again.tick();
        t2++;
      }
      assertEquals(t, t2, "same seed, same timeout");
    }
    assertTrue(ticksToTimeout.size() > 3, "timeouts vary: " + ticksToTimeout);
  }

  @Test
  @DisplayName("D§9.6 PreVote: a partitioned server does not raise its term while it cannot win")
  void d9_6_preVoteKeepsAPartitionedServerFromDisruptingTheCluster() {
    c = TestCluster.of(3);
    c.elect("s1");
    long term = c.node("s1").currentTerm();
    c.tick("s3", 100);
    c.drop(m -> true);
    assertEquals(term, c.node("s3").currentTerm(), "s3 pre-voted only: its term did not grow");
    c.timeout("s3");
    c.deliverAll();
    assertEquals(Role.Leader, c.node("s1").role(), "s2 is in its leader lease: it refuses s3's pre-vote");
    assertEquals(term, c.node("s1").currentTerm());
  }

  @Test
  @DisplayName("D§6.2 CheckQuorum: a leader that cannot hear from a majority steps down")
  void d6_2_checkQuorumStepsDownAnIsolatedLeader() {
    c = TestCluster.of(3);
    c.elect("s1");
    for (int i = 0; i < 25; i++) {
      c.tick("s1", 1);
      c.drop(m -> true);
    }
    assertEquals(Role.Follower, c.node("s1").role());
    assertTrue(c.trace.stream().anyMatch(e -> e.action() == Action.CheckQuorum));
  }

  @Test
  @DisplayName("§5.3 Log Matching: a follower deletes a conflicting entry and all that follow it, and only those")
  void s5_3_conflictingEntriesAreReplaced() {
    c = TestCluster.of(3);
    c.elect("s1");
    // s1 appends two entries that only it holds, then is deposed.
    c.propose("s1", "lost1");
    c.propose("s1", "lost2");
    c.drop(m -> true);
    c.restart("s2");
    c.restart("s3");
    c.electAmong("s2", List.of("s2", "s3"));
    c.propose("s2", "kept");
    c.deliverAllExcept(TestCluster.touching("s1"));
    c.restart("s1");
    c.tick("s2", 1);
    c.deliverAll();
    NodeState s1 = c.node("s1").nodeState();
    NodeState s2 = c.node("s2").nodeState();
    assertEquals(s2.log(), s1.log(), "s1's uncommitted entries were replaced by the leader's");
    assertFalse(s1.log().stream().anyMatch(e -> "lost1".equals(e.value())));
    // A duplicated, older AppendEntries must not truncate entries that match (Figure 2 rule 3).
    Message.AppendEntriesRequest old = new Message.AppendEntriesRequest(s2.currentTerm(), "s2", "s1", 1,
        s2.log().get(0).term(), List.of(), 1);
    c.node("s1").receive(old);
    c.process("s1");
    assertEquals(s2.log(), c.node("s1").nodeState().log());
  }

  @Test
  @DisplayName("§5.3 + etcd fast backtracking: a follower far behind with a divergent log is repaired in a few round trips")
  void s5_3_fastBacktracking() {
    c = new TestCluster(List.of("s1", "s2", "s3"), List.of("s1", "s2", "s3"),
        RaftOptions.DEFAULT.withFlowControl(4, 1 << 20, 100));
    c.elect("s1");
    c.deliverAll();
    for (int i = 0; i < 30; i++) {
      c.propose("s1", "old" + i); // 30 entries only s1 holds
    }
    c.drop(m -> true);
    c.restart("s2");
    c.restart("s3");
    c.electAmong("s2", List.of("s2", "s3"));
    for (int i = 0; i < 5; i++) {
      c.propose("s2", "new" + i);
    }
    c.deliverAllExcept(TestCluster.touching("s1"));
    c.restart("s1");
    c.tick("s2", 1);
    int rejects = 0;
    for (int i = 0; i < 1000 && !c.network.isEmpty(); i++) {
      Message m = c.network.get(0);
      if (m instanceof Message.AppendEntriesResponse r && !r.success()) {
        rejects++;
      }
      c.deliver(m);
    }
    assertEquals(c.node("s2").nodeState().log(), c.node("s1").nodeState().log());
    assertTrue(rejects <= 2, "one hint skips the whole divergent term: " + rejects + " rejects");
  }

  @Test
  @DisplayName("§5.4.1 election restriction: a candidate whose log is less up to date gets no vote")
  void s5_4_1_electionRestriction() {
    c = TestCluster.of(3);
    c.elect("s1");
    c.deliverAll();
    c.propose("s1", "x");
    c.deliverAllExcept(TestCluster.touching("s3")); // x committed on s1, s2; s3 lags
    assertEquals(2, c.node("s1").commitIndex());
    c.drop(m -> true);
    c.restart("s2");
    c.restart("s3");
    // s1 is gone; s3 (shorter log) cannot win s2's vote, however often it tries.
    for (int i = 0; i < 3; i++) {
      c.timeout("s3");
      c.deliverAllExcept(TestCluster.touching("s1"));
      assertNotEquals(Role.Leader, c.node("s3").role());
    }
    c.electAmong("s2", List.of("s2", "s3"));
    assertEquals(Role.Leader, c.node("s2").role());
  }

  @Test
  @DisplayName("§5.4.2 / Figure 8: a leader does not commit an old-term entry by counting replicas")
  void s5_4_2_figure8() {
    List<String> five = List.of("s1", "s2", "s3", "s4", "s5");
    c = new TestCluster(five, five, RaftOptions.DEFAULT.withFlowControl(4, 1 << 20, 1));
    // (a) s1 leads term 1 and replicates its entry at index 2 to s2 only.
    c.elect("s1");
    c.deliverAll();
    c.propose("s1", "x");
    c.deliverAllExcept(m -> !(m.source().equals("s2") || m.dest().equals("s2")));
    assertEquals(1, c.node("s1").commitIndex());
    // (b) s1 crashes; s5 wins term 2 with s3, s4 and appends its own entry at index 2, which nobody receives.
    c.drop(m -> true);
    c.restart("s3");
    c.restart("s4");
    c.electByVotesOnly("s5", List.of("s3", "s4", "s5"));
    c.drop(m -> true);
    assertEquals(2, c.node("s5").lastIndex());
    // (c) s5 crashes; s1 restarts and wins term 3 with s2, s3; it replicates index 2 (term 1) to s3.
    c.restart("s1");
    c.restart("s2");
    c.restart("s3");
    c.electByVotesOnly("s1", List.of("s1", "s2", "s3"));
    long term = c.node("s1").currentTerm();
    for (int i = 0; i < 1000; i++) {
      Long m3 = c.node("s1").nodeState().matchIndex().get("s3");
      if (m3 != null && m3 >= 2) {
        break;
      }
      c.deliverFirst(m -> !m.source().equals("s4") && !m.dest().equals("s4")
          && !m.source().equals("s5") && !m.dest().equals("s5"));
    }
    NodeState s1 = c.node("s1").nodeState();
    assertEquals(2, s1.matchIndex().get("s3"));
    assertTrue(s1.matchIndex().get("s2") >= 2);
    assertEquals(1, s1.entry(2).term());
    assertEquals(1, s1.commitIndex(), "index 2 is on a majority (s1, s2, s3) but of term 1 < " + term
        + ": not committed (Figure 8 c)");
    // (e) once the term-3 entry is on a majority, both commit.
    c.deliverAllExcept(m -> m.source().equals("s4") || m.dest().equals("s4") || m.source().equals("s5")
        || m.dest().equals("s5"));
    assertEquals(3, c.node("s1").commitIndex());
    assertEquals(term, c.node("s1").nodeState().entry(3).term());
  }

  @Test
  @DisplayName("§5.4.3 State Machine Safety: every server applies the same entries in the same order")
  void s5_4_3_allServersApplyTheSameSequence() {
    c = TestCluster.of(3);
    c.elect("s1");
    for (int i = 0; i < 5; i++) {
      c.propose("s1", "v" + i);
      c.deliverAll();
    }
    c.tick("s1", 1);
    c.deliverAll();
    assertEquals(List.of("v0", "v1", "v2", "v3", "v4"), c.appliedValues("s1"));
    assertEquals(c.appliedValues("s1"), c.appliedValues("s2"));
    assertEquals(c.appliedValues("s1"), c.appliedValues("s3"));
  }

  @Test
  @DisplayName("§5.1 / Figure 2: persistent state survives a crash; volatile state is reset")
  void s5_1_restartKeepsPersistentState() {
    c = TestCluster.of(3);
    c.elect("s1");
    c.propose("s1", "x");
    c.deliverAll();
    NodeState before = c.node("s1").nodeState();
    c.restart("s1");
    NodeState after = c.node("s1").nodeState();
    assertEquals(before.currentTerm(), after.currentTerm());
    assertEquals(before.votedFor(), after.votedFor());
    assertEquals(before.log(), after.log());
    assertEquals(before.commitIndex(), after.commitIndex());
    assertEquals(Role.Follower, after.state());
    assertEquals(Action.Restart, c.trace.get(c.trace.size() - 1).action());
    assertEquals(List.of("x"), c.appliedValues("s1"), "committed entries are re-applied after a restart");
  }

  @Test
  @DisplayName("§7: a follower that lags behind a compacted log is brought up to date by InstallSnapshot")
  void s7_installSnapshot() {
    c = TestCluster.of(3);
    c.elect("s1");
    c.deliverAll();
    for (int i = 0; i < 4; i++) {
      c.propose("s1", "v" + i);
      c.deliverAllExcept(TestCluster.touching("s3"));
    }
    assertEquals(5, c.node("s1").commitIndex());
    assertTrue(c.node("s1").takeSnapshot(5, new byte[] {42}).isAccepted());
    c.process("s1");
    assertEquals(5, c.node("s1").nodeState().snapshotIndex());
    c.restart("s3");
    c.tick("s1", 1);
    c.deliverAll();
    NodeState s3 = c.node("s3").nodeState();
    assertEquals(5, s3.snapshotIndex());
    assertEquals(5, s3.commitIndex());
    assertTrue(c.trace.stream().anyMatch(e -> e.action() == Action.SendSnapshot));
    assertTrue(c.trace.stream().anyMatch(e -> e.action() == Action.HandleInstallSnapshotRequest
        && e.node().equals("s3")));
    c.propose("s1", "after");
    c.deliverAll();
    c.tick("s1", 1);
    c.deliverAll();
    assertEquals(6, c.node("s3").commitIndex());
  }

  @Test
  @DisplayName("D§4.1: single-server changes take effect when appended; one at a time; only after a current-term commit")
  void d4_1_membershipChanges() {
    List<String> all = List.of("s1", "s2", "s3", "s4");
    c = new TestCluster(all, List.of("s1", "s2", "s3"), RaftOptions.DEFAULT);
    c.timeout("s1");
    c.deliverFirst(m -> m instanceof Message.PreVoteRequest);
    c.deliverAll();
    assertEquals(Role.Leader, c.node("s1").role());
    Outcome add = c.node("s1").addServer("s4");
    c.process("s1");
    assertTrue(add.isAccepted(), add.toString());
    assertEquals(List.of("s1", "s2", "s3", "s4"), c.node("s1").voters(), "in effect as soon as appended");
    assertEquals(Refusal.CONFIG_CHANGE_PENDING, c.node("s1").removeServer("s2").refusal());
    c.deliverAll();
    c.tick("s1", 1);
    c.deliverAll();
    assertEquals(List.of("s1", "s2", "s3", "s4"), c.node("s4").voters());
    assertTrue(c.node("s1").removeServer("s1").isAccepted(), "a leader may remove itself");
    c.process("s1");
    c.deliverAll();
    assertEquals(Role.Follower, c.node("s1").role(), "D§4.2.2: it steps down once the change is committed");
    assertEquals(List.of("s2", "s3", "s4"), c.node("s2").voters());
  }

  @Test
  @DisplayName("D§4.1 (raft-dev 2015): no membership change before an entry of the leader's term is committed")
  void d4_1_noChangeBeforeCurrentTermCommit() {
    c = TestCluster.of(3);
    c.timeout("s1");
    c.deliverFirst(m -> m instanceof Message.PreVoteRequest);
    c.deliverFirst(m -> m instanceof Message.PreVoteResponse);
    c.deliverFirst(m -> m instanceof Message.RequestVoteRequest);
    c.deliverFirst(m -> m instanceof Message.RequestVoteResponse);
    assertEquals(Role.Leader, c.node("s1").role());
    assertEquals(Refusal.NO_CURRENT_TERM_COMMIT, c.node("s1").removeServer("s3").refusal());
    assertEquals(Refusal.NO_CURRENT_TERM_COMMIT, c.node("s1").readIndex(1).refusal());
    c = null;
  }

  @Test
  @DisplayName("D§3.10: leadership transfer — TimeoutNow makes the caught-up target leader; proposals refused meanwhile")
  void d3_10_leadershipTransfer() {
    c = TestCluster.of(3);
    c.elect("s1");
    c.deliverAll();
    c.propose("s1", "x");
    Outcome o = c.node("s1").transferLeadership("s2");
    c.process("s1");
    assertTrue(o.isAccepted());
    assertEquals(Refusal.TRANSFERRING_LEADERSHIP, c.node("s1").propose("y").refusal());
    c.deliverAll();
    assertEquals(Role.Leader, c.node("s2").role());
    assertEquals(Role.Follower, c.node("s1").role());
    assertTrue(c.trace.stream().anyMatch(e -> e.action() == Action.TransferLeadership));
    assertTrue(c.trace.stream().anyMatch(e -> e.action() == Action.HandleTimeoutNow && e.node().equals("s2")));
  }

  @Test
  @DisplayName("D§6.4 ReadIndex: a read is answered at the commit index once a quorum confirms leadership")
  void d6_4_readIndex() {
    c = TestCluster.of(3);
    c.elect("s1");
    c.deliverAll();
    c.propose("s1", "x");
    c.deliverAll();
    Outcome o = c.node("s1").readIndex(99);
    c.process("s1");
    assertTrue(o.isAccepted());
    assertTrue(c.reads.get("s1").isEmpty(), "not before a quorum acknowledges");
    c.deliverAll();
    assertEquals(List.of(new ReadState(o.id(), 2, 99)), c.reads.get("s1"));
  }

  @Test
  @DisplayName("Flow control: proposals over the uncommitted-bytes cap are refused, not stepped")
  void flowControlRefusesOverTheCap() {
    c = new TestCluster(List.of("s1", "s2", "s3"), List.of("s1", "s2", "s3"),
        RaftOptions.DEFAULT.withFlowControl(2, 20, 64));
    c.elect("s1");
    c.deliverAll();
    int before = c.trace.size();
    assertTrue(c.propose("s1", "0123456789").isAccepted());
    Outcome refused = c.propose("s1", "0123456789");
    assertEquals(Refusal.UNCOMMITTED_BYTES_LIMIT, refused.refusal());
    assertEquals(1, c.trace.subList(before, c.trace.size()).stream()
        .filter(e -> e.action() == Action.ClientRequest).count(), "the refusal is not a step");
    c.deliverAll();
    assertTrue(c.propose("s1", "0123456789").isAccepted(), "accepted again once committed");
  }
}
