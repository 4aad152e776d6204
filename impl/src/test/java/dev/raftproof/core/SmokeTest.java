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
}
