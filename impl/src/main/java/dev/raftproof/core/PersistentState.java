package dev.raftproof.core;

import java.util.List;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * What survives a crash (Figure 2's persistent state plus etcd's commitIndex and the snapshot): the input of
 * {@link RaftNode#restart}. {@code entries} follow the snapshot: entry {@code k} has index
 * {@code snapshot.index() + 1 + k} (or {@code 1 + k} without a snapshot).
 */
public record PersistentState(HardState hardState, @Nullable Snapshot snapshot, List<Entry> entries) {
  public PersistentState {
    entries = List.copyOf(entries);
  }

  public static final PersistentState EMPTY = new PersistentState(HardState.INITIAL, null, List.of());
}
