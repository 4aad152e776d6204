package dev.raftproof.core;

import dev.raftproof.core.qual.LogIndex;
import dev.raftproof.core.qual.Term;
import java.util.List;

/**
 * A snapshot (§7): the state machine's state after applying entries {@code 1..index}, the term of entry
 * {@code index}, and the configuration in force at {@code index} (the voters of the last config entry at or below
 * {@code index}, or the initial voters). {@code data} is opaque to Raft.
 */
public record Snapshot(@LogIndex long index, @Term long term, List<String> voters, byte[] data) {
  public Snapshot {
    voters = List.copyOf(new java.util.TreeSet<>(voters));
    data = data.clone();
  }

  /** A copy of the state machine data. */
  @Override
  public byte[] data() {
    return data.clone();
  }

  @Override
  public boolean equals(@org.checkerframework.checker.nullness.qual.Nullable Object o) {
    return o instanceof Snapshot s && s.index == index && s.term == term && s.voters.equals(voters)
        && java.util.Arrays.equals(s.data, data);
  }

  @Override
  public int hashCode() {
    return Long.hashCode(index) * 31 + Long.hashCode(term);
  }

  @Override
  public String toString() {
    return "Snapshot[index=" + index + ", term=" + term + ", voters=" + voters + ", " + data.length + " bytes]";
  }
}
