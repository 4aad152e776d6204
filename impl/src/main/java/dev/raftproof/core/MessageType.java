package dev.raftproof.core;

/** The spec's message types; the constant's name is the {@code mtype} string in the spec and in traces. */
public enum MessageType {
  PreVoteRequest,
  PreVoteResponse,
  RequestVoteRequest,
  RequestVoteResponse,
  AppendEntriesRequest,
  AppendEntriesResponse,
  InstallSnapshotRequest,
  TimeoutNow,
  HeartbeatRequest,
  HeartbeatResponse
}
