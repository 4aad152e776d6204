package dev.raftproof.server;

import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * The node's answer to a client request, before it becomes an HTTP response ({@link HttpApi}).
 *
 * @param kind what happened
 * @param index the log index of the write (or the read index), 0 if none
 * @param result for a write that was applied: what it did
 * @param value for a read: the value (null if the key is absent)
 * @param leader for {@link Kind#NOT_LEADER}: the leader this node knows of, or null
 * @param reason a human-readable reason for anything but OK
 */
public record Answer(Kind kind, long index, @Nullable KvResult result, @Nullable String value,
    @Nullable String leader, String reason) {

  /** The outcome classes a client must tell apart. */
  public enum Kind {
    /** Done (a write committed and applied; a read served). */
    OK,
    /** This node is not the leader: retry at {@code leader}. Nothing was done. */
    NOT_LEADER,
    /** Refused for now (flow control, no commit in the leader's term yet, too many pending): retry later. Nothing was done. */
    RETRY,
    /** Too many proposals are pending on this leader: retry after a short wait. Nothing was done. */
    OVERLOADED,
    /** The proposal's log entry was overwritten by another leader's: it will never take effect. */
    LOST,
    /** Outcome unknown (the node stops, or a snapshot replaced the entry before its result was known). */
    UNKNOWN,
    /** The request is invalid for the cluster (e.g. adding a server that is already a voter). Nothing was done. */
    REJECTED
  }

  public static Answer ok(long index, @Nullable KvResult result, @Nullable String value) {
    return new Answer(Kind.OK, index, result, value, null, "");
  }

  public static Answer of(Kind kind, @Nullable String leader, String reason) {
    return new Answer(kind, 0, null, null, leader, reason);
  }
}
