package dev.raftproof.storage;

import dev.raftproof.core.Snapshot;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Snapshot files {@code snapshot-<index>-<term>.snap} (20-digit decimal numbers), each one framed
 * {@code SNAPSHOT_FILE} record. Written atomically: temporary file, fsync, rename (ATOMIC_MOVE), fsync of the
 * directory.
 */
// File names and byte offsets built from a snapshot's index and term.
@SuppressWarnings("raftnumber")
final class SnapshotFiles {
  private SnapshotFiles() {}

  static final String TMP_SUFFIX = ".tmp";
  private static final Pattern NAME = Pattern.compile("snapshot-(\\d{20})-(\\d{20})\\.snap");

  static String name(long index, long term) {
    return String.format("snapshot-%020d-%020d.snap", index, term);
  }

  /** The index in a snapshot file's name, or -1 if {@code fileName} is not one. */
  static long indexOf(String fileName) {
    Matcher m = NAME.matcher(fileName);
    if (!m.matches()) {
      return -1;
    }
    String digits = m.group(1);
    return digits == null ? -1 : Long.parseLong(digits);
  }

  /** Writes {@code s} durably and atomically; returns its final path. */
  static Path write(Path dir, Snapshot s, StorageOptions options) throws IOException {
    Path target = dir.resolve(name(s.index(), s.term()));
    Path tmp = dir.resolve(target.getFileName() + TMP_SUFFIX);
    byte[] bytes = WalFormat.frame(WalFormat.SNAPSHOT_FILE, WalFormat.snapshotFile(s), true);
    try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
        StandardOpenOption.WRITE)) {
      writeFully(ch, bytes);
      options.fsyncHook().accept(tmp);
      ch.force(true);
    }
    options.beforeSnapshotRename().accept(tmp);
    Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    fsyncDirectory(dir, options);
    return target;
  }

  /** Reads and checks a snapshot file. */
  static Snapshot read(Path file) throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    String problem = WalFormat.check(bytes, 0, bytes.length);
    if (problem != null) {
      throw new CorruptStorageException(file, 0, "snapshot file damaged: " + problem);
    }
    WalFormat.Frame f = WalFormat.read(bytes, 0);
    if (f.type() != WalFormat.SNAPSHOT_FILE || f.size() != bytes.length) {
      throw new CorruptStorageException(file, 0, "not a snapshot file (record type "
          + WalFormat.typeName(f.type()) + ", " + (bytes.length - f.size()) + " trailing bytes)");
    }
    try {
      return WalFormat.snapshotFile(new WalFormat.In(f.payload()));
    } catch (WalFormat.DecodeException e) {
      throw new CorruptStorageException(file, WalFormat.HEADER_BYTES, "snapshot does not decode: " + e.getMessage());
    }
  }

  static void writeFully(FileChannel ch, byte[] bytes) throws IOException {
    ByteBuffer b = ByteBuffer.wrap(bytes);
    while (b.hasRemaining()) {
      ch.write(b);
    }
  }

  /** fsync of a directory, so that a file created, renamed or removed in it survives a crash. */
  static void fsyncDirectory(Path dir, StorageOptions options) throws IOException {
    options.fsyncHook().accept(dir);
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    }
  }

}
