package dev.raftproof.storage;

import dev.raftproof.core.Entry;
import dev.raftproof.core.HardState;
import dev.raftproof.core.PersistentState;
import dev.raftproof.core.Ready;
import dev.raftproof.core.Snapshot;
import dev.raftproof.core.qual.LogIndex;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import org.checkerframework.checker.nullness.qual.MonotonicNonNull;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Durable storage of one Raft server on local disk: the disk counterpart of {@code MemoryStorage}. It carries out
 * step 1 of a {@link Ready} (snapshot, entries, hard state) with a write-ahead log and snapshot files, and on
 * {@link #open} yields the {@link PersistentState} the restarted node starts from.
 *
 * <p>{@link #persistAsync} encodes a Ready's records on the caller's thread and queues them; one writer thread
 * writes everything queued, calls {@code FileChannel.force} once (group commit), and only then completes the
 * futures of every Ready that fsync covered. The driver sends a Ready's messages only after its future completed
 * (persist before send). Futures complete in submission order. If a write or fsync fails, that Ready's future and
 * every later one fail, and the storage refuses further work: the server must stop and recover from disk.
 *
 * <p>On-disk format, fsync points and recovery rules: README.md in this package.
 */
// Index arithmetic and raw numbers for the log records; the public API keeps @LogIndex.
@SuppressWarnings("raftnumber")
public final class DiskStorage implements AutoCloseable {
  private final Path dir;
  private final StorageOptions options;
  private final PersistentState recovered;

  // ---- caller side (guarded by this) ----
  private final LogState state;
  private boolean closed;

  // ---- writer thread ----
  private final LinkedBlockingQueue<Item> queue = new LinkedBlockingQueue<>();
  private @MonotonicNonNull Thread writer;
  private final ArrayDeque<Recovery.Segment> closedSegments = new ArrayDeque<>();
  private FileChannel active;
  private Path activePath;
  private long activeSeq;
  private long activeSize;
  private long activeMaxEntry;
  private HardState writtenHardState;
  private long writtenSnapIndex;
  private long writtenSnapTerm;
  private volatile @Nullable IOException failure;

  private final AtomicLong fsyncs = new AtomicLong();
  private final AtomicLong steps = new AtomicLong();

  /** One queued step: its framed records and what the writer must know about them. */
  private static final class Item {
    final byte[] bytes;
    final CompletableFuture<@Nullable Void> done = new CompletableFuture<>();
    final @Nullable HardState hardState;
    final long snapIndex; // -1: no snapshot reference in this step
    final long snapTerm;
    final long maxEntryIndex;
    final boolean stop;

    Item(byte[] bytes, @Nullable HardState hardState, long snapIndex, long snapTerm, long maxEntryIndex,
        boolean stop) {
      this.bytes = bytes;
      this.hardState = hardState;
      this.snapIndex = snapIndex;
      this.snapTerm = snapTerm;
      this.maxEntryIndex = maxEntryIndex;
      this.stop = stop;
    }
  }

  private DiskStorage(Path dir, StorageOptions options, Recovery.Result r) throws IOException {
    this.dir = dir;
    this.options = options;
    this.state = r.state();
    this.recovered = state.toPersistentState();
    this.writtenHardState = state.hardState;
    this.writtenSnapIndex = state.snapshotIndex;
    this.writtenSnapTerm = state.snapshotTerm;
    closedSegments.addAll(r.segments());
    // Every run writes into a fresh segment that starts with the recovered hard state and snapshot reference.
    this.activeSeq = r.nextSeq();
    this.activePath = dir.resolve(Recovery.segmentName(activeSeq));
    byte[] header = segmentHeader(activeSeq, writtenHardState, writtenSnapIndex, writtenSnapTerm);
    this.active = createSegment(dir, options, fsyncs, activePath, header);
    this.activeSize = header.length;
  }

  private void start() {
    Thread w = new Thread(this::writerLoop, "raft-wal-writer-" + dir.getFileName());
    w.setDaemon(true);
    writer = w;
    w.start();
  }

  /** Opens (creating if needed) the storage in {@code dir} with default options; see {@link #open(Path, StorageOptions)}. */
  public static DiskStorage open(Path dir) throws IOException {
    return open(dir, StorageOptions.DEFAULT);
  }

  /**
   * Opens the storage in {@code dir}, creating the directory if needed, and recovers its state: a torn write at the
   * end of the log is truncated (and reported through {@link StorageOptions#log()}); any other damage throws
   * {@link CorruptStorageException}, whose message names the file and byte offset.
   */
  public static DiskStorage open(Path dir, StorageOptions options) throws IOException {
    Files.createDirectories(dir);
    Recovery.Result r = Recovery.run(dir, options);
    DiskStorage s = new DiskStorage(dir, options, r);
    s.start();
    return s;
  }

  /** What {@link #open} recovered from disk: the input of {@code RaftNode.restart} (or {@code create} if empty). */
  public PersistentState recovered() {
    return recovered;
  }

  /** The state after every Ready submitted so far (durable or still queued). */
  public synchronized PersistentState state() {
    return state.toPersistentState();
  }

  /** The index of the last entry submitted so far (the snapshot index if there is no entry after it). */
  public synchronized @LogIndex long lastIndex() {
    return state.lastIndex();
  }

  /** fsyncs of log segments, snapshot files and the directory so far (recovery included). */
  public long fsyncCount() {
    return fsyncs.get();
  }

  /** Steps (Readies with something to persist) written so far. */
  public long stepCount() {
    return steps.get();
  }

  /** Persists step 1 of {@code r} and waits until it is durable. Then the driver may send its messages. */
  public void persist(Ready r) throws IOException {
    try {
      persistAsync(r).get();
    } catch (ExecutionException e) {
      Throwable c = e.getCause();
      if (c instanceof IOException io) {
        throw io;
      }
      throw new IOException("persisting a Ready failed", c);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while waiting for the write-ahead log", e);
    }
  }

  /**
   * Queues step 1 of {@code r}: a snapshot (written to its own file right here, atomically), then the log records
   * (snapshot reference, truncation, entries, hard state) as one step. The future completes once an fsync covers
   * the step, and after the futures of every earlier call; a Ready with nothing to persist gets a future that
   * completes when everything before it is durable. The future fails with the IOException if the disk failed.
   *
   * @throws IllegalArgumentException if the entries do not fit the log (they must start after the snapshot and at
   *     most one past the last entry); nothing is written then
   */
  public synchronized CompletableFuture<@Nullable Void> persistAsync(Ready r) {
    if (closed) {
      return CompletableFuture.failedFuture(new IOException("storage in " + dir + " is closed"));
    }
    IOException failed = failure;
    if (failed != null) {
      return CompletableFuture.failedFuture(failed);
    }
    Snapshot installed = r.snapshotToInstall();
    Snapshot taken = r.snapshotTaken();
    List<Entry> entries = r.entries();
    long from = r.entriesFrom();
    if (!entries.isEmpty()) {
      long base = state.base;
      long last = state.lastIndex();
      if (installed != null) {
        base = installed.index();
        last = base;
      }
      if (taken != null && taken.index() > base) {
        last = Math.max(last, taken.index());
        base = taken.index();
      }
      if (from <= base || from > last + 1) {
        throw new IllegalArgumentException("entries from index " + from + " do not fit a log holding "
            + (base + 1) + ".." + last);
      }
    }
    List<byte[]> records = new ArrayList<>();
    long snapIndex = -1;
    long snapTerm = 0;
    try {
      if (installed != null) {
        SnapshotFiles.write(dir, installed, options);
        fsyncs.incrementAndGet();
        fsyncs.incrementAndGet();
        records.add(payload(WalFormat.SNAPSHOT_REF,
            WalFormat.snapshotRef(WalFormat.REF_INSTALL, installed.index(), installed.term())));
        state.install(installed.index(), installed.term());
        state.snapshot = installed;
        snapIndex = installed.index();
        snapTerm = installed.term();
      }
      if (taken != null) {
        SnapshotFiles.write(dir, taken, options);
        fsyncs.incrementAndGet();
        fsyncs.incrementAndGet();
        records.add(payload(WalFormat.SNAPSHOT_REF,
            WalFormat.snapshotRef(WalFormat.REF_COMPACT, taken.index(), taken.term())));
        state.compact(taken.index(), taken.term());
        state.snapshot = taken;
        snapIndex = taken.index();
        snapTerm = taken.term();
      }
    } catch (IOException e) {
      return CompletableFuture.failedFuture(e);
    }
    long maxEntry = 0;
    if (!entries.isEmpty()) {
      if (from <= state.lastIndex()) {
        records.add(payload(WalFormat.TRUNCATE, WalFormat.truncate(from)));
        state.truncate(from);
      }
      records.add(payload(WalFormat.ENTRIES, WalFormat.entries(from, entries)));
      state.append(from, entries);
      maxEntry = from + entries.size() - 1;
    }
    HardState hs = r.hardState();
    if (hs != null) {
      records.add(payload(WalFormat.HARD_STATE, WalFormat.hardState(hs)));
      state.hardState = hs;
    }
    Item item = new Item(frameStep(records), hs, snapIndex, snapTerm, maxEntry, false);
    queue.add(item);
    return item.done;
  }

  /** Stops the writer after everything queued is durable, and closes the files. */
  @Override
  public void close() throws IOException {
    Item stop;
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      stop = new Item(new byte[0], null, -1, 0, 0, true);
      queue.add(stop);
    }
    try {
      Thread w = writer;
      if (w != null) {
        w.join();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while closing the write-ahead log", e);
    }
    active.close();
    try {
      stop.done.join();
    } catch (CompletionException e) {
      Throwable c = e.getCause();
      if (c instanceof IOException io) {
        throw io;
      }
      throw e;
    }
  }

  // ------------------------------------------------------------------------------------------------------------
  // Records

  /** A record's type and payload, framed later (the last one of a step gets the END_OF_STEP bit). */
  private static byte[] payload(int type, byte[] payload) {
    byte[] b = new byte[payload.length + 1];
    b[0] = (byte) type;
    System.arraycopy(payload, 0, b, 1, payload.length);
    return b;
  }

  private static byte[] frameStep(List<byte[]> records) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (int i = 0; i < records.size(); i++) {
      byte[] r = records.get(i);
      byte[] p = new byte[r.length - 1];
      System.arraycopy(r, 1, p, 0, p.length);
      byte[] f = WalFormat.frame(r[0], p, i == records.size() - 1);
      out.write(f, 0, f.length);
    }
    return out.toByteArray();
  }

  /** The first step of every segment: SEGMENT, the snapshot reference in force, the hard state. */
  private static byte[] segmentHeader(long seq, HardState hardState, long snapIndex, long snapTerm) {
    List<byte[]> records = new ArrayList<>();
    records.add(payload(WalFormat.SEGMENT, WalFormat.segmentPayload(seq)));
    if (snapIndex > 0) {
      records.add(payload(WalFormat.SNAPSHOT_REF, WalFormat.snapshotRef(WalFormat.REF_COMPACT, snapIndex, snapTerm)));
    }
    records.add(payload(WalFormat.HARD_STATE, WalFormat.hardState(hardState)));
    return frameStep(records);
  }

  // ------------------------------------------------------------------------------------------------------------
  // Writer thread

  /** Creates a segment, writes its header step, fsyncs it and the directory. */
  private static FileChannel createSegment(Path dir, StorageOptions options, AtomicLong fsyncs, Path path,
      byte[] header) throws IOException {
    FileChannel ch = FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    try {
      SnapshotFiles.writeFully(ch, header);
      force(ch, path, options, fsyncs);
      fsyncs.incrementAndGet();
      SnapshotFiles.fsyncDirectory(dir, options);
      return ch;
    } catch (IOException e) {
      ch.close();
      throw e;
    }
  }

  private static void force(FileChannel ch, Path path, StorageOptions options, AtomicLong fsyncs)
      throws IOException {
    options.fsyncHook().accept(path);
    fsyncs.incrementAndGet();
    ch.force(false);
  }

  private void roll() throws IOException {
    // The active segment was forced at the end of the previous batch.
    active.close();
    closedSegments.add(new Recovery.Segment(activeSeq, activePath, activeMaxEntry));
    activeSeq++;
    activePath = dir.resolve(Recovery.segmentName(activeSeq));
    byte[] header = segmentHeader(activeSeq, writtenHardState, writtenSnapIndex, writtenSnapTerm);
    active = createSegment(dir, options, fsyncs, activePath, header);
    activeSize = header.length;
    activeMaxEntry = 0;
  }

  private void writerLoop() {
    List<Item> batch = new ArrayList<>();
    boolean stopping = false;
    while (!stopping) {
      batch.clear();
      try {
        batch.add(queue.take());
      } catch (InterruptedException e) {
        continue; // only close() ends the writer
      }
      queue.drainTo(batch);
      for (Item it : batch) {
        stopping |= it.stop;
      }
      boolean dirty = false;
      boolean snapshotMoved = false;
      try {
        if (failure != null) {
          throw failure;
        }
        for (Item it : batch) {
          if (it.stop || it.bytes.length == 0) {
            continue;
          }
          if (activeSize >= options.segmentBytes()) {
            if (dirty) {
              force(active, activePath, options, fsyncs);
              dirty = false;
            }
            roll();
          }
          SnapshotFiles.writeFully(active, it.bytes);
          activeSize += it.bytes.length;
          dirty = true;
          activeMaxEntry = Math.max(activeMaxEntry, it.maxEntryIndex);
          HardState hs = it.hardState;
          if (hs != null) {
            writtenHardState = hs;
          }
          if (it.snapIndex >= 0) {
            writtenSnapIndex = it.snapIndex;
            writtenSnapTerm = it.snapTerm;
            snapshotMoved = true;
          }
          steps.incrementAndGet();
        }
        if (dirty) {
          force(active, activePath, options, fsyncs);
        }
      } catch (IOException e) {
        if (failure == null) {
          failure = e;
        }
      } catch (RuntimeException | Error e) {
        // Whatever failed on the write path (a hook, an unexpected bug), no later step may be acknowledged.
        if (failure == null) {
          failure = new IOException("write-ahead log writer failed: " + e, e);
        }
      }
      if (failure == null && snapshotMoved) {
        // Done before completing the futures, so that a persisted snapshot step returns with the log compacted.
        try {
          compact();
        } catch (IOException e) {
          options.log().accept("storage: compaction behind the snapshot at index " + writtenSnapIndex
              + " failed (will retry after the next snapshot): " + e);
        }
      }
      IOException failed = failure;
      for (Item it : batch) {
        if (failed == null) {
          it.done.complete(null);
        } else {
          it.done.completeExceptionally(failed);
        }
      }
    }
  }

  /**
   * Runs after an fsync made the snapshot reference at {@code writtenSnapIndex} durable: removes closed segments
   * whose entries are all covered by it (oldest first), and snapshot files older than it.
   */
  private void compact() throws IOException {
    long covered = writtenSnapIndex;
    long prefixMax = 0;
    while (!closedSegments.isEmpty()) {
      Recovery.Segment s = closedSegments.peekFirst();
      if (s == null) {
        break;
      }
      prefixMax = Math.max(prefixMax, s.maxEntryIndex());
      if (prefixMax > covered) {
        break;
      }
      Files.delete(s.path());
      closedSegments.removeFirst();
    }
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "snapshot-*.snap")) {
      for (Path p : ds) {
        Path fn = p.getFileName();
        long idx = SnapshotFiles.indexOf(fn == null ? "" : fn.toString());
        if (idx >= 0 && idx < covered) {
          Files.delete(p);
        }
      }
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }

  /** The closed and active segment files, oldest first (for tests and tools). */
  synchronized List<Path> segmentFiles() throws IOException {
    List<Path> out = new ArrayList<>();
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "wal-*.log")) {
      ds.forEach(out::add);
    }
    out.sort(java.util.Comparator.naturalOrder());
    return out;
  }
}
