package dev.raftproof.storage;

import static org.junit.jupiter.api.Assertions.*;

import dev.raftproof.core.MemoryStorage;
import dev.raftproof.core.PersistentState;
import dev.raftproof.core.RaftNode;
import dev.raftproof.core.RaftOptions;
import dev.raftproof.core.Ready;
import dev.raftproof.core.Role;
import dev.raftproof.core.VectorClock;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A real RaftNode driven over DiskStorage (as the README's driver loop), restarted from disk twice. */
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class RaftNodeOnDiskTest {
  @TempDir Path tmp;
  static final List<String> ONE = List.of("s1");

  @Test
  void aSingleNodeClusterRestartsFromDiskWithItsLogSnapshotAndTerm() throws Exception {
    Path dir = tmp.resolve("s1");
    MemoryStorage mem = new MemoryStorage();
    List<String> log = new ArrayList<>();
    StorageOptions opts = StorageTestSupport.quiet(log).withSegmentBytes(1024);
    long lastTerm = 0;
    for (int life = 0; life < 3; life++) {
      try (DiskStorage disk = DiskStorage.open(dir, opts)) {
        PersistentState ps = disk.recovered();
        assertEquals(mem.state(), ps, "life " + life);
        RaftNode n = life == 0
            ? RaftNode.create("s1", ONE, ONE, RaftOptions.DEFAULT, new SplittableRandom(life))
            : RaftNode.restart("s1", ONE, ONE, ps, RaftOptions.DEFAULT, new SplittableRandom(life), VectorClock.EMPTY);
        for (int t = 0; t < 200 && n.role() != Role.Leader; t++) {
          n.tick();
          drain(n, disk, mem);
        }
        assertEquals(Role.Leader, n.role());
        assertTrue(n.currentTerm() > lastTerm, "a restarted node never reuses a term");
        lastTerm = n.currentTerm();
        for (int i = 0; i < 60; i++) {
          assertTrue(n.propose("life" + life + "-" + i).isAccepted());
          drain(n, disk, mem);
          if (i % 25 == 24) {
            assertTrue(n.takeSnapshot(n.commitIndex(), ("applied " + n.commitIndex()).getBytes()).isAccepted());
            drain(n, disk, mem);
          }
        }
        assertEquals(mem.state(), disk.state());
      }
    }
    try (DiskStorage disk = DiskStorage.open(dir, opts)) {
      assertEquals(mem.state(), disk.recovered());
      assertNotNull(disk.recovered().snapshot());
    }
    assertEquals(List.of(), log);
  }

  private static void drain(RaftNode n, DiskStorage disk, MemoryStorage mem) throws Exception {
    while (n.hasReady()) {
      Ready r = n.ready();
      disk.persist(r); // persist before send; a single node sends nothing
      mem.persist(r);
    }
  }
}
