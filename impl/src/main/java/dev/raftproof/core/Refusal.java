package dev.raftproof.core;

/** Why a node refused a request. A refusal is not a step: nothing changes and no trace event is written. */
public enum Refusal {
  NOT_LEADER("not the leader"),
  TRANSFERRING_LEADERSHIP("leadership transfer in progress"),
  UNCOMMITTED_BYTES_LIMIT("too many uncommitted bytes (flow control): retry later"),
  NO_CURRENT_TERM_COMMIT("no entry of the leader's term is committed yet"),
  CONFIG_CHANGE_PENDING("a configuration change is not committed yet"),
  ALREADY_MEMBER("server is already a voter"),
  NOT_MEMBER("server is not a voter"),
  LAST_VOTER("cannot remove the last voter"),
  UNKNOWN_SERVER("server is not in the cluster's server set"),
  BAD_SNAPSHOT_INDEX("snapshot index must be above the current snapshot and at most the applied index");

  private final String reason;

  Refusal(String reason) {
    this.reason = reason;
  }

  public String reason() {
    return reason;
  }
}
