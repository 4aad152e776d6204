package dev.raftproof.core;

/**
 * The spec's actions (traces/FORMAT.md §1). The enum constant's name is the action's name in {@code spec/Raft.tla}
 * and the {@code action} field of a trace event, exactly.
 */
public enum Action {
  Restart,
  Timeout,
  HandlePreVoteRequest,
  HandlePreVoteResponse,
  BecomeCandidate,
  UpdateTerm,
  HandleRequestVoteRequest,
  HandleRequestVoteResponse,
  BecomeLeader,
  ClientRequest,
  AppendEntries,
  HandleAppendEntriesRequest,
  HandleAppendEntriesResponse,
  AdvanceCommitIndex,
  SendSnapshot,
  HandleInstallSnapshotRequest,
  TakeSnapshot,
  AddServer,
  RemoveServer,
  CheckQuorum,
  TransferLeadership,
  HandleTimeoutNow,
  ReadIndex,
  HandleHeartbeatRequest,
  HandleHeartbeatResponse,
  ServeRead
}
