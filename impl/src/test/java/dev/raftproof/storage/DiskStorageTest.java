package dev.raftproof.storage;

import static dev.raftproof.storage.StorageTestSupport.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.raftproof.core.Entry;
import dev.raftproof.core.HardState;
import dev.raftproof.core.MemoryStorage;
import dev.raftproof.core.PersistentState;
import dev.raftproof.core.Ready;
import dev.raftproof.core.Snapshot;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class DiskStorageTest {
  @TempDir Path tmp;
  final List<String> log = new ArrayList<>();

  @Test
  void emptyDirectoryOpensEmpty() throws IOException {
    try (DiskStorage s = DiskStorage.open(tmp.resolve("d"), quiet(log))) {
      assertEquals(PersistentState.EMPTY, s.recovered());
    }
    try (DiskStorage s = DiskStorage.open(tmp.resolve("d"), quiet(log))) {
      assertEquals(PersistentState.EMPTY, s.recovered());
    }
    assertEquals(List.of(), log);
  }

  @Test
  void roundTripHardStateEntriesAndConflictTruncation() throws IOException {
    Path d = tmp.resolve("d");
    MemoryStorage mem = new MemoryStorage();
    List<Ready> steps = List.of(
        ready(new HardState(1, "s1", 0), 1, values(1, "a", "b", "c")),
        ready(new HardState(2, null, 1), 4, List.of(Entry.noop(2), Entry.config(2, List.of("s1", "s2")))),
        // a conflicting suffix from index 3 is replaced (TRUNCATE record, then ENTRIES)
        ready(new HardState(3, "s2", 2), 3, values(3, "x", "y")),
        hardState(new HardState(3, "s2", 4)));
    try (DiskStorage s = DiskStorage.open(d, quiet(log))) {
      for (Ready r : steps) {
        s.persist(r);
        mem.persist(r);
        assertEquals(mem.state(), s.state());
      }
    }
    try (DiskStorage s = DiskStorage.open(d, quiet(log))) {
      assertEquals(mem.state(), s.recovered());
      assertEquals(List.of("1:a", "1:b", "3:x", "3:y"), s.recovered().entries().stream().map(Entry::toString).toList());
    }
    assertEquals(List.of(), log, "a clean shutdown leaves nothing to repair");
  }

  @Test
  void entriesThatDoNotFitAreRefusedBeforeAnythingIsWritten() throws IOException {
    try (DiskStorage s = DiskStorage.open(tmp.resolve("d"), quiet(log))) {
      s.persist(entries(1, values(1, "a")));
      assertThrows(IllegalArgumentException.class, () -> s.persistAsync(entries(3, values(1, "gap"))));
      assertEquals(1, s.lastIndex());
    }
  }

  /**
   * Differential test against MemoryStorage: random appends, conflicting truncations, hard states, snapshots taken
   * and installed, with tiny segments (rolling and compaction), reopening now and then.
   */
  @Test
  void randomStepsMatchMemoryStorageAcrossRestarts() throws IOException {
    for (long seed = 1; seed <= 8; seed++) {
      SplittableRandom rnd = new SplittableRandom(seed);
      Path d = tmp.resolve("seed" + seed);
      MemoryStorage mem = new MemoryStorage();
      StorageOptions opts = quiet(log).withSegmentBytes(300 + rnd.nextInt(2000));
      DiskStorage s = DiskStorage.open(d, opts);
      long term = 1;
      try {
        for (int step = 0; step < 300; step++) {
          PersistentState st = mem.state();
          long snap = st.snapshot() == null ? 0 : st.snapshot().index();
          long last = snap + st.entries().size();
          int op = rnd.nextInt(20);
          Ready r;
          if (op == 0 && last > snap) {
            long k = snap + 1 + rnd.nextInt((int) (last - snap));
            r = snapshotTaken(new Snapshot(k, term, List.of("s1"), ("state@" + k).getBytes()));
          } else if (op == 1) {
            long k = last + rnd.nextInt(5);
            term++;
            r = snapshotInstalled(new Snapshot(k, term, List.of("s1", "s2"), ("installed@" + k).getBytes()),
                new HardState(term, null, k));
          } else {
            long from = last + 1;
            if (rnd.nextInt(4) == 0 && last > snap) {
              from = snap + 1 + rnd.nextInt((int) (last - snap)); // conflict: replace a suffix
              term++;
            }
            List<Entry> es = new ArrayList<>();
            for (int i = rnd.nextInt(4); i >= 0; i--) {
              es.add(Entry.value(term, "v" + seed + "-" + step + "-" + i));
            }
            HardState hs = rnd.nextBoolean() ? new HardState(term, rnd.nextBoolean() ? "s1" : null, from - 1) : null;
            r = new Ready(List.of(), hs, from, es, null, null, 1, List.of(), List.of(), List.of());
          }
          mem.persist(r);
          CompletableFuture<Void> f = s.persistAsync(r);
          if (rnd.nextInt(3) == 0) {
            f.join();
          }
          if (rnd.nextInt(40) == 0) {
            s.close();
            s = DiskStorage.open(d, opts);
            assertEquals(mem.state(), s.recovered(), "seed " + seed + " step " + step);
          }
        }
      } finally {
        s.close();
      }
      try (DiskStorage again = DiskStorage.open(d, opts)) {
        assertEquals(mem.state(), again.recovered(), "seed " + seed);
      }
    }
  }

  @Test
  void compactionRemovesSegmentsAndSnapshotsCoveredByADurableSnapshot() throws IOException {
    Path d = tmp.resolve("d");
    StorageOptions opts = quiet(log).withSegmentBytes(512);
    MemoryStorage mem = new MemoryStorage();
    try (DiskStorage s = DiskStorage.open(d, opts)) {
      for (int i = 1; i <= 200; i++) {
        Ready r = ready(new HardState(1, "s1", i - 1), i, values(1, "value-" + i));
        s.persistAsync(r);
        mem.persist(r);
      }
      s.persist(hardState(new HardState(1, "s1", 200)));
      mem.persist(hardState(new HardState(1, "s1", 200)));
      int before = files(d, "wal-*.log").size();
      assertTrue(before > 10, "tiny segments roll: " + before);

      Ready snap1 = snapshotTaken(new Snapshot(100, 1, List.of("s1"), "first".getBytes()));
      s.persist(snap1);
      mem.persist(snap1);
      int afterFirst = files(d, "wal-*.log").size();
      assertTrue(afterFirst < before, before + " -> " + afterFirst);
      assertEquals(1, files(d, "snapshot-*.snap").size());

      Ready snap2 = snapshotTaken(new Snapshot(190, 1, List.of("s1"), "second".getBytes()));
      s.persist(snap2);
      mem.persist(snap2);
      List<Path> snaps = files(d, "snapshot-*.snap");
      assertEquals(List.of(d.resolve(SnapshotFiles.name(190, 1))), snaps, "the older snapshot file is removed");
      assertTrue(files(d, "wal-*.log").size() < afterFirst);
      assertEquals(mem.state(), s.state());
    }
    try (DiskStorage s = DiskStorage.open(d, opts)) {
      assertEquals(mem.state(), s.recovered());
      assertEquals(10, s.recovered().entries().size());
      assertEquals(190, s.recovered().snapshot().index());
    }
    assertEquals(List.of(), log);
  }

  @Test
  void crashBetweenSnapshotTempWriteAndRenameKeepsTheOldSnapshot() throws IOException {
    Path d = tmp.resolve("d");
    boolean[] crash = {false};
    StorageOptions opts = quiet(log).withBeforeSnapshotRename(p -> {
      if (crash[0]) {
        throw new IllegalStateException("simulated crash before renaming " + p);
      }
    });
    try (DiskStorage s = DiskStorage.open(d, opts)) {
      for (int i = 1; i <= 10; i++) {
        s.persist(entries(i, values(1, "v" + i)));
      }
      s.persist(snapshotTaken(new Snapshot(5, 1, List.of("s1"), "old".getBytes())));
      crash[0] = true;
      assertThrows(IllegalStateException.class,
          () -> s.persistAsync(snapshotTaken(new Snapshot(8, 1, List.of("s1"), "new".getBytes()))));
    }
    assertEquals(1, files(d, "*.tmp").size(), "the crash left the temporary file behind");
    try (DiskStorage s = DiskStorage.open(d, quiet(log))) {
      PersistentState st = s.recovered();
      assertEquals(5, st.snapshot().index());
      assertArrayEquals("old".getBytes(), st.snapshot().data());
      assertEquals(5, st.entries().size());
    }
    assertEquals(List.of(), files(d, "*.tmp"), "the leftover temporary file is removed");
    assertEquals(1, log.size(), log.toString());
    assertTrue(log.get(0).contains("leftover temporary file"), log.get(0));
  }

  @Test
  void aSnapshotFileThatNoDurableRecordReferencesIsIgnoredAndRemoved() throws IOException {
    Path d = tmp.resolve("d");
    try (DiskStorage s = DiskStorage.open(d, quiet(log))) {
      for (int i = 1; i <= 10; i++) {
        s.persist(entries(i, values(1, "v" + i)));
      }
      s.persist(snapshotTaken(new Snapshot(4, 1, List.of("s1"), "durable".getBytes())));
    }
    // A crash after the rename of a newer snapshot but before its log record was fsynced.
    SnapshotFiles.write(d, new Snapshot(9, 1, List.of("s1"), "orphan".getBytes()), StorageOptions.DEFAULT);
    Files.writeString(d.resolve(SnapshotFiles.name(12, 2) + ".tmp"), "garbage");
    try (DiskStorage s = DiskStorage.open(d, quiet(log))) {
      assertEquals(4, s.recovered().snapshot().index());
      assertEquals(6, s.recovered().entries().size());
    }
    assertEquals(List.of(d.resolve(SnapshotFiles.name(4, 1))), files(d, "snapshot-*"));
    assertEquals(2, log.size(), log.toString());
  }

  @Test
  void installedSnapshotReplacesTheWholeLog() throws IOException {
    Path d = tmp.resolve("d");
    MemoryStorage mem = new MemoryStorage();
    List<Ready> steps = List.of(
        ready(new HardState(1, null, 0), 1, values(1, "a", "b", "c", "d")),
        snapshotInstalled(new Snapshot(2, 3, List.of("s1", "s2", "s3"), "leader's".getBytes()),
            new HardState(3, null, 2)),
        entries(3, values(3, "z")));
    try (DiskStorage s = DiskStorage.open(d, quiet(log))) {
      for (Ready r : steps) {
        s.persist(r);
        mem.persist(r);
      }
    }
    try (DiskStorage s = DiskStorage.open(d, quiet(log))) {
      assertEquals(mem.state(), s.recovered());
      assertEquals(List.of(Entry.value(3, "z")), s.recovered().entries());
    }
  }

  @Test
  void aFailedDiskFailsThisAndEveryLaterStep() throws IOException {
    boolean[] fail = {false};
    StorageOptions opts = quiet(log).withFsyncHook(p -> {
      if (fail[0]) {
        throw new java.io.UncheckedIOException(new IOException("injected EIO"));
      }
    });
    // The hook throws unchecked; the writer must treat any failure of the fsync path as fatal.
    try (DiskStorage s = DiskStorage.open(tmp.resolve("d"), opts)) {
      s.persist(entries(1, values(1, "a")));
      fail[0] = true;
      CompletableFuture<Void> f = s.persistAsync(entries(2, values(1, "b")));
      assertThrows(Exception.class, f::join);
      fail[0] = false;
      assertThrows(Exception.class, () -> s.persistAsync(entries(3, values(1, "c"))).join());
    } catch (IOException expectedOnClose) {
      // close reports the failure too
    }
  }

  /** The order of the durable steps of a snapshot: temp file fsync, rename, directory fsync, then the log fsync. */
  @Test
  void snapshotFsyncOrder() throws IOException {
    Path d = tmp.resolve("d");
    List<String> events = new ArrayList<>();
    StorageOptions opts = quiet(log)
        .withFsyncHook(p -> events.add("fsync " + d.relativize(p)))
        .withBeforeSnapshotRename(p -> events.add("rename " + d.relativize(p)));
    try (DiskStorage s = DiskStorage.open(d, opts)) {
      s.persist(entries(1, values(1, "a", "b")));
      events.clear();
      s.persist(snapshotTaken(new Snapshot(2, 1, List.of("s1"), "x".getBytes())));
    }
    String snap = SnapshotFiles.name(2, 1);
    assertEquals(List.of("fsync " + snap + ".tmp", "rename " + snap + ".tmp", "fsync ",
        "fsync wal-00000000000000000001.log"), events);
  }
}
