package dev.raftproof.core;

import dev.raftproof.core.qual.LogIndex;
import java.util.ArrayList;
import java.util.List;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Stable storage held in memory: carries out the persistence part of a {@link Ready} exactly as its contract says,
 * and hands back the {@link PersistentState} a restarted node starts from. Used by the simulator and by tests; a
 * real server writes the same things to disk.
 */
public final class MemoryStorage implements Storage {
  private HardState hardState = HardState.INITIAL;
  private @Nullable Snapshot snapshot;
  private final ArrayList<Entry> entries = new ArrayList<>();

  /** Step 1 of {@link Ready}: snapshot, then entries (truncate from {@code entriesFrom}, append), then hard state. */
  @Override
  public void persist(Ready r) {
    Snapshot installed = r.snapshotToInstall();
    if (installed != null) {
      snapshot = installed;
      entries.clear();
    }
    Snapshot taken = r.snapshotTaken();
    if (taken != null) {
      long drop = taken.index() - firstIndex() + 1;
      entries.subList(0, (int) Math.min(drop, entries.size())).clear();
      snapshot = taken;
    }
    if (!r.entries().isEmpty()) {
      long keep = r.entriesFrom() - firstIndex();
      while (entries.size() > keep) {
        entries.remove(entries.size() - 1);
      }
      List<Entry> add = r.entries();
      for (int i = 0; i < add.size(); i++) { // no toArray copy as addAll would make
        entries.add(add.get(i));
      }
    }
    HardState hs = r.hardState();
    if (hs != null) {
      hardState = hs;
    }
  }

  private @LogIndex long firstIndex() {
    Snapshot s = snapshot;
    return s == null ? 1 : s.index() + 1;
  }

  /** What survives a crash. */
  @Override
  public PersistentState state() {
    return new PersistentState(hardState, snapshot, List.copyOf(entries));
  }
}
