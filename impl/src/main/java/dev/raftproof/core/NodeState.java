package dev.raftproof.core;

import dev.raftproof.core.qual.LogIndex;
import dev.raftproof.core.qual.Term;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * The spec's variables for one server, as a value: what a trace event's {@code state} holds (traces/FORMAT.md §3).
 * {@code log} is the live suffix only: entry {@code k} of the list is log index {@code snapshotIndex + 1 + k}.
 * {@code nextIndex}/{@code matchIndex} are empty unless {@code state} is Leader.
 */
public record NodeState(
    String id,
    @Term long currentTerm,
    @Nullable String votedFor,
    Role state,
    @LogIndex long commitIndex,
    @LogIndex long snapshotIndex,
    @Term long snapshotTerm,
    List<Entry> log,
    List<String> votesGranted,
    SortedMap<String, Long> nextIndex,
    SortedMap<String, Long> matchIndex,
    List<PendingRead> pendingReads) {

  private static final SortedMap<String, Long> NO_INDEXES =
      java.util.Collections.unmodifiableSortedMap(new TreeMap<>());

  // Defensive, sorted, unmodifiable copies; built once per traced event and per simulator step, so the common cases
  // (an already sorted list, an empty map) take no extra TreeSet/TreeMap.
  public NodeState {
    log = List.copyOf(log);
    votesGranted = sortedDistinct(votesGranted);
    nextIndex = indexes(nextIndex);
    matchIndex = indexes(matchIndex);
    pendingReads = List.copyOf(pendingReads);
  }

  /** An unmodifiable sorted copy; a core-built {@link IndexMap} is immutable already and kept as it is. */
  private static SortedMap<String, Long> indexes(SortedMap<String, Long> m) {
    if (m instanceof IndexMap) {
      return m;
    }
    return m.isEmpty() ? NO_INDEXES : java.util.Collections.unmodifiableSortedMap(new TreeMap<>(m));
  }

  /** An unmodifiable sorted copy of {@code values} without duplicates (the same as via a TreeSet). */
  static List<String> sortedDistinct(List<String> values) {
    List<String> c = List.copyOf(values);
    for (int i = 1; i < c.size(); i++) {
      if (c.get(i - 1).compareTo(c.get(i)) >= 0) {
        return List.copyOf(new java.util.TreeSet<>(c));
      }
    }
    return c;
  }

  /** Index of the last entry (Figure 2's last log index), counting compacted entries. */
  public @LogIndex long lastIndex() {
    return snapshotIndex + log.size();
  }

  /** True if entry {@code index} is in the live suffix. */
  public boolean hasLiveEntry(@LogIndex long index) {
    return index > snapshotIndex && index <= lastIndex();
  }

  /** The live entry at {@code index}; see {@link #hasLiveEntry}. */
  public Entry entry(@LogIndex long index) {
    if (!hasLiveEntry(index)) {
      throw new IndexOutOfBoundsException(id + " has no live entry " + index);
    }
    return log.get((int) (index - snapshotIndex - 1));
  }

  /** Term of entry {@code index}, {@code snapshotTerm} at {@code snapshotIndex}, 0 at 0; -1 if unknown. */
  public @Term long termAt(@LogIndex long index) {
    if (index == 0) {
      return 0;
    }
    if (index == snapshotIndex) {
      return snapshotTerm;
    }
    return hasLiveEntry(index) ? entry(index).term() : -1;
  }

  /** A map view helper used by tests: server id to a long. */
  public static SortedMap<String, Long> sorted(Map<String, Long> m) {
    return new TreeMap<>(m);
  }
}
