package dev.raftproof.core;

import dev.raftproof.core.qual.LogIndex;
import dev.raftproof.core.qual.Term;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * The persistent scalars of Figure 2 ({@code currentTerm}, {@code votedFor}) plus etcd's persisted
 * {@code commitIndex}. Must be on stable storage before the messages of the same {@link Ready} are sent.
 */
public record HardState(@Term long currentTerm, @Nullable String votedFor, @LogIndex long commitIndex) {
  /** The state of a server that has never run. */
  public static final HardState INITIAL = new HardState(0, null, 0);

  // Written out: the record's generated equals (an invokedynamic bootstrap) showed up as the simulator's top hot spot,
  // since RaftNode.hasReady() compares hard states after every input.
  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof HardState h && h.currentTerm == currentTerm && h.commitIndex == commitIndex
        && java.util.Objects.equals(h.votedFor, votedFor);
  }

  @Override
  public int hashCode() {
    return (Long.hashCode(currentTerm) * 31 + java.util.Objects.hashCode(votedFor)) * 31 + Long.hashCode(commitIndex);
  }
}
