package dev.raftproof.core;

import dev.raftproof.core.qual.LogIndex;
import dev.raftproof.core.qual.Term;
import java.util.List;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * The Raft messages, one record per spec message type (traces/FORMAT.md §3). Record components are the spec's
 * record fields without the leading {@code m} ({@code term} is {@code mterm}, {@code source} is {@code msource}...).
 * Messages are immutable values; the network may deliver one more than once, in any order, or lose it.
 */
public sealed interface Message {
  /** {@code mtype}. */
  MessageType type();

  /** {@code mterm}: the sender's term (for a PreVoteRequest: the term it would campaign in). */
  @Term long term();

  /** {@code msource}. */
  String source();

  /** {@code mdest}. */
  String dest();

  /** D§9.6: "would you vote for me in term {@code term}?", sent without incrementing the sender's term. */
  record PreVoteRequest(@Term long term, String source, String dest, @LogIndex long lastLogIndex,
      @Term long lastLogTerm) implements Message {
    @Override
    public MessageType type() {
      return MessageType.PreVoteRequest;
    }
  }

  /** D§9.6: the answer to a PreVoteRequest; {@code term} is the request's term if granted, else the voter's. */
  record PreVoteResponse(@Term long term, String source, String dest, boolean voteGranted) implements Message {
    @Override
    public MessageType type() {
      return MessageType.PreVoteResponse;
    }
  }

  /** §5.2, Figure 2 "RequestVote RPC" arguments. */
  record RequestVoteRequest(@Term long term, String source, String dest, @LogIndex long lastLogIndex,
      @Term long lastLogTerm) implements Message {
    @Override
    public MessageType type() {
      return MessageType.RequestVoteRequest;
    }
  }

  /** §5.2, Figure 2 "RequestVote RPC" results. */
  record RequestVoteResponse(@Term long term, String source, String dest, boolean voteGranted) implements Message {
    @Override
    public MessageType type() {
      return MessageType.RequestVoteResponse;
    }
  }

  /** §5.3, Figure 2 "AppendEntries RPC" arguments ({@code commitIndex} is the paper's leaderCommit). */
  record AppendEntriesRequest(@Term long term, String source, String dest, @LogIndex long prevLogIndex,
      @Term long prevLogTerm, List<Entry> entries, @LogIndex long commitIndex) implements Message {
    public AppendEntriesRequest {
      entries = List.copyOf(entries);
    }

    @Override
    public MessageType type() {
      return MessageType.AppendEntriesRequest;
    }
  }

  /**
   * §5.3 results, with etcd's additions: on success {@code matchIndex} is the index up to which the follower's log
   * now matches the leader's; on a reject {@code rejectedIndex} is the request's prevLogIndex and
   * {@code hintIndex}/{@code hintTerm} the fast-backtracking hint (traces/FORMAT.md §2). Unused fields are 0.
   */
  record AppendEntriesResponse(@Term long term, String source, String dest, boolean success,
      @LogIndex long matchIndex, @LogIndex long rejectedIndex, @LogIndex long hintIndex, @Term long hintTerm)
      implements Message {
    @Override
    public MessageType type() {
      return MessageType.AppendEntriesResponse;
    }
  }

  /**
   * §7 InstallSnapshot as ONE message (etcd's MsgSnap); chunking is the transport's business. {@code snapshot} is
   * the payload; it is null only in messages read back from a trace file, which does not record snapshot data.
   */
  record InstallSnapshotRequest(@Term long term, String source, String dest, @LogIndex long lastIncludedIndex,
      @Term long lastIncludedTerm, @Nullable Snapshot snapshot) implements Message {
    @Override
    public MessageType type() {
      return MessageType.InstallSnapshotRequest;
    }
  }

  /** D§3.10: the leader tells its chosen successor to start an election now, skipping PreVote. */
  record TimeoutNow(@Term long term, String source, String dest) implements Message {
    @Override
    public MessageType type() {
      return MessageType.TimeoutNow;
    }
  }

  /** D§6.4: the leader's "am I still leader?" round for ReadIndex {@code readId}. */
  record HeartbeatRequest(@Term long term, String source, String dest, long readId, @LogIndex long commitIndex)
      implements Message {
    @Override
    public MessageType type() {
      return MessageType.HeartbeatRequest;
    }
  }

  /** D§6.4: a follower's acknowledgement of the leader's heartbeat for ReadIndex {@code readId}. */
  record HeartbeatResponse(@Term long term, String source, String dest, long readId) implements Message {
    @Override
    public MessageType type() {
      return MessageType.HeartbeatResponse;
    }
  }
}
