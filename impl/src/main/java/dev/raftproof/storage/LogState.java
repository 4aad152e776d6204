package dev.raftproof.storage;

import dev.raftproof.core.Entry;
import dev.raftproof.core.HardState;
import dev.raftproof.core.PersistentState;
import dev.raftproof.core.Snapshot;
import java.util.ArrayList;
import java.util.List;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * The persistent state as the log's records build it, in memory: used by recovery (replaying records) and by
 * {@link DiskStorage} (mirroring what it has submitted, exactly as {@code MemoryStorage} does). Entry {@code k} of
 * {@link #entries} has index {@code base + 1 + k}; {@code base} is the snapshot index except while recovery replays
 * a log whose oldest segments were compacted away.
 */
// Index arithmetic on list positions (as in the core's RaftLog); qualifiers are checked at the core's records.
@SuppressWarnings("raftnumber")
final class LogState {
  HardState hardState = HardState.INITIAL;
  long snapshotIndex;
  long snapshotTerm;
  @Nullable Snapshot snapshot;
  long base;
  final ArrayList<Entry> entries = new ArrayList<>();

  long lastIndex() {
    return base + entries.size();
  }

  /** A snapshot taken at {@code index}: entries up to it are dropped. */
  void compact(long index, long term) {
    if (index >= lastIndex()) {
      entries.clear();
      base = index;
    } else if (index > base) {
      entries.subList(0, (int) (index - base)).clear();
      base = index;
    }
    snapshotIndex = index;
    snapshotTerm = term;
  }

  /** A snapshot installed from the leader: it replaces the whole log. */
  void install(long index, long term) {
    entries.clear();
    base = index;
    snapshotIndex = index;
    snapshotTerm = term;
  }

  /** Deletes every entry at index {@code >= from}. */
  void truncate(long from) {
    long keep = Math.max(0, from - base - 1);
    while (entries.size() > keep) {
      entries.remove(entries.size() - 1);
    }
  }

  /** Appends {@code es} at {@code first}, which must be {@code lastIndex() + 1}. */
  void append(long first, List<Entry> es) {
    if (first != lastIndex() + 1) {
      throw new IllegalStateException("append at " + first + " after last index " + lastIndex());
    }
    entries.addAll(es);
  }

  PersistentState toPersistentState() {
    return new PersistentState(hardState, snapshot, List.copyOf(entries));
  }
}
