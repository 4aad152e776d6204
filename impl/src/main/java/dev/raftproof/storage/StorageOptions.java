package dev.raftproof.storage;

import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * Settings and test hooks of a {@link DiskStorage}.
 *
 * @param segmentBytes a segment is closed and a new one started once it holds at least this many bytes (checked
 *     between steps: one step never spans two segments)
 * @param fsyncHook called just before every {@code FileChannel.force} and directory fsync, with the file; tests
 *     count fsyncs with it (and may block in it to line writers up)
 * @param beforeSnapshotRename called after a snapshot's temporary file is written and fsynced, before its rename;
 *     a test throws from it to simulate a crash at that point
 * @param log receives the one-line reports of recovery (torn tail truncated, leftover files removed)
 */
public record StorageOptions(
    long segmentBytes, Consumer<Path> fsyncHook, Consumer<Path> beforeSnapshotRename, Consumer<String> log) {

  /** 64 MiB segments, no hooks, log lines to {@code System.Logger "dev.raftproof.storage"} at WARNING. */
  public static final StorageOptions DEFAULT = new StorageOptions(64L * 1024 * 1024, p -> {}, p -> {},
      line -> System.getLogger("dev.raftproof.storage").log(System.Logger.Level.WARNING, line));

  public StorageOptions {
    if (segmentBytes <= 0) {
      throw new IllegalArgumentException("segmentBytes must be positive: " + segmentBytes);
    }
  }

  public StorageOptions withSegmentBytes(long bytes) {
    return new StorageOptions(bytes, fsyncHook, beforeSnapshotRename, log);
  }

  public StorageOptions withFsyncHook(Consumer<Path> hook) {
    return new StorageOptions(segmentBytes, hook, beforeSnapshotRename, log);
  }

  public StorageOptions withBeforeSnapshotRename(Consumer<Path> hook) {
    return new StorageOptions(segmentBytes, fsyncHook, hook, log);
  }

  public StorageOptions withLog(Consumer<String> sink) {
    return new StorageOptions(segmentBytes, fsyncHook, beforeSnapshotRename, sink);
  }
}
