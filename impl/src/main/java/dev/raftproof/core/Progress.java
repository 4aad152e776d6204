package dev.raftproof.core;

import java.util.ArrayDeque;

/**
 * A leader's bookkeeping for one follower beyond the spec's nextIndex/matchIndex: flow control (AppendEntries in
 * flight), CheckQuorum activity, and a pending snapshot. None of it is a spec variable; it only decides WHEN the
 * leader takes the AppendEntries, SendSnapshot and CheckQuorum actions.
 */
final class Progress {
  /** Last index carried by each unacknowledged AppendEntriesRequest that had entries, oldest first. */
  final ArrayDeque<Long> inflight = new ArrayDeque<>();
  /** Heard from this follower (in the current term) since the last CheckQuorum round. */
  boolean recentActive;
  /** Ticks to wait before sending another snapshot to this follower. */
  int snapshotWait;

  void reset() {
    inflight.clear();
    recentActive = false;
    snapshotWait = 0;
  }

  /** Frees the in-flight slots of every AppendEntriesRequest acknowledged by a match at {@code matchIndex}. */
  void acknowledge(long matchIndex) {
    while (!inflight.isEmpty() && inflight.peekFirst() <= matchIndex) {
      inflight.pollFirst();
    }
  }
}
