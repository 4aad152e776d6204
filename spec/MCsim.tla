------------------------------- MODULE MCsim -------------------------------
(***************************************************************************)
(* Simulation-only next-state relation for `tlc -simulate` (MCraft_sim,    *)
(* MCraft_reconfig, MCraft_compaction). Not used by the exhaustive or the  *)
(* mutation models, and Raft.tla is unchanged: every SimNext step is a     *)
(* Next step (each Sim* action is a Raft action conjoined with guards).    *)
(*                                                                         *)
(* Why: TLC's simulator picks uniformly among the enabled actions, and     *)
(* Restart, Timeout, DropMessage, CheckQuorum and TransferLeadership are   *)
(* almost always enabled, so random behaviours of Next interrupt every     *)
(* election; and a step that leaves the state constraint ENDS the          *)
(* behaviour (TLC discards the rest). Measured before this module: no      *)
(* BecomeLeader and no AdvanceCommitIndex in 180 s (README.md).            *)
(*                                                                         *)
(* So here:                                                                *)
(*  - faults (Restart, DropMessage, CheckQuorum step-down,                 *)
(*    TransferLeadership, a spurious Timeout, a duplicating delivery) are  *)
(*    enabled only at "fault levels": behaviour depths divisible by        *)
(*    FaultEvery (TLCGet("level")). Between them the protocol makes        *)
(*    progress; at them any fault can still happen, in any state;          *)
(*  - Timeout is always enabled while no server is Leader, PreCandidate or *)
(*    Candidate (the cluster needs an election), otherwise only at fault   *)
(*    levels (competing and disruptive elections);                         *)
(*  - every action also requires its successor to be within Bounds, so a   *)
(*    step that would leave the bounds is disabled instead of ending the   *)
(*    behaviour;                                                           *)
(*  - a leader appends client and configuration entries only while its log *)
(*    keeps room for later leaders' noops (RoomFor).                       *)
(***************************************************************************)
EXTENDS MCraft, TLC

CONSTANT FaultEvery  \* faults only at depths divisible by this (1 = always)

FaultOK == TLCGet("level") % FaultEvery = 0

NeedElection == \A j \in Server : state[j] \notin {"Leader", "PreCandidate", "Candidate"}

\* Leader i may append a client (extra = 2) or configuration (extra = 1)
\* entry only if its log keeps room for a noop of every later term up to
\* MaxTerm (and, for a client entry, one configuration change): otherwise
\* client requests fill the log early, and every later BecomeLeader (its
\* noop) would leave the bounds, so no election could complete.
RoomFor(i, extra) == LastIndex(i) + extra + (MaxTerm - currentTerm[i]) <= MaxLogLen

\* Deliver <- SimDeliver: a delivery of a type in DupTypes may keep the
\* message (duplication) only at a fault level.
SimDeliver(m, out) ==
    IF m.mtype \in DupTypes /\ FaultOK
    THEN \/ messages' = (messages \ {m}) \cup out
         \/ messages' = messages \cup out
    ELSE messages' = (messages \ {m}) \cup out

\* One operator per Raft action, so that TLC's -coverage lists them by name.
SimRestart(i)              == FaultOK /\ Restart(i) /\ Bounds'
SimTimeout(i)              == (NeedElection \/ FaultOK) /\ Timeout(i) /\ Bounds'
SimBecomeCandidate(i)      == BecomeCandidate(i) /\ Bounds'
SimBecomeLeader(i)         == BecomeLeader(i) /\ Bounds'
SimClientRequest(i, v)     == RoomFor(i, 2) /\ ClientRequest(i, v) /\ Bounds'
SimAppendEntries(i, j)     == AppendEntries(i, j) /\ Bounds'
SimAdvanceCommitIndex(i)   == AdvanceCommitIndex(i) /\ Bounds'
SimSendSnapshot(i, j)      == SendSnapshot(i, j) /\ Bounds'
SimTakeSnapshot(i, k)      == TakeSnapshot(i, k) /\ Bounds'
SimAddServer(i, j)         == RoomFor(i, 1) /\ AddServer(i, j) /\ Bounds'
SimRemoveServer(i, j)      == RoomFor(i, 1) /\ RemoveServer(i, j) /\ Bounds'
SimCheckQuorum(i)          == FaultOK /\ CheckQuorum(i) /\ Bounds'
SimTransferLeadership(i, j) == FaultOK /\ TransferLeadership(i, j) /\ Bounds'
SimReadIndex(i)            == ReadIndex(i) /\ Bounds'
SimServeRead(i, id)        == ServeRead(i, id) /\ Bounds'
\* Receive(m) split into its disjuncts (Raft.tla), one action each.
SimUpdateTerm(m) == UpdateTerm(m.mdest, m) /\ Bounds'
SimHandlePreVoteRequest(m) == m.mtype = "PreVoteRequest" /\ HandlePreVoteRequest(m.mdest, m) /\ Bounds'
SimHandlePreVoteResponse(m) == m.mtype = "PreVoteResponse" /\ HandlePreVoteResponse(m.mdest, m) /\ Bounds'
SimHandleRequestVoteRequest(m) == m.mtype = "RequestVoteRequest" /\ HandleRequestVoteRequest(m.mdest, m) /\ Bounds'
SimHandleRequestVoteResponse(m) == m.mtype = "RequestVoteResponse" /\ HandleRequestVoteResponse(m.mdest, m) /\ Bounds'
SimHandleAppendEntriesRequest(m) == m.mtype = "AppendEntriesRequest" /\ HandleAppendEntriesRequest(m.mdest, m) /\ Bounds'
SimHandleAppendEntriesResponse(m) == m.mtype = "AppendEntriesResponse" /\ HandleAppendEntriesResponse(m.mdest, m) /\ Bounds'
SimHandleInstallSnapshotRequest(m) == m.mtype = "InstallSnapshotRequest" /\ HandleInstallSnapshotRequest(m.mdest, m) /\ Bounds'
SimHandleTimeoutNow(m) == m.mtype = "TimeoutNow" /\ HandleTimeoutNow(m.mdest, m) /\ Bounds'
SimHandleHeartbeatRequest(m) == m.mtype = "HeartbeatRequest" /\ HandleHeartbeatRequest(m.mdest, m) /\ Bounds'
SimHandleHeartbeatResponse(m) == m.mtype = "HeartbeatResponse" /\ HandleHeartbeatResponse(m.mdest, m) /\ Bounds'
SimDropMessage(m)          == FaultOK /\ DropMessage(m) /\ Bounds'

SimNext ==
    \/ \E i \in Server : SimRestart(i)
    \/ \E i \in Server : SimTimeout(i)
    \/ \E i \in Server : SimBecomeCandidate(i)
    \/ \E i \in Server : SimBecomeLeader(i)
    \/ \E i \in Server, v \in Value : SimClientRequest(i, v)
    \/ \E i, j \in Server : SimAppendEntries(i, j)
    \/ \E i \in Server : SimAdvanceCommitIndex(i)
    \/ \E i, j \in Server : SimSendSnapshot(i, j)
    \/ \E i \in Server : \E k \in 1..LastIndex(i) : SimTakeSnapshot(i, k)
    \/ \E i, j \in Server : SimAddServer(i, j)
    \/ \E i, j \in Server : SimRemoveServer(i, j)
    \/ \E i \in Server : SimCheckQuorum(i)
    \/ \E i, j \in Server : SimTransferLeadership(i, j)
    \/ \E i \in Server : SimReadIndex(i)
    \/ \E i \in Server : \E r \in pendingReads[i] : SimServeRead(i, r.id)
    \/ \E m \in messages : SimUpdateTerm(m)
    \/ \E m \in messages : SimHandlePreVoteRequest(m)
    \/ \E m \in messages : SimHandlePreVoteResponse(m)
    \/ \E m \in messages : SimHandleRequestVoteRequest(m)
    \/ \E m \in messages : SimHandleRequestVoteResponse(m)
    \/ \E m \in messages : SimHandleAppendEntriesRequest(m)
    \/ \E m \in messages : SimHandleAppendEntriesResponse(m)
    \/ \E m \in messages : SimHandleInstallSnapshotRequest(m)
    \/ \E m \in messages : SimHandleTimeoutNow(m)
    \/ \E m \in messages : SimHandleHeartbeatRequest(m)
    \/ \E m \in messages : SimHandleHeartbeatResponse(m)
    \/ \E m \in messages : SimDropMessage(m)
=============================================================================
