package dev.raftproof.core;

import dev.raftproof.core.qual.LogIndex;

/**
 * The answer to a ReadIndex read (D§6.4, spec action {@code ServeRead}): once the state machine has applied entry
 * {@code index}, the read identified by the caller's {@code context} may be served from it, linearizably.
 */
public record ReadState(long readId, @LogIndex long index, long context) {}
