package dev.raftproof.etcd;

import java.util.List;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * One state-machine event of etcd/raft's trace (its {@code with_tla} build tag, {@code state_trace.go}): the
 * {@code event} object of one zap log line. The logged state is etcd's HardState (term, vote, commit) and the
 * index of its last log entry at the moment of the event; for a receive that is the state BEFORE the message is
 * handled, for a send the state when the message was queued (see docs/AUDITING.md).
 *
 * @param line 1-based line in the file
 * @param name the event name ({@link #NAMES})
 * @param nid the node ("1", "2", ...)
 * @param vote etcd's vote, "0" meaning none
 * @param role etcd's role: StateFollower, StatePreCandidate, StateCandidate, StateLeader
 * @param lastIndex etcd's {@code log} field: the index of the last entry (entries are not logged)
 * @param voters the applied configuration's voters ({@code conf[0]})
 * @param outgoing the outgoing voters of a joint configuration ({@code conf[1]}), empty outside joint consensus
 * @param msg the message sent or received, for Send and Receive events
 * @param changes for ChangeConf: the single changes ({@code prop.cc.changes}) as [action, nid]
 * @param newConf for ApplyConfChange: the voters after the change ({@code prop.cc.newconf}), possibly empty
 */
public record EtcdEvent(int line, String name, String nid, long term, String vote, long commit, String role,
    long lastIndex, List<String> voters, List<String> outgoing, @Nullable Msg msg, List<Change> changes,
    List<String> newConf) {

  /** Every event name state_trace.go writes. */
  public static final List<String> NAMES = List.of("InitState", "BecomeCandidate", "BecomeFollower",
      "BecomeLeader", "Commit", "Replicate", "ChangeConf", "ApplyConfChange", "Ready", "SendAppendEntriesRequest",
      "ReceiveAppendEntriesRequest", "SendAppendEntriesResponse", "ReceiveAppendEntriesResponse",
      "SendRequestVoteRequest", "ReceiveRequestVoteRequest", "SendRequestVoteResponse",
      "ReceiveRequestVoteResponse", "SendSnapshot", "ReceiveSnapshot");

  /** The etcd message types these events carry. */
  public static final List<String> MSG_TYPES = List.of("MsgApp", "MsgAppResp", "MsgHeartbeat", "MsgHeartbeatResp",
      "MsgVote", "MsgVoteResp", "MsgSnap", "MsgPreVote", "MsgPreVoteResp");

  public EtcdEvent {
    voters = List.copyOf(voters);
    outgoing = List.copyOf(outgoing);
    changes = List.copyOf(changes);
    newConf = List.copyOf(newConf);
  }

  /**
   * An etcd message as traced ({@code TracingMessage}). For MsgApp: index/logTerm = the entry before the sent
   * ones, entries = how many, commit = the leader's commit index. For a MsgAppResp: index = the follower's last
   * index if accepted, the refused index if rejected (then rejectHint/logTerm = etcd's hint). For MsgSnap etcd puts
   * the snapshot's index in {@code entries}.
   */
  public record Msg(String type, long term, String from, String to, int entries, long logTerm, long index,
      long commit, String vote, boolean reject, long rejectHint) {
    public boolean toSelf() {
      return from.equals(to);
    }
  }

  /** One change of a ChangeConf: action (AddNewServer, RemoveServer, AddLearner) and the node. */
  public record Change(String action, String nid) {}

  public boolean isSend() {
    return name.startsWith("Send");
  }

  public boolean isReceive() {
    return name.startsWith("Receive");
  }

  /** "line 84 (ReceiveRequestVoteRequest at node 5)", how reports name an etcd event. */
  public String describe() {
    return "line " + line + " (" + name + " at node " + nid + ")";
  }

  public Msg message() {
    Msg m = msg;
    if (m == null) {
      throw new IllegalStateException(describe() + " has no message");
    }
    return m;
  }
}
