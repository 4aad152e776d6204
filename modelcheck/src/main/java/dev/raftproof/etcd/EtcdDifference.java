package dev.raftproof.etcd;

import java.util.List;

/**
 * The catalogue of differences between etcd/raft (as its trace shows it) and spec/Raft.tla, found by validating
 * etcd's own trace. Each has a kind — how the importer deals with it — and which side is stricter. The same list,
 * with the evidence, is in docs/AUDITING.md.
 */
public enum EtcdDifference {
  BOOTSTRAP(Kind.MAPPING, "same",
      "etcd bootstraps a cluster by writing one config entry per initial member into every initial member's log "
          + "(term 1, committed) outside of any leader; Raft.tla starts with empty logs in term 0 and InitServers. "
          + "Mapped: those servers start with that log, committed, in term 1 (TraceEtcd's EtcdInit)."),
  CAMPAIGN_WITHOUT_PREVOTE(Kind.RELAXATION, "Raft.tla",
      "etcd (PreVote off, its default) starts an election straight from Follower: term+1, vote for itself, "
          + "MsgVote to every voter. Raft.tla always pre-votes first (Timeout -> PreCandidate -> BecomeCandidate). "
          + "Modelled as EtcdCampaign = Raft.tla's StartElection without the pre-vote quorum."),
  HEARTBEAT(Kind.RELAXATION, "Raft.tla",
      "etcd's MsgHeartbeat carries no log position, only commit = min(the follower's match, the leader's commit), "
          + "which the follower commits; its MsgHeartbeatResp never refuses. Raft.tla has no such message: its "
          + "heartbeat is an AppendEntries with no entries (checked against the follower's log) or ReadIndex's "
          + "HeartbeatRequest (no commit). Modelled as EtcdHeartbeat / EtcdHandleHeartbeat(Response)."),
  APPEND_TO_UNAPPLIED_REMOVAL(Kind.RELAXATION, "Raft.tla",
      "etcd replicates to the members of its APPLIED configuration: a server removed by a config entry that is "
          + "in the leader's log but not yet applied still gets MsgApp and heartbeats. In Raft.tla a configuration "
          + "takes effect as soon as it is in the log (D§4.1), so AppendEntries to it is not enabled. Modelled: "
          + "a leader may also send to the members of its applied configuration (TraceEtcd's variable applied)."),
  PROBE_RESEND(Kind.RELAXATION, "Raft.tla",
      "etcd's leader in probe state does not advance Next after a MsgApp and may send again from an earlier "
          + "index (above the follower's match). Raft.tla always advances nextIndex optimistically (etcd's "
          + "replicate state), so the next AppendEntries starts at nextIndex. Modelled: any start between "
          + "matchIndex and nextIndex-1; nextIndex only grows."),
  COMMIT_NOT_MAX(Kind.RELAXATION, "etcd",
      "etcd counts the leader's own entries only once they are durable (the leader's MsgAppResp to itself), so a "
          + "Commit may advance to less than the largest index a quorum holds; Raft.tla's AdvanceCommitIndex "
          + "counts the leader's whole log and commits the largest such index. Modelled: any index a quorum "
          + "holds. Not needed by etcd's example trace once the applied configuration is modelled exactly."),
  QUORUM_OF_APPLIED_CONFIG(Kind.RELAXATION, "neither",
      "etcd's leader counts a commit quorum in its APPLIED configuration: after appending a config entry that "
          + "removes a server, it still counts that server (and does not yet count an added one) until the entry "
          + "is applied. Raft.tla counts a quorum of the latest configuration in the log (D§4.1). With one server "
          + "changed at a time any quorum of the old and of the new configuration intersect, so both are safe. "
          + "Modelled: the commit quorum is counted in etcd's applied configuration (TraceEtcd's applied)."),
  PROGRESS_OF_ADDED_SERVER(Kind.RELAXATION, "Raft.tla",
      "etcd's leader creates the replication progress of an added server when it APPLIES the config entry: "
          + "Match 0, Next = its last index (it probes with the last entry first). Raft.tla sets nextIndex only "
          + "in BecomeLeader (LastIndex+1 for every server), so its first AppendEntries to a server added later "
          + "starts at that old index. Modelled as EtcdAddProgress at the leader's ApplyConfChange."),
  CONFIG_AT_APPLY(Kind.MAPPING, "etcd",
      "etcd switches to a new configuration when it APPLIES the config entry (ApplyConfChange, after commit) and "
          + "allows one unapplied config entry; Raft.tla switches when the entry is appended and allows one "
          + "uncommitted. ApplyConfChange is no step of Raft.tla: TraceEtcd keeps etcd's applied configuration in "
          + "an extra variable (EtcdApplyConfig); where the difference shows, whom a leader replicates to and "
          + "whose quorum commits, it is modelled (append-to-unapplied-removal, quorum-of-applied-config)."),
  SELF_MESSAGES(Kind.MAPPING, "same",
      "etcd's candidate sends itself a MsgVoteResp and its leader a MsgAppResp for its own appends (its self-ack "
          + "after persisting). In Raft.tla a candidate's votesGranted starts with itself and a leader counts itself. "
          + "Those self-addressed messages are no steps of ours."),
  MSGAPP_COMMIT(Kind.MAPPING, "same",
      "etcd's MsgApp carries the leader's whole commit index and the follower commits min(commit, last new "
          + "index); Raft.tla's AppendEntriesRequest carries min(commitIndex, prevLogIndex + #entries) and the "
          + "follower takes the max. Same effect; the importer logs the min."),
  VOTE_AFTER_SEND(Kind.FREE, "same",
      "etcd records a granted vote after queuing the MsgVoteResp, so the send event shows the old vote; votedFor "
          + "is left free there and checked at the node's next Ready."),
  STEP_SPLIT(Kind.FREE, "same",
      "etcd logs one of our steps as several events (a receive, BecomeFollower, the reply; BecomeLeader then "
          + "Replicate of the empty entry) and several steps in one (a campaign's MsgVotes). The importer groups "
          + "them; Commit events that commit nothing and Ready events that show nothing new are not steps."),
  ENTRIES_AS_COUNTS(Kind.FREE, "same",
      "etcd logs the index of the last entry, never entries or their terms, and client proposals without their "
          + "values: log contents, entry terms and values are left free (one symbolic client value \"v\"), and "
          + "lastIndex is checked against Len(log). mentries of a message is left free; its count is checked."),
  NO_MESSAGE_IDS(Kind.FREE, "same",
      "etcd's messages have no ids: a receive is matched to any sent message with the same logged fields "
          + "(duplicates are allowed by Raft.tla's network)."),
  VOLATILE_NOT_LOGGED(Kind.FREE, "same",
      "etcd logs no progress (nextIndex/matchIndex), votes granted or read state: those are left free and "
          + "determined by the spec from the messages.");

  /** How the importer deals with a difference. */
  public enum Kind {
    /** a spelling difference: translated exactly. */
    MAPPING,
    /** etcd logs less than the spec needs: the value is left free. */
    FREE,
    /** a behaviour outside Raft.tla: modelled by an extra step or rule in TraceEtcd.tla, switchable. */
    RELAXATION,
    /** outside Raft.tla and not modelled: validation stops at the first such event. */
    OUT_OF_SPEC
  }

  private final Kind kind;
  private final String stricter;
  private final String text;

  EtcdDifference(Kind kind, String stricter, String text) {
    this.kind = kind;
    this.stricter = stricter;
    this.text = text;
  }

  public Kind kind() {
    return kind;
  }

  /** "Raft.tla", "etcd", "neither" (different rules, both safe) or "same" (a spelling difference). */
  public String stricter() {
    return stricter;
  }

  public String text() {
    return text;
  }

  /** The name of the TraceEtcd.tla relaxation (in EtcdRelax) for a RELAXATION, e.g. "probe-resend". */
  public String relaxation() {
    return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
  }

  public static List<EtcdDifference> relaxations() {
    return java.util.Arrays.stream(values()).filter(d -> d.kind == Kind.RELAXATION).toList();
  }
}
