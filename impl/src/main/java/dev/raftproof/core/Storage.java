package dev.raftproof.core;

import java.io.IOException;

/**
 * Stable storage for one node: carries out step 1 of a {@link Ready} (snapshot, entries, hard state — see its
 * Javadoc) and returns what a restarted node starts from. {@link MemoryStorage} holds it in memory; a real server's
 * implementation fsyncs before {@link #persist} returns.
 */
public interface Storage {
  /** Makes the Ready's snapshot, entries and hard state durable; only then may its messages be sent. */
  void persist(Ready r) throws IOException;

  /** What survives a crash: the input of {@link RaftNode#restart}. */
  PersistentState state();
}
