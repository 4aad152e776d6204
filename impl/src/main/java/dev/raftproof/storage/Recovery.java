package dev.raftproof.storage;

import dev.raftproof.core.Entry;
import dev.raftproof.core.Snapshot;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Rebuilds the persistent state from a storage directory (README.md, "Recovery"). Only whole steps are replayed.
 * Damage at the very end of the last segment (a torn write) is cut off and reported in one line; any other damage
 * throws {@link CorruptStorageException}.
 */
// Replays raw numbers decoded from disk and mixes indexes with byte offsets in messages; the qualifiers are
// checked where the state leaves this package (PersistentState, HardState, Entry, Snapshot).
@SuppressWarnings("raftnumber")
final class Recovery {
  private static final Pattern SEGMENT_NAME = Pattern.compile("wal-(\\d{20})\\.log");

  /** A segment that survived recovery. */
  record Segment(long seq, Path path, long maxEntryIndex) {}

  /** The outcome: the state, the surviving segments in order, and the sequence number for the next segment. */
  record Result(LogState state, List<Segment> segments, long nextSeq) {}

  private final Path dir;
  private final StorageOptions options;
  private final LogState state = new LogState();
  /** Entries below this index were in compacted segments; the final snapshot must cover them. */
  private long gapFloor;
  private boolean sawEntries;
  private @Nullable Path refFile;
  private long refOffset = -1;

  private Recovery(Path dir, StorageOptions options) {
    this.dir = dir;
    this.options = options;
  }

  static String segmentName(long seq) {
    return String.format("wal-%020d.log", seq);
  }

  static Result run(Path dir, StorageOptions options) throws IOException {
    return new Recovery(dir, options).recover();
  }

