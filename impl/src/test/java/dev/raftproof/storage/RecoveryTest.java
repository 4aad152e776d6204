package dev.raftproof.storage;

import static dev.raftproof.storage.StorageTestSupport.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.raftproof.core.HardState;
import dev.raftproof.core.PersistentState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Torn tails are cut off (whole steps only); any other damage refuses to start, naming file and offset. */
@Timeout(value = 120, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class RecoveryTest {
  @TempDir Path tmp;
  final List<String> log = new ArrayList<>();

  static final int STEPS = 6;

  /** Writes STEPS one-record steps; returns the segment's size after each step (index 0 = header only). */
  long[] writeSteps(Path d) throws IOException {
    long[] ends = new long[STEPS + 1];
    try (DiskStorage s = DiskStorage.open(d, quiet(log))) {
      Path seg = s.segmentFiles().get(0);
      ends[0] = Files.size(seg);
      for (int i = 1; i <= STEPS; i++) {
        s.persist(entries(i, values(1, "value number " + i)));
        ends[i] = Files.size(seg);
      }
    }
    return ends;
  }

  @Test
  void tornLastRecordIsTruncatedAtEveryCutOffset() throws IOException {
    Path d = tmp.resolve("orig");
    long[] ends = writeSteps(d);
    Path seg = files(d, "wal-*.log").get(0);
    byte[] full = Files.readAllBytes(seg);
    assertEquals(ends[STEPS], full.length);
    for (long cut = ends[STEPS - 1]; cut <= ends[STEPS]; cut++) {
      Path c = tmp.resolve("cut" + cut);
      Files.createDirectories(c);
      Path cs = c.resolve(seg.getFileName());
      Files.write(cs, Arrays.copyOf(full, (int) cut));
      log.clear();
      try (DiskStorage s = DiskStorage.open(c, quiet(log))) {
        int expected = cut == ends[STEPS] ? STEPS : STEPS - 1;
        assertEquals(expected, s.recovered().entries().size(), "cut at " + cut);
        assertEquals("value number " + expected, s.recovered().entries().get(expected - 1).value());
      }
      boolean torn = cut != ends[STEPS - 1] && cut != ends[STEPS];
      assertEquals(torn ? 1 : 0, log.size(), "cut at " + cut + ": " + log);
      if (torn) {
        assertTrue(log.get(0).contains("torn write") && log.get(0).contains(cs.toString())
            && log.get(0).contains("offset " + ends[STEPS - 1]), log.get(0));
        assertEquals(ends[STEPS - 1], Files.size(cs), "the torn bytes are cut off on disk");
      }
    }
  }

  @Test
  void zeroFilledTailIsATornWrite() throws IOException {
    Path d = tmp.resolve("d");
    long[] ends = writeSteps(d);
    Path seg = files(d, "wal-*.log").get(0);
    Files.write(seg, new byte[4096], java.nio.file.StandardOpenOption.APPEND);
    try (DiskStorage s = DiskStorage.open(d, quiet(log))) {
      assertEquals(STEPS, s.recovered().entries().size());
    }
    assertEquals(1, log.size());
    assertEquals(ends[STEPS], Files.size(seg));
  }

  @Test
  void aStepCutBetweenItsRecordsIsLostWhole() throws IOException {
    Path d = tmp.resolve("d");
    long afterFirst;
    try (DiskStorage s = DiskStorage.open(d, quiet(log))) {
      s.persist(ready(new HardState(1, "s1", 0), 1, values(1, "a")));
      s.persist(ready(new HardState(2, "s2", 1), 2, values(2, "b"))); // ENTRIES then HARD_STATE: one step
    }
    Path seg = files(d, "wal-*.log").get(0);
    byte[] full = Files.readAllBytes(seg);
    // the second step's HARD_STATE record is the file's last record: find where it starts
    int hsLen = WalFormat.frame(WalFormat.HARD_STATE, WalFormat.hardState(new HardState(2, "s2", 1)), true).length;
    afterFirst = full.length - hsLen;
    Files.write(seg, Arrays.copyOf(full, (int) afterFirst));
    try (DiskStorage s = DiskStorage.open(d, quiet(log))) {
      assertEquals(new PersistentState(new HardState(1, "s1", 0), null, values(1, "a")), s.recovered());
    }
    assertEquals(1, log.size());
    assertTrue(log.get(0).contains("END_OF_STEP"), log.get(0));
  }

  @Test
  void aFlippedByteBeforeTheEndRefusesToStartNamingFileAndOffset() throws IOException {
    Path d = tmp.resolve("orig");
    long[] ends = writeSteps(d);
    Path seg = files(d, "wal-*.log").get(0);
    byte[] full = Files.readAllBytes(seg);
    for (long at = ends[2]; at < ends[3]; at++) { // every byte of the third record
      Path c = tmp.resolve("flip" + at);
      Files.createDirectories(c);
      Path cs = c.resolve(seg.getFileName());
      byte[] b = full.clone();
      b[(int) at] ^= 0x01;
      Files.write(cs, b);
      CorruptStorageException e = assertThrows(CorruptStorageException.class, () -> DiskStorage.open(c, quiet(log)),
          "flip at " + at);
      assertEquals(cs, e.file());
      assertEquals(ends[2], e.offset(), "flip at " + at + ": " + e.getMessage());
      assertTrue(e.getMessage().startsWith("refusing to start: storage is corrupt in " + cs + " at byte offset "
          + ends[2] + ": "), e.getMessage());
      assertArrayEquals(b, Files.readAllBytes(cs), "a refused directory is left untouched");
    }
    assertEquals(List.of(), log);
  }

  @Test
  void damageAtTheEndOfAnOlderSegmentIsNotATornWrite() throws IOException {
    Path d = tmp.resolve("d");
    writeSteps(d);
    try (DiskStorage s = DiskStorage.open(d, quiet(log))) { // a second segment
      s.persist(entries(STEPS + 1, values(1, "later")));
    }
    List<Path> segs = files(d, "wal-*.log");
    assertEquals(2, segs.size());
    byte[] first = Files.readAllBytes(segs.get(0));
    Files.write(segs.get(0), Arrays.copyOf(first, first.length - 3));
    CorruptStorageException e = assertThrows(CorruptStorageException.class, () -> DiskStorage.open(d, quiet(log)));
    assertEquals(segs.get(0), e.file());
    assertTrue(e.getMessage().contains("not the last segment"), e.getMessage());
  }

  @Test
  void aMissingSegmentOrSnapshotRefusesToStart() throws IOException {
    Path d = tmp.resolve("d");
    try (DiskStorage s = DiskStorage.open(d, quiet(log))) {
      s.persist(entries(1, values(1, "a", "b")));
      s.persist(snapshotTaken(new dev.raftproof.core.Snapshot(1, 1, List.of("s1"), new byte[] {1})));
    }
    for (int i = 0; i < 2; i++) {
      try (DiskStorage s = DiskStorage.open(d, quiet(log))) {
        s.persist(entries(s.lastIndex() + 1, values(1, "more" + i)));
      }
    }
    List<Path> segs = files(d, "wal-*.log");
    assertEquals(3, segs.size());
    Path snap = files(d, "snapshot-*.snap").get(0);
    Path moved = tmp.resolve("aside.snap");
    Files.move(snap, moved);
    CorruptStorageException e = assertThrows(CorruptStorageException.class, () -> DiskStorage.open(d, quiet(log)));
    assertEquals(snap, e.file());
    assertTrue(e.getMessage().contains("is missing"), e.getMessage());
    Files.move(moved, snap);
    Files.delete(segs.get(1));
    e = assertThrows(CorruptStorageException.class, () -> DiskStorage.open(d, quiet(log)));
    assertTrue(e.getMessage().contains("segment 2 is missing"), e.getMessage());
  }

  @Test
  void aDamagedSnapshotFileRefusesToStart() throws IOException {
    Path d = tmp.resolve("d");
    try (DiskStorage s = DiskStorage.open(d, quiet(log))) {
      s.persist(entries(1, values(1, "a", "b", "c")));
      s.persist(snapshotTaken(new dev.raftproof.core.Snapshot(2, 1, List.of("s1"), "state".getBytes())));
    }
    Path snap = files(d, "snapshot-*.snap").get(0);
    byte[] b = Files.readAllBytes(snap);
    b[b.length - 2] ^= 0x40;
    Files.write(snap, b);
    CorruptStorageException e = assertThrows(CorruptStorageException.class, () -> DiskStorage.open(d, quiet(log)));
    assertEquals(snap, e.file());
    assertTrue(e.getMessage().contains("checksum"), e.getMessage());
  }
}
