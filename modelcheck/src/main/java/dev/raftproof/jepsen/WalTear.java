package dev.raftproof.jepsen;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import java.util.zip.CRC32C;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * The torn-write fault on a killed node's write-ahead log (impl's storage README: records are {@code u32 length,
 * u8 type, u32 payloadCrc, u32 headerCrc, payload}). It appends to the last segment what a write interrupted by
 * the crash leaves behind: a cut header, a valid header with a short payload, or a zero-filled tail. Recovery must
 * cut it and log one line. It never cuts bytes of a record already in the file: those were fsynced before the node
 * acted on them (sent a vote, acknowledged an entry), and losing them would be a disk that lies, outside Raft's
 * fault model (stable storage) — the storage package's RecoveryTest cuts records at every offset at the unit level.
 */
final class WalTear {
  private WalTear() {}

  /** Appends a torn step to the last {@code wal-*.log} of {@code dataDir}; returns what it did, or null if none. */
  static @Nullable String tear(Path dataDir, Random rnd) throws IOException {
    Path last;
    try (Stream<Path> s = Files.list(dataDir)) {
      List<Path> wals = s.filter(p -> String.valueOf(p.getFileName()).matches("wal-\\d+\\.log")).sorted().toList();
      if (wals.isEmpty()) {
        return null;
      }
      last = wals.get(wals.size() - 1);
    }
    byte[] tail;
    String what;
    switch (rnd.nextInt(3)) {
      case 0 -> {
        tail = new byte[1 + rnd.nextInt(12)]; // a header cut short
        rnd.nextBytes(tail);
        what = "a header cut after " + tail.length + " bytes";
      }
      case 1 -> {
        int len = 64 + rnd.nextInt(448);
        int have = rnd.nextInt(len);
        ByteBuffer b = ByteBuffer.allocate(13 + have);
        b.putInt(len).put((byte) 0x85).putInt(rnd.nextInt());
        CRC32C crc = new CRC32C();
        crc.update(b.array(), 0, 9);
        b.putInt((int) crc.getValue());
        byte[] payload = new byte[have];
        rnd.nextBytes(payload);
        b.put(payload);
        tail = b.array();
        what = "a valid ENTRIES header for " + len + " payload bytes, then only " + have;
      }
      default -> {
        tail = new byte[1 + rnd.nextInt(4096)];
        what = tail.length + " zero bytes";
      }
    }
    long before = Files.size(last);
    Files.write(last, tail, StandardOpenOption.APPEND);
    return last.getFileName() + " at byte " + before + ": " + what;
  }
}
