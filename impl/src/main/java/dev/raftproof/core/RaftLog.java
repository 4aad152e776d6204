package dev.raftproof.core;

import dev.raftproof.core.qual.LogIndex;
import dev.raftproof.core.qual.Term;
import java.util.ArrayList;
import java.util.List;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * A server's log (Figure 2 {@code log[]}) after compaction (§7): the snapshot point ({@code snapshotIndex},
 * {@code snapshotTerm}, and the configuration in force there) followed by the live entries. Indexes start at 1.
 * Knows nothing about persistence; {@link RaftNode} tracks what has changed since the last {@link Ready}.
 */
final class RaftLog {
  private @LogIndex long snapshotIndex;
  private @Term long snapshotTerm;
  private List<String> snapshotVoters;
  private final ArrayList<Entry> entries = new ArrayList<>();
  /**
   * Index of the last config entry among the live entries, 0 if none: kept up to date by every mutation so that
   * {@code Config(i)} of the whole log (asked on every tick, broadcast and quorum count) is O(1), not a log scan.
   */
  private @LogIndex long lastConfig;
  /** {@link #liveEntries()} until the next mutation: unchanged logs are shared, not copied, between node states. */
  private @Nullable List<Entry> liveCopy;

  RaftLog(List<String> initialVoters) {
    this.snapshotVoters = List.copyOf(initialVoters);
  }

  @LogIndex long snapshotIndex() {
    return snapshotIndex;
  }

  @Term long snapshotTerm() {
    return snapshotTerm;
  }

  @LogIndex long lastIndex() {
    return snapshotIndex + entries.size();
  }

  @Term long lastTerm() {
    return term(lastIndex());
  }

  /** Term of entry {@code index}: {@code snapshotTerm} at {@code snapshotIndex}, 0 at index 0. */
  @Term long term(@LogIndex long index) {
    if (index == snapshotIndex) {
      return snapshotTerm;
    }
    return entry(index).term();
  }

  /** True if {@code index} is {@code snapshotIndex} or a live entry, i.e. its term is known. */
  boolean hasTerm(@LogIndex long index) {
    return index >= snapshotIndex && index <= lastIndex();
  }

  /** True if the log has an entry at {@code index} with term {@code term} (§5.3's consistency check). */
  boolean matches(@LogIndex long index, @Term long term) {
    return hasTerm(index) && term(index) == term;
  }

  Entry entry(@LogIndex long index) {
    if (index <= snapshotIndex || index > lastIndex()) {
      throw new IndexOutOfBoundsException("no live entry " + index + " (snapshot " + snapshotIndex + ", last "
          + lastIndex() + ")");
    }
    return entries.get((int) (index - snapshotIndex - 1));
  }

  /** Live entries {@code from..to} inclusive. */
  List<Entry> slice(@LogIndex long from, @LogIndex long to) {
    if (from > to) {
      return List.of();
    }
    int at = (int) (from - snapshotIndex - 1);
    long n = to - from + 1;
    if (n <= 2 && at >= 0 && at + n <= entries.size()) { // the common cases without a sub-list and an array copy
      return n == 1 ? List.of(entries.get(at)) : List.of(entries.get(at), entries.get(at + 1));
    }
    return List.copyOf(entries.subList(at, (int) (to - snapshotIndex)));
  }

  /** The live suffix, for traces. */
  List<Entry> liveEntries() {
    List<Entry> c = liveCopy;
    if (c == null) {
      c = List.copyOf(entries);
      liveCopy = c;
    }
    return c;
  }

  void append(Entry e) {
    entries.add(e);
    liveCopy = null;
    if (e.type() == EntryType.CONFIG) {
      lastConfig = lastIndex();
    }
  }

  /** Deletes every entry at index {@code >= index} (§5.3: "delete the existing entry and all that follow it"). */
  void truncateFrom(@LogIndex long index) {
    if (index <= snapshotIndex) {
      throw new IllegalStateException("cannot truncate compacted entries at " + index);
    }
    while (lastIndex() >= index) {
      entries.remove(entries.size() - 1);
    }
    liveCopy = null;
    if (lastConfig >= index) {
      lastConfig = scanLastConfig();
    }
  }

  /** TakeSnapshot: entries {@code 1..index} become the snapshot (§7). */
  void compact(@LogIndex long index) {
    List<String> voters = votersAt(index);
    @Term long term = term(index);
    entries.subList(0, (int) (index - snapshotIndex)).clear();
    snapshotIndex = index;
    snapshotTerm = term;
    snapshotVoters = voters;
    liveCopy = null;
    if (lastConfig <= index) {
      lastConfig = 0; // compacted: its voters are now snapshotVoters
    }
  }

  /** HandleInstallSnapshotRequest, replace case: the log becomes the snapshot (§7 "discard the entire log"). */
  void restore(Snapshot s) {
    entries.clear();
    snapshotIndex = s.index();
    snapshotTerm = s.term();
    snapshotVoters = s.voters();
    liveCopy = null;
    lastConfig = 0;
  }

  /**
   * {@code Config(i)}: the voters of the last config entry at or below {@code index}, committed or not (D§4.1),
   * else the configuration of the snapshot (the initial voters if nothing is compacted).
   */
  List<String> votersAt(@LogIndex long index) {
    if (index >= lastIndex()) {
      return voters();
    }
    for (long k = Math.min(index, lastIndex()); k > snapshotIndex; k--) {
      Entry e = entries.get((int) (k - snapshotIndex - 1));
      if (e.type() == EntryType.CONFIG) {
        return e.voters();
      }
    }
    return snapshotVoters;
  }

  /** {@code Config(i)} of the whole log. */
  List<String> voters() {
    return lastConfig > 0 ? entry(lastConfig).voters() : snapshotVoters;
  }

  /** Index of the last config entry among the live entries, or 0 if none is live. */
  @LogIndex long lastConfigIndex() {
    return lastConfig;
  }

  private @LogIndex long scanLastConfig() {
    for (long k = lastIndex(); k > snapshotIndex; k--) {
      if (entries.get((int) (k - snapshotIndex - 1)).type() == EntryType.CONFIG) {
        return k;
      }
    }
    return 0;
  }

  /** §5.4.1: is a log ending at {@code (lastLogIndex, lastLogTerm)} at least as up to date as this one? */
  boolean isUpToDate(@LogIndex long lastLogIndex, @Term long lastLogTerm) {
    @Term long myTerm = lastTerm();
    return lastLogTerm > myTerm || (lastLogTerm == myTerm && lastLogIndex >= lastIndex());
  }
}
