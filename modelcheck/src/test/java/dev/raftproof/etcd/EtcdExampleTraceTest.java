package dev.raftproof.etcd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * etcd/raft's own example trace ({@code raft.shared}/corpus/etcd-raft/example.ndjson, outside the repository):
 * accepted with the modelled differences; the acceptance loop (heavy) finds each difference in turn.
 */
class EtcdExampleTraceTest {
  static Path example() {
    return Path.of(System.getProperty("raft.shared", "../shared")).resolve("corpus/etcd-raft/example.ndjson");
  }

  static void assumePresent() {
    Assumptions.assumeTrue(Files.isRegularFile(example()),
        example() + " (raft.shared/corpus/etcd-raft) not present: skipping the etcd/raft example trace");
  }

  @Test
  @Timeout(900)
  void acceptedWithTheModelledDifferences() {
    assumePresent();
    EtcdAuditTest.Run r = EtcdAuditTest.run("--format", "etcd-raft", example().toString());
    assertEquals(0, r.exit(), r.out() + r.err());
    assertTrue(r.out().contains("4888 events"), r.out());
    assertTrue(r.out().contains("PASS"), r.out());
  }

  @Test
  @Tag("heavy")
  @Timeout(3600)
  void acceptanceLoopFindsEachDifference() {
    assumePresent();
    EtcdAuditTest.Run r = EtcdAuditTest.run("--format", "etcd-raft", "--differences", example().toString());
    assertEquals(0, r.exit(), r.out() + r.err());
    for (String d : new String[] {"campaign-without-prevote", "heartbeat", "quorum-of-applied-config",
        "progress-of-added-server"}) {
      assertTrue(r.out().contains("difference: " + d), d + " in\n" + r.out());
    }
  }
}