  private Result recover() throws IOException {
    TreeMap<Long, Path> files = new TreeMap<>();
    List<Path> snapshotFiles = new ArrayList<>();
    List<Path> temps = new ArrayList<>();
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
      for (Path p : ds) {
        Path fn = p.getFileName();
        String name = fn == null ? "" : fn.toString();
        Matcher m = SEGMENT_NAME.matcher(name);
        String digits = m.matches() ? m.group(1) : null;
        if (digits != null) {
          files.put(Long.parseLong(digits), p);
        } else if (SnapshotFiles.indexOf(name) >= 0) {
          snapshotFiles.add(p);
        } else if (name.endsWith(SnapshotFiles.TMP_SUFFIX)) {
          temps.add(p);
        }
      }
    }
    if (files.isEmpty() && !snapshotFiles.isEmpty()) {
      throw new CorruptStorageException(snapshotFiles.get(0), -1,
          "snapshot files exist but every write-ahead log segment (wal-*.log) is missing");
    }
    List<Segment> segments = new ArrayList<>();
    long expected = files.isEmpty() ? 1 : files.firstKey();
    for (var e : files.entrySet()) {
      if (e.getKey() != expected) {
        throw new CorruptStorageException(dir.resolve(segmentName(expected)), -1,
            "write-ahead log segment " + expected + " is missing (found " + e.getKey() + " after it)");
      }
      expected++;
      boolean last = e.getKey().equals(files.lastKey());
      Segment s = replaySegment(e.getKey(), e.getValue(), last);
      if (s != null) {
        segments.add(s);
      }
    }
    if (gapFloor > state.snapshotIndex) {
      throw new CorruptStorageException(dir, -1, "entries " + (state.snapshotIndex + 1) + ".." + gapFloor
          + " are in no segment and no snapshot covers them");
    }
    if (state.snapshotIndex > 0) {
      Path f = dir.resolve(SnapshotFiles.name(state.snapshotIndex, state.snapshotTerm));
      if (!Files.exists(f)) {
        throw new CorruptStorageException(f, -1, "this snapshot, referenced by " + refFile + " at byte offset "
            + refOffset + ", is missing");
      }
      Snapshot s = SnapshotFiles.read(f);
      if (s.index() != state.snapshotIndex || s.term() != state.snapshotTerm) {
        throw new CorruptStorageException(f, -1, "the file holds the snapshot at index " + s.index() + ", term "
            + s.term() + ", not the one its name says");
      }
      state.snapshot = s;
    }
    for (Path t : temps) {
      Files.delete(t);
      options.log().accept("storage recovery: removed leftover temporary file " + t
          + " (a snapshot write interrupted before its rename; the previous snapshot is in use)");
    }
    for (Path p : snapshotFiles) {
      Path fn = p.getFileName();
      long idx = SnapshotFiles.indexOf(fn == null ? "" : fn.toString());
      Snapshot s = state.snapshot;
      if (s == null || !p.equals(dir.resolve(SnapshotFiles.name(s.index(), s.term())))) {
        Files.delete(p);
        options.log().accept("storage recovery: removed snapshot file " + p + (idx > state.snapshotIndex
            ? " (written by a step that did not complete: no log record refers to it)"
            : " (superseded by the snapshot at index " + state.snapshotIndex + ")"));
      }
    }
    long nextSeq = files.isEmpty() ? 1 : files.lastKey() + 1;
    return new Result(state, segments, nextSeq);
  }

  /** Replays one segment; returns null if it was a torn, empty last segment (deleted). */
  private @Nullable Segment replaySegment(long seq, Path path, boolean last) throws IOException {
    byte[] buf = Files.readAllBytes(path);
    int off = 0;
    int stepStart = 0;
    long maxEntry = 0;
    List<WalFormat.Frame> step = new ArrayList<>();
    String tornReason = null;
    while (off < buf.length) {
      String problem = WalFormat.check(buf, off, buf.length);
      if (problem != null) {
        if (!last) {
          throw new CorruptStorageException(path, off, problem + " (not the last segment, so not a torn write)");
        }
        int later = nextValidRecord(buf, off + 1);
        if (later >= 0) {
          throw new CorruptStorageException(path, off, problem + "; a valid record follows at byte offset " + later
              + ", so this is not a torn write at the end of the log");
        }
        tornReason = problem;
        break;
      }
      WalFormat.Frame f = WalFormat.read(buf, off);
      if (off == 0) {
        checkSegmentHeader(path, seq, f);
      } else if (f.type() == WalFormat.SEGMENT) {
        throw new CorruptStorageException(path, off, "a SEGMENT record in the middle of a segment");
      }
      step.add(f);
      off += f.size();
      if (f.endOfStep()) {
        for (WalFormat.Frame g : step) {
          maxEntry = Math.max(maxEntry, apply(path, g));
        }
        step.clear();
        stepStart = off;
      }
    }
    if (tornReason == null && stepStart < buf.length) {
      if (!last) {
        throw new CorruptStorageException(path, stepStart, "the segment ends inside a step (no END_OF_STEP mark)");
      }
      tornReason = "the last step has no END_OF_STEP mark (it was cut short)";
    }
    if (tornReason != null) {
      try (FileChannel ch = FileChannel.open(path, StandardOpenOption.WRITE)) {
        ch.truncate(stepStart);
        options.fsyncHook().accept(path);
        ch.force(true);
      }
      options.log().accept("storage recovery: torn write at the end of " + path + ": truncated from byte offset "
          + stepStart + " to the end (" + (buf.length - stepStart) + " bytes, " + tornReason
          + "); those bytes were never acknowledged");
      if (stepStart == 0) {
        Files.delete(path);
        SnapshotFiles.fsyncDirectory(dir, options);
        return null;
      }
    }
    return new Segment(seq, path, maxEntry);
  }

  private static void checkSegmentHeader(Path path, long seq, WalFormat.Frame f) throws CorruptStorageException {
    if (f.type() != WalFormat.SEGMENT) {
      throw new CorruptStorageException(path, 0, "the first record is " + WalFormat.typeName(f.type())
          + ", not SEGMENT");
    }
    try {
      WalFormat.In in = new WalFormat.In(f.payload());
      int version = in.i32();
      long s = in.i64();
      if (version != WalFormat.VERSION) {
        throw new CorruptStorageException(path, 0, "unsupported log format version " + version);
      }
      if (s != seq) {
        throw new CorruptStorageException(path, 0, "the segment says it is number " + s + ", its name says " + seq);
      }
    } catch (WalFormat.DecodeException e) {
      throw new CorruptStorageException(path, 0, "SEGMENT record does not decode: " + e.getMessage());
    }
  }

  /** The offset of the first valid record at or after {@code from}, or -1. */
  private static int nextValidRecord(byte[] buf, int from) {
    for (int o = from; o + WalFormat.HEADER_BYTES <= buf.length; o++) {
      if (WalFormat.check(buf, o, buf.length) == null) {
        return o;
      }
    }
    return -1;
  }

  /** Applies one record of a complete step; returns the highest entry index it wrote (0 if none). */
  private long apply(Path path, WalFormat.Frame f) throws CorruptStorageException {
    WalFormat.In in = new WalFormat.In(f.payload());
    try {
      switch (f.type()) {
        case WalFormat.SEGMENT:
          return 0;
        case WalFormat.HARD_STATE:
          state.hardState = WalFormat.hardState(in);
          return 0;
        case WalFormat.SNAPSHOT_REF: {
          int kind = in.i8();
          long index = in.i64();
          long term = in.i64();
          in.end();
          if (kind == WalFormat.REF_INSTALL) {
            state.install(index, term);
          } else if (kind == WalFormat.REF_COMPACT) {
            state.compact(index, term);
          } else {
            throw new WalFormat.DecodeException("unknown snapshot reference kind " + kind);
          }
          refFile = path;
          refOffset = f.offset();
          return 0;
        }
        case WalFormat.TRUNCATE: {
          long from = in.i64();
          in.end();
          state.truncate(from);
          return 0;
        }
        case WalFormat.ENTRIES: {
          long first = in.i64();
          int n = in.i32();
          List<Entry> es = new ArrayList<>();
          for (int i = 0; i < n; i++) {
            es.add(WalFormat.entry(in));
          }
          in.end();
          // Compaction removes the oldest segments once a durable snapshot covers their entries, so the replay
          // may start with entries (and truncations) next to a hole that only a later SNAPSHOT_REF covers.
          boolean inHole = gapFloor > state.snapshotIndex;
          if (first > state.lastIndex() + 1) {
            if (sawEntries && !inHole) {
              throw new CorruptStorageException(path, f.offset(), "entries start at index " + first
                  + " but the log ends at index " + state.lastIndex());
            }
            state.entries.clear();
            state.base = first - 1;
            gapFloor = Math.max(gapFloor, first - 1);
          } else if (first <= state.base) {
            if (!inHole || first <= state.snapshotIndex) {
              throw new CorruptStorageException(path, f.offset(), "entries start at index " + first
                  + ", inside the snapshot (index " + state.base + ")");
            }
            state.entries.clear(); // a truncation into the hole: the entries before it are still missing
            state.base = first - 1;
          }
          state.truncate(first);
          state.append(first, es);
          sawEntries = true;
          return first + n - 1;
        }
        default:
          throw new CorruptStorageException(path, f.offset(), "unknown record " + WalFormat.typeName(f.type()));
      }
    } catch (WalFormat.DecodeException e) {
      throw new CorruptStorageException(path, f.offset(), WalFormat.typeName(f.type())
          + " record does not decode: " + e.getMessage());
    }
  }
}
