package dev.raftproof.core;

import dev.raftproof.core.qual.LogIndex;
import java.util.List;

/** An element of the spec's {@code pendingReads[i]}: a ReadIndex read (D§6.4) waiting for a quorum of acks. */
public record PendingRead(long id, @LogIndex long index, List<String> acks) {
  public PendingRead {
    acks = NodeState.sortedDistinct(acks); // as a TreeSet would sort them, without one when already sorted
  }
}
