package dev.raftproof.core;

/**
 * Tunables of a node. Timing is in ticks (the driver decides what a tick is). Defaults follow etcd's ratios.
 *
 * @param electionTimeoutTicks the base election timeout; each follower waits a random timeout in
 *     {@code [electionTimeoutTicks, 2*electionTimeoutTicks)} (§5.2); a leader runs CheckQuorum once per
 *     {@code electionTimeoutTicks}
 * @param heartbeatTicks how often a leader sends AppendEntries to every follower (empty if nothing is new)
 * @param maxInflightAppends flow control: the cap on unacknowledged AppendEntries carrying entries, per follower
 * @param maxUncommittedBytes flow control: a leader refuses proposals once its uncommitted entries hold this many
 *     bytes (an empty uncommitted tail always admits one proposal)
 * @param maxEntriesPerAppend the most entries one AppendEntriesRequest carries
 * @param tracing build an {@link ActionEvent} for every step (off by default; when off, no event is allocated)
 */
public record RaftOptions(int electionTimeoutTicks, int heartbeatTicks, int maxInflightAppends,
    long maxUncommittedBytes, int maxEntriesPerAppend, boolean tracing) {

  public static final RaftOptions DEFAULT = new RaftOptions(10, 1, 4, 1 << 20, 64, false);

  public RaftOptions {
    if (electionTimeoutTicks <= heartbeatTicks || heartbeatTicks < 1) {
      throw new IllegalArgumentException("need 1 <= heartbeatTicks < electionTimeoutTicks");
    }
    if (maxInflightAppends < 1 || maxEntriesPerAppend < 1 || maxUncommittedBytes < 1) {
      throw new IllegalArgumentException("flow control caps must be positive");
    }
  }

  public RaftOptions withTracing(boolean on) {
    return new RaftOptions(electionTimeoutTicks, heartbeatTicks, maxInflightAppends, maxUncommittedBytes,
        maxEntriesPerAppend, on);
  }

  public RaftOptions withFlowControl(int inflight, long uncommittedBytes, int entriesPerAppend) {
    return new RaftOptions(electionTimeoutTicks, heartbeatTicks, inflight, uncommittedBytes, entriesPerAppend,
        tracing);
  }

  public RaftOptions withTimeouts(int election, int heartbeat) {
    return new RaftOptions(election, heartbeat, maxInflightAppends, maxUncommittedBytes, maxEntriesPerAppend,
        tracing);
  }
}
