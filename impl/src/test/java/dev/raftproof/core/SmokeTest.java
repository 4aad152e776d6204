package dev.raftproof.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class SmokeTest {
  @Test
  void threeServersElectReplicateAndCommit() {
    TestCluster c = TestCluster.of(3);
    c.elect("s1");
    assertEquals(Role.Leader, c.node("s1").role());
    assertTrue(c.propose("s1", "x").isAccepted());
    c.deliverAll();
    c.tick("s1", 1);
    c.deliverAll();
    for (String s : List.of("s1", "s2", "s3")) {
      assertEquals(List.of("x"), c.appliedValues(s), s);
      assertEquals(2, c.node(s).commitIndex(), s);
    }
  }

  @Test
  void singleServerCommitsAlone() {
    TestCluster c = new TestCluster(List.of("s1"), List.of("s1"), RaftOptions.DEFAULT);
    c.elect("s1");
    c.propose("s1", "a");
    assertEquals(List.of("a"), c.appliedValues("s1"));
  }

  @Test
  void tracingIsOffByDefaultAndThenNoEventIsBuilt() {
    assertEquals(false, RaftOptions.DEFAULT.tracing());
    List<String> ids = List.of("s1", "s2", "s3");
    RaftNode n = RaftNode.create("s1", ids, ids, RaftOptions.DEFAULT, new java.util.SplittableRandom(1));
    int messages = 0;
    for (int i = 0; i < 40; i++) {
      n.tick();
      Ready r = n.ready();
      assertTrue(r.events().isEmpty(), "no event objects when tracing is off");
      messages += r.messages().size();
    }
    assertTrue(messages > 0, "the node did act (pre-votes)");
    assertEquals(VectorClock.EMPTY, n.clock(), "no clock bookkeeping when off");
  }
}
