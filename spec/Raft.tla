-------------------------------- MODULE Raft --------------------------------
(***************************************************************************)
(* Raft with PreVote, CheckQuorum, leadership transfer, etcd's fast        *)
(* backtracking, snapshots, single-server membership changes and ReadIndex. *)
(* Written in the style of Ongaro's raft.tla, but it implements EXACTLY the *)
(* action table of traces/FORMAT.md (names, variables, message fields): the *)
(* Java core implements the same table and traces are matched against it.  *)
(*                                                                         *)
(* References: "§n" = Raft paper (extended version, Ongaro & Ousterhout    *)
(* 2014), "D§n" = Ongaro's PhD dissertation (2014), "Fig. n" = figures of  *)
(* the paper.                                                              *)
(*                                                                         *)
(* Every action is a parameterized operator so that another module (trace  *)
(* validation) can EXTEND this one and call e.g.                           *)
(* HandleAppendEntriesRequest(i, m) directly; Next is only their disjunction.*)
(***************************************************************************)
EXTENDS Naturals, FiniteSets, Sequences, TLC

CONSTANTS
    Server,        \* every server id that can ever exist
    InitServers,   \* the initial voting configuration, a subset of Server
    Value,         \* client values
    Nil            \* "no value" (votedFor, value of a noop entry)

ASSUME InitServers \subseteq Server /\ InitServers # {}

(***************************************************************************)
(* Variables, named exactly as in FORMAT.md §1.                            *)
(***************************************************************************)
\* persistent (survive Restart)
VARIABLES currentTerm, votedFor, log, snapshotIndex, snapshotTerm, commitIndex
\* volatile (reset by Restart)
VARIABLES state, votesGranted, nextIndex, matchIndex, pendingReads
\* the id the next ReadIndex of server i will get (volatile: the core's
\* per-process counter; restarts at 1 on Restart and on BecomeLeader)
VARIABLE readId
\* the network: a SET of messages
VARIABLE messages
\* History variable (not in any implementation): the set of entries ever
\* committed by a leader, as records [index, term, cterm] where cterm is the
\* leader's term when it committed them. Used by LeaderCompleteness and
\* StateMachineSafety only.
VARIABLE committed

persistentVars == <<currentTerm, votedFor, log, snapshotIndex, snapshotTerm, commitIndex>>
volatileVars   == <<state, votesGranted, nextIndex, matchIndex, pendingReads, readId>>
vars == <<persistentVars, volatileVars, messages, committed>>

-----------------------------------------------------------------------------
(***************************************************************************)
(* Helpers                                                                 *)
(***************************************************************************)
Min(a, b) == IF a < b THEN a ELSE b
Max(a, b) == IF a > b THEN a ELSE b
MaxOf(S)  == CHOOSE x \in S : \A y \in S : x >= y

LastIndex(i) == Len(log[i])

\* Term of entry k of server i. Only k >= snapshotIndex[i] may be asked
\* (compacted entries are unreadable; at snapshotIndex the snapshot's term).
Term(i, k) == IF k = 0 THEN 0
              ELSE IF k = snapshotIndex[i] THEN snapshotTerm[i]
              ELSE log[i][k].term
LastTerm(i) == Term(i, LastIndex(i))

\* Index of the last "config" entry of a log, 0 if none.
LastConfigIndexOf(lg) ==
    LET idx == {k \in 1..Len(lg) : lg[k].type = "config"}
    IN IF idx = {} THEN 0 ELSE MaxOf(idx)
LastConfigIndex(i) == LastConfigIndexOf(log[i])

\* Config(i): the value of the last config entry in log[i] (committed or
\* not, D§4.1), or InitServers if there is none.
Config(i) == LET k == LastConfigIndex(i)
             IN IF k = 0 THEN InitServers ELSE log[i][k].value

\* S contains a quorum of configuration C: more than half of C's members.
IsQuorum(S, C) == 2 * Cardinality(S \cap C) > Cardinality(C)

\* The candidate's log (lastTerm, lastIndex) is at least as up to date as
\* server i's (§5.4.1).
LogUpToDate(i, lastTerm, lastIdx) ==
    \/ lastTerm > LastTerm(i)
    \/ /\ lastTerm = LastTerm(i)
       /\ lastIdx >= LastIndex(i)

\* Largest committed index anywhere (what any client may have observed).
MaxCommitted == MaxOf({commitIndex[j] : j \in Server})

\* A message delivery. The received message m is consumed, or (network
\* duplication) left in the set to be delivered again; `out` is sent.
\* Both choices are always allowed: the set of node behaviours is that of
\* FORMAT.md's "receiving does not remove a message" (keep = that, consume =
\* receive then DropMessage) but the consumed branch keeps the network small.
Deliver(m, out) ==
    \/ messages' = (messages \ {m}) \cup out
    \/ messages' = messages \cup out

\* m needs no UpdateTerm before its handler: its term is not newer, or it is
\* a pre-vote request or a granted pre-vote response (D§9.6).
NoTermUpdate(i, m) ==
    \/ m.mterm <= currentTerm[i]
    \/ m.mtype = "PreVoteRequest"
    \/ m.mtype = "PreVoteResponse" /\ m.mvoteGranted

\* A handler that receives m with no state change (stale or wrong role).
\* Like every delivery it may consume m or leave it (a duplicate may arrive
\* again: the core's network is a multiset, the spec's a set).
Ignore(m) ==
    /\ Deliver(m, {})
    /\ UNCHANGED <<persistentVars, volatileVars, committed>>

Send(out) == messages' = messages \cup out

-----------------------------------------------------------------------------
(***************************************************************************)
(* Initial state: every server a Follower in term 0 with an empty log.    *)
(***************************************************************************)
Init ==
    /\ currentTerm   = [i \in Server |-> 0]
    /\ votedFor      = [i \in Server |-> Nil]
    /\ log           = [i \in Server |-> << >>]
    /\ snapshotIndex = [i \in Server |-> 0]
    /\ snapshotTerm  = [i \in Server |-> 0]
    /\ commitIndex   = [i \in Server |-> 0]
    /\ state         = [i \in Server |-> "Follower"]
    /\ votesGranted  = [i \in Server |-> {}]
    /\ nextIndex     = [i \in Server |-> [j \in Server |-> 1]]
    /\ matchIndex    = [i \in Server |-> [j \in Server |-> 0]]
    /\ pendingReads  = [i \in Server |-> {}]
    /\ readId        = [i \in Server |-> 1]
    /\ messages      = {}
    /\ committed     = {}

-----------------------------------------------------------------------------
(***************************************************************************)
(* Server actions                                                          *)
(***************************************************************************)

\* Server i crashes and restarts from stable storage: it keeps its
\* persistent state and loses its volatile state (§5.1, Fig. 2).
Restart(i) ==
    /\ state'        = [state        EXCEPT ![i] = "Follower"]
    /\ votesGranted' = [votesGranted EXCEPT ![i] = {}]
    /\ nextIndex'    = [nextIndex    EXCEPT ![i] = [j \in Server |-> 1]]
    /\ matchIndex'   = [matchIndex   EXCEPT ![i] = [j \in Server |-> 0]]
    /\ pendingReads' = [pendingReads EXCEPT ![i] = {}]
    /\ readId'       = [readId       EXCEPT ![i] = 1]
    /\ UNCHANGED <<persistentVars, messages, committed>>

\* Server i's election timer fires: it becomes a PreCandidate and asks every
\* other voter whether it would vote for it in term currentTerm+1, without
\* changing its term (PreVote, D§9.6). The broadcast is one atomic step.
Timeout(i) ==
    /\ i \in Config(i)
    /\ state[i] # "Leader"
    /\ state'        = [state        EXCEPT ![i] = "PreCandidate"]
    /\ votesGranted' = [votesGranted EXCEPT ![i] = {i}]
    /\ Send({[mtype |-> "PreVoteRequest", mterm |-> currentTerm[i] + 1,
              msource |-> i, mdest |-> j,
              mlastLogIndex |-> LastIndex(i), mlastLogTerm |-> LastTerm(i)]
             : j \in Config(i) \ {i}})
    /\ UNCHANGED <<persistentVars, nextIndex, matchIndex, pendingReads, readId, committed>>

\* Server i answers a pre-vote: granted iff the pre-candidate's term is
\* newer and its log is up to date (§5.4.1); i may also refuse because it
\* heard from a leader recently (timing: a free choice). No state change
\* (D§9.6). etcd: a granted reply carries m.mterm, a refusal currentTerm[i].
HandlePreVoteRequest(i, m) ==
    LET canGrant == /\ m.mterm > currentTerm[i]
                    /\ LogUpToDate(i, m.mlastLogTerm, m.mlastLogIndex)
    IN \E grant \in (IF canGrant THEN {TRUE, FALSE} ELSE {FALSE}) :
        /\ Deliver(m, {[mtype |-> "PreVoteResponse",
                        mterm |-> IF grant THEN m.mterm ELSE currentTerm[i],
                        msource |-> i, mdest |-> m.msource,
                        mvoteGranted |-> grant]})
        /\ UNCHANGED <<persistentVars, volatileVars, committed>>

\* PreCandidate i counts a pre-vote for term currentTerm[i]+1 (D§9.6).
HandlePreVoteResponse(i, m) ==
    /\ NoTermUpdate(i, m)
    /\ IF state[i] = "PreCandidate" /\ m.mterm = currentTerm[i] + 1
       THEN /\ votesGranted' = [votesGranted EXCEPT ![i] =
                                   IF m.mvoteGranted THEN @ \cup {m.msource} ELSE @]
            /\ Deliver(m, {})
            /\ UNCHANGED <<persistentVars, state, nextIndex, matchIndex, pendingReads, readId, committed>>
       ELSE Ignore(m)

\* Server i starts a real election, having a quorum of pre-votes: it
\* increments its term, votes for itself and asks every other voter for its
\* vote (§5.2). Shared by BecomeCandidate and HandleTimeoutNow.
StartElection(i) ==
    /\ state'        = [state        EXCEPT ![i] = "Candidate"]
    /\ currentTerm'  = [currentTerm  EXCEPT ![i] = @ + 1]
    /\ votedFor'     = [votedFor     EXCEPT ![i] = i]
    /\ votesGranted' = [votesGranted EXCEPT ![i] = {i}]

RequestVotes(i) ==
    {[mtype |-> "RequestVoteRequest", mterm |-> currentTerm[i] + 1,
      msource |-> i, mdest |-> j,
      mlastLogIndex |-> LastIndex(i), mlastLogTerm |-> LastTerm(i)]
     : j \in Config(i) \ {i}}

BecomeCandidate(i) ==
    /\ state[i] = "PreCandidate"
    /\ IsQuorum(votesGranted[i], Config(i))
    /\ StartElection(i)
    /\ Send(RequestVotes(i))
    /\ UNCHANGED <<log, snapshotIndex, snapshotTerm, commitIndex,
                   nextIndex, matchIndex, pendingReads, readId, committed>>

\* Any message with a newer term makes the receiver adopt it and become a
\* Follower (§5.1); m is not consumed (its handler comes next). Pre-vote
\* requests and granted pre-vote responses carry a term nobody has entered
\* yet and do not count (D§9.6).
UpdateTerm(i, m) ==
    /\ m.mterm > currentTerm[i]
    /\ m.mtype # "PreVoteRequest"
    /\ ~(m.mtype = "PreVoteResponse" /\ m.mvoteGranted)
    /\ currentTerm' = [currentTerm EXCEPT ![i] = m.mterm]
    /\ state'       = [state       EXCEPT ![i] = "Follower"]
    /\ votedFor'    = [votedFor    EXCEPT ![i] = Nil]
    /\ UNCHANGED <<log, snapshotIndex, snapshotTerm, commitIndex, votesGranted,
                   nextIndex, matchIndex, pendingReads, readId, messages, committed>>

\* Server i answers a vote request of its term or an older one: it grants
\* iff the term is its own, it has not voted for someone else in this term
\* and the candidate's log is at least as up to date (§5.2, §5.4.1).
HandleRequestVoteRequest(i, m) ==
    LET grant == /\ m.mterm = currentTerm[i]
                 /\ votedFor[i] \in {Nil, m.msource}
                 /\ LogUpToDate(i, m.mlastLogTerm, m.mlastLogIndex)
    IN /\ m.mterm <= currentTerm[i]
       /\ votedFor' = IF grant THEN [votedFor EXCEPT ![i] = m.msource] ELSE votedFor
       /\ Deliver(m, {[mtype |-> "RequestVoteResponse", mterm |-> currentTerm[i],
                       msource |-> i, mdest |-> m.msource, mvoteGranted |-> grant]})
       /\ UNCHANGED <<currentTerm, log, snapshotIndex, snapshotTerm, commitIndex,
                      volatileVars, committed>>

\* Candidate i counts a vote of its current term (§5.2).
HandleRequestVoteResponse(i, m) ==
    /\ m.mterm <= currentTerm[i]
    /\ IF state[i] = "Candidate" /\ m.mterm = currentTerm[i]
       THEN /\ votesGranted' = [votesGranted EXCEPT ![i] =
                                  IF m.mvoteGranted THEN @ \cup {m.msource} ELSE @]
            /\ Deliver(m, {})
            /\ UNCHANGED <<persistentVars, state, nextIndex, matchIndex, pendingReads, readId, committed>>
       ELSE Ignore(m)

\* Candidate i has a quorum of its configuration and becomes Leader (§5.2).
\* It resets its replication progress and appends a noop entry of its term
\* so that it can commit (D§6.4, as etcd does). A new leader has no reads.
BecomeLeader(i) ==
    /\ state[i] = "Candidate"
    /\ IsQuorum(votesGranted[i], Config(i))
    /\ state'        = [state      EXCEPT ![i] = "Leader"]
    /\ nextIndex'    = [nextIndex  EXCEPT ![i] = [j \in Server |-> LastIndex(i) + 1]]
    /\ matchIndex'   = [matchIndex EXCEPT ![i] = [j \in Server |-> 0]]
    /\ log'          = [log EXCEPT ![i] =
                          Append(@, [term |-> currentTerm[i], type |-> "noop", value |-> Nil])]
    /\ pendingReads' = [pendingReads EXCEPT ![i] = {}]
    /\ readId'       = [readId       EXCEPT ![i] = 1]
    /\ UNCHANGED <<currentTerm, votedFor, snapshotIndex, snapshotTerm, commitIndex,
                   votesGranted, messages, committed>>

\* Leader i appends a client value to its log (§5.3).
ClientRequest(i, v) ==
    /\ state[i] = "Leader"
    /\ log' = [log EXCEPT ![i] = Append(@, [term |-> currentTerm[i], type |-> "value", value |-> v])]
    /\ UNCHANGED <<currentTerm, votedFor, snapshotIndex, snapshotTerm, commitIndex,
                   volatileVars, messages, committed>>

\* Leader i sends j the k >= 0 entries from nextIndex[i][j] on (k = 0: a
\* heartbeat), and optimistically advances nextIndex (etcd's replicate
\* state) (§5.3).
AppendEntriesK(i, j, k) ==
    LET prev == nextIndex[i][j] - 1
    IN /\ Send({[mtype |-> "AppendEntriesRequest", mterm |-> currentTerm[i],
                 msource |-> i, mdest |-> j,
                 mprevLogIndex |-> prev, mprevLogTerm |-> Term(i, prev),
                 mentries |-> SubSeq(log[i], prev + 1, prev + k),
                 mcommitIndex |-> Min(commitIndex[i], prev + k)]})
       /\ nextIndex' = [nextIndex EXCEPT ![i][j] = @ + k]
       /\ UNCHANGED <<persistentVars, state, votesGranted, matchIndex, pendingReads, readId, committed>>

AppendEntries(i, j) ==
    /\ state[i] = "Leader"
    /\ j \in Config(i) \ {i}
    /\ nextIndex[i][j] > snapshotIndex[i]
    /\ \E k \in 0..(LastIndex(i) + 1 - nextIndex[i][j]) : AppendEntriesK(i, j, k)

\* The fast-backtracking walk of FORMAT.md §2: from k down, while
\* k > snapshotIndex[i] and Term(i, k) > t, decrement k.
RECURSIVE WalkDown(_, _, _)
WalkDown(i, k, t) == IF k > snapshotIndex[i] /\ Term(i, k) > t
                     THEN WalkDown(i, k - 1, t) ELSE k

AEResponse(i, m, success, matchIdx, rejIdx, hintIdx, hintTerm) ==
    [mtype |-> "AppendEntriesResponse", mterm |-> currentTerm[i],
     msource |-> i, mdest |-> m.msource, msuccess |-> success,
     mmatchIndex |-> matchIdx, mrejectedIndex |-> rejIdx,
     mhintIndex |-> hintIdx, mhintTerm |-> hintTerm]

\* The log after accepting m: only entries that CONFLICT with m's (same
\* index, different term) are deleted, with everything after them; m's
\* entries that are missing are appended (§5.3, Fig. 2 step 3-4).
MergedLog(i, m) ==
    LET prev == m.mprevLogIndex
        ents == m.mentries
        conflicts == {k \in 1..Len(ents) :
                        \/ prev + k > LastIndex(i)
                        \/ log[i][prev + k].term # ents[k].term}
    IN IF conflicts = {} THEN log[i]
       ELSE LET c == CHOOSE c \in conflicts : \A d \in conflicts : c <= d
            IN SubSeq(log[i], 1, prev + c - 1) \o SubSeq(ents, c, Len(ents))

\* Server i handles an AppendEntries request of its term or an older one
\* (§5.3, Fig. 2): a stale one is refused; otherwise i is a Follower of the
\* sender; a request below i's commit index is answered with that index;
\* a matching one is merged; a non-matching one is refused with etcd's
\* fast-backtracking hint (FORMAT.md §2).
HandleAppendEntriesRequest(i, m) ==
    /\ m.mterm <= currentTerm[i]
    /\ IF m.mterm < currentTerm[i]
       THEN /\ Deliver(m, {AEResponse(i, m, FALSE, 0, 0, 0, 0)})
            /\ UNCHANGED <<persistentVars, volatileVars, committed>>
       ELSE
         /\ state' = [state EXCEPT ![i] = "Follower"]
         /\ UNCHANGED <<currentTerm, votedFor, snapshotIndex, snapshotTerm,
                        votesGranted, nextIndex, matchIndex, pendingReads, readId, committed>>
         /\ CASE m.mprevLogIndex < commitIndex[i] ->
                   /\ Deliver(m, {AEResponse(i, m, TRUE, commitIndex[i], 0, 0, 0)})
                   /\ UNCHANGED <<log, commitIndex>>
              [] m.mprevLogIndex <= LastIndex(i)
                 /\ Term(i, m.mprevLogIndex) = m.mprevLogTerm ->
                   /\ log' = [log EXCEPT ![i] = MergedLog(i, m)]
                   /\ commitIndex' = [commitIndex EXCEPT ![i] = Max(@, m.mcommitIndex)]
                   /\ Deliver(m, {AEResponse(i, m, TRUE,
                                             m.mprevLogIndex + Len(m.mentries), 0, 0, 0)})
              [] OTHER ->
                   LET hint == WalkDown(i, Min(m.mprevLogIndex, LastIndex(i)), m.mprevLogTerm)
                   IN /\ Deliver(m, {AEResponse(i, m, FALSE, 0, m.mprevLogIndex,
                                                hint, Term(i, hint))})
                      /\ UNCHANGED <<log, commitIndex>>

\* Leader i handles an AppendEntries (or InstallSnapshot) reply of its term
\* (§5.3): success raises matchIndex/nextIndex; a non-stale refusal moves
\* nextIndex back by etcd's fast-backtracking rule (FORMAT.md §2).
HandleAppendEntriesResponse(i, m) ==
    LET j == m.msource IN
    /\ m.mterm <= currentTerm[i]
    /\ IF state[i] = "Leader" /\ m.mterm = currentTerm[i]
       THEN
         /\ IF m.msuccess
            THEN /\ matchIndex' = [matchIndex EXCEPT ![i][j] = Max(@, m.mmatchIndex)]
                 /\ nextIndex'  = [nextIndex  EXCEPT ![i][j] = Max(@, m.mmatchIndex + 1)]
            ELSE /\ nextIndex' =
                      IF m.mrejectedIndex <= matchIndex[i][j] THEN nextIndex
                      ELSE LET k == IF m.mhintTerm > 0
                                    THEN WalkDown(i, m.mhintIndex, m.mhintTerm)
                                    ELSE m.mhintIndex
                           IN [nextIndex EXCEPT ![i][j] =
                                 Max(matchIndex[i][j] + 1, Min(m.mrejectedIndex, k + 1))]
                 /\ UNCHANGED matchIndex
         /\ Deliver(m, {})
         /\ UNCHANGED <<persistentVars, state, votesGranted, pendingReads, readId, committed>>
       ELSE Ignore(m)

\* Leader i commits the largest N > commitIndex[i] whose entry is of its
\* own term and that a quorum of its configuration holds (§5.3; only
\* entries of the current term are committed by counting replicas, §5.4.2,
\* Fig. 8). A leader that is not in the configuration steps down once the
\* last config entry is committed (D§4.2.2).
AdvanceCommitIndex(i) ==
    LET C == Config(i)
        Agree(n) == {j \in C : matchIndex[i][j] >= n} \cup ({i} \cap C)
        ok == {n \in (commitIndex[i] + 1)..LastIndex(i) :
                 /\ log[i][n].term = currentTerm[i]
                 /\ IsQuorum(Agree(n), C)}
        newCommit == MaxOf(ok)
    IN /\ state[i] = "Leader"
       /\ ok # {}
       /\ commitIndex' = [commitIndex EXCEPT ![i] = newCommit]
       /\ state' = IF i \notin C /\ LastConfigIndex(i) <= newCommit
                   THEN [state EXCEPT ![i] = "Follower"] ELSE state
       /\ committed' = committed \cup
                         {[index |-> n, term |-> log[i][n].term, cterm |-> currentTerm[i]]
                          : n \in (commitIndex[i] + 1)..newCommit}
       /\ UNCHANGED <<currentTerm, votedFor, log, snapshotIndex, snapshotTerm,
                      votesGranted, nextIndex, matchIndex, pendingReads, readId, messages>>

\* Leader i sends j its snapshot because j needs entries i has compacted (§7).
SendSnapshot(i, j) ==
    /\ state[i] = "Leader"
    /\ j \in Config(i) \ {i}
    /\ nextIndex[i][j] <= snapshotIndex[i]
    /\ Send({[mtype |-> "InstallSnapshotRequest", mterm |-> currentTerm[i],
              msource |-> i, mdest |-> j,
              mlastIncludedIndex |-> snapshotIndex[i],
              mlastIncludedTerm |-> snapshotTerm[i],
              mdata |-> SubSeq(log[i], 1, snapshotIndex[i])]})
    /\ nextIndex' = [nextIndex EXCEPT ![i][j] = snapshotIndex[i] + 1]
    /\ UNCHANGED <<persistentVars, state, votesGranted, matchIndex, pendingReads, readId, committed>>

\* Server i installs a snapshot of its term (§7): nothing if it already
\* committed that far; if its log has the snapshot's last entry, it only
\* commits up to it; otherwise its log is replaced by the snapshot. It
\* replies success with its commit index (etcd; CONTRACT-CHANGES 10:05).
HandleInstallSnapshotRequest(i, m) ==
    LET idx == m.mlastIncludedIndex
        has == idx <= LastIndex(i) /\ Term(i, idx) = m.mlastIncludedTerm
        newCommit == IF idx <= commitIndex[i] THEN commitIndex[i] ELSE idx
    IN
    /\ m.mterm <= currentTerm[i]
    /\ IF m.mterm = currentTerm[i]
       THEN
         /\ state' = [state EXCEPT ![i] = "Follower"]
         /\ commitIndex' = [commitIndex EXCEPT ![i] = newCommit]
         /\ IF idx > commitIndex[i] /\ ~has
            THEN /\ log' = [log EXCEPT ![i] = m.mdata]
                 /\ snapshotIndex' = [snapshotIndex EXCEPT ![i] = idx]
                 /\ snapshotTerm'  = [snapshotTerm  EXCEPT ![i] = m.mlastIncludedTerm]
            ELSE UNCHANGED <<log, snapshotIndex, snapshotTerm>>
         /\ Deliver(m, {AEResponse(i, m, TRUE, newCommit, 0, 0, 0)})
         /\ UNCHANGED <<currentTerm, votedFor, votesGranted, nextIndex, matchIndex,
                        pendingReads, readId, committed>>
       ELSE Ignore(m)

\* Server i compacts its log up to a committed (applied) index k (§7).
TakeSnapshot(i, k) ==
    /\ snapshotIndex[i] < k
    /\ k <= commitIndex[i]
    /\ snapshotIndex' = [snapshotIndex EXCEPT ![i] = k]
    /\ snapshotTerm'  = [snapshotTerm  EXCEPT ![i] = log[i][k].term]
    /\ UNCHANGED <<currentTerm, votedFor, log, commitIndex, volatileVars, messages, committed>>

\* Leader i may propose a configuration change only if none is uncommitted
\* and it has committed an entry of its own term (D§4.1 and the 2015
\* raft-dev fix of the single-server change bug).
CanChangeConfig(i) ==
    /\ state[i] = "Leader"
    /\ LastConfigIndex(i) <= commitIndex[i]
    /\ Term(i, commitIndex[i]) = currentTerm[i]  \* committed an entry of its term

AppendConfig(i, c) ==
    /\ log' = [log EXCEPT ![i] = Append(@, [term |-> currentTerm[i], type |-> "config", value |-> c])]
    /\ UNCHANGED <<currentTerm, votedFor, snapshotIndex, snapshotTerm, commitIndex,
                   volatileVars, messages, committed>>

\* Leader i adds server j to the configuration: a config entry, in effect
\* as soon as it is in the log (D§4.1).
AddServer(i, j) ==
    /\ CanChangeConfig(i)
    /\ j \notin Config(i)
    /\ AppendConfig(i, Config(i) \cup {j})

\* Leader i removes server j (possibly itself) from the configuration (D§4.1).
RemoveServer(i, j) ==
    /\ CanChangeConfig(i)
    /\ j \in Config(i)
    /\ Config(i) # {j}
    /\ AppendConfig(i, Config(i) \ {j})

\* Leader i has not heard from a quorum within an election timeout and
\* steps down (CheckQuorum, D§6.2; timing abstracted to a free choice).
CheckQuorum(i) ==
    /\ state[i] = "Leader"
    /\ state' = [state EXCEPT ![i] = "Follower"]
    /\ UNCHANGED <<persistentVars, votesGranted, nextIndex, matchIndex, pendingReads,
                   readId, messages, committed>>

\* Leader i hands leadership to an up-to-date voter j (D§3.10).
TransferLeadership(i, j) ==
    /\ state[i] = "Leader"
    /\ j \in Config(i) \ {i}
    /\ matchIndex[i][j] = LastIndex(i)
    /\ Send({[mtype |-> "TimeoutNow", mterm |-> currentTerm[i], msource |-> i, mdest |-> j]})
    /\ UNCHANGED <<persistentVars, volatileVars, committed>>

\* Server i receives TimeoutNow of its term and starts an election at once,
\* skipping the pre-vote (D§3.10).
HandleTimeoutNow(i, m) ==
    /\ m.mterm <= currentTerm[i]
    /\ IF m.mterm = currentTerm[i] /\ i \in Config(i)
       THEN /\ StartElection(i)
            /\ Deliver(m, RequestVotes(i))
            /\ UNCHANGED <<log, snapshotIndex, snapshotTerm, commitIndex,
                           nextIndex, matchIndex, pendingReads, readId, committed>>
       ELSE Ignore(m)

\* Leader i starts a ReadIndex read (D§6.4): it has committed an entry of
\* its term, records its commit index as the read index and asks the voters
\* to confirm it is still leader. mustSee (history, spec only) is the
\* largest index committed anywhere when the read began.
ReadIndex(i) ==
    /\ state[i] = "Leader"
    /\ Term(i, commitIndex[i]) = currentTerm[i]  \* the read index is of its term
    /\ pendingReads' = [pendingReads EXCEPT ![i] = @ \cup
                          {[id |-> readId[i], index |-> commitIndex[i], acks |-> {i},
                            mustSee |-> MaxCommitted]}]
    /\ readId' = [readId EXCEPT ![i] = @ + 1]
    /\ Send({[mtype |-> "HeartbeatRequest", mterm |-> currentTerm[i],
              msource |-> i, mdest |-> j, mreadId |-> readId[i],
              mcommitIndex |-> commitIndex[i]] : j \in Config(i) \ {i}})
    /\ UNCHANGED <<persistentVars, state, votesGranted, nextIndex, matchIndex, committed>>

\* Server i acknowledges a heartbeat of its term: it follows the sender.
HandleHeartbeatRequest(i, m) ==
    /\ m.mterm <= currentTerm[i]
    /\ IF m.mterm = currentTerm[i]
       THEN /\ state' = [state EXCEPT ![i] = "Follower"]
            /\ Deliver(m, {[mtype |-> "HeartbeatResponse", mterm |-> currentTerm[i],
                            msource |-> i, mdest |-> m.msource, mreadId |-> m.mreadId]})
            /\ UNCHANGED <<persistentVars, votesGranted, nextIndex, matchIndex,
                           pendingReads, readId, committed>>
       ELSE Ignore(m)

\* Leader i records the ack of m.msource for read m.mreadId (D§6.4).
HandleHeartbeatResponse(i, m) ==
    /\ m.mterm <= currentTerm[i]
    /\ IF state[i] = "Leader" /\ m.mterm = currentTerm[i]
       THEN /\ pendingReads' = [pendingReads EXCEPT ![i] =
                 {IF r.id = m.mreadId THEN [r EXCEPT !.acks = @ \cup {m.msource}] ELSE r
                  : r \in @}]
            /\ Deliver(m, {})
            /\ UNCHANGED <<persistentVars, state, votesGranted, nextIndex, matchIndex,
                           readId, committed>>
       ELSE Ignore(m)

\* Read r of leader i may be answered: a quorum confirmed i's leadership
\* after the read began, and i has applied up to the read index (D§6.4).
CanServe(i, r) ==
    /\ state[i] = "Leader"
    /\ IsQuorum(r.acks, Config(i))
    /\ commitIndex[i] >= r.index

\* Leader i answers read `id` at its read index (D§6.4).
ServeRead(i, id) ==
    \E r \in pendingReads[i] :
        /\ r.id = id
        /\ CanServe(i, r)
        /\ pendingReads' = [pendingReads EXCEPT ![i] = @ \ {r}]
        /\ UNCHANGED <<persistentVars, state, votesGranted, nextIndex, matchIndex,
                       readId, messages, committed>>

\* The network loses message m.
DropMessage(m) ==
    /\ messages' = messages \ {m}
    /\ UNCHANGED <<persistentVars, volatileVars, committed>>

-----------------------------------------------------------------------------
(***************************************************************************)
(* Receiving: a message with a newer term first goes through UpdateTerm;  *)
(* then exactly one handler of its type consumes it.                      *)
(***************************************************************************)
Receive(m) ==
    LET i == m.mdest IN
    \/ UpdateTerm(i, m)
    \/ m.mtype = "PreVoteRequest"         /\ HandlePreVoteRequest(i, m)
    \/ m.mtype = "PreVoteResponse"        /\ HandlePreVoteResponse(i, m)
    \/ m.mtype = "RequestVoteRequest"     /\ HandleRequestVoteRequest(i, m)
    \/ m.mtype = "RequestVoteResponse"    /\ HandleRequestVoteResponse(i, m)
    \/ m.mtype = "AppendEntriesRequest"   /\ HandleAppendEntriesRequest(i, m)
    \/ m.mtype = "AppendEntriesResponse"  /\ HandleAppendEntriesResponse(i, m)
    \/ m.mtype = "InstallSnapshotRequest" /\ HandleInstallSnapshotRequest(i, m)
    \/ m.mtype = "TimeoutNow"             /\ HandleTimeoutNow(i, m)
    \/ m.mtype = "HeartbeatRequest"       /\ HandleHeartbeatRequest(i, m)
    \/ m.mtype = "HeartbeatResponse"      /\ HandleHeartbeatResponse(i, m)

\* Each disjunct is one action of FORMAT.md §1.
Next ==
    \/ \E i \in Server : Restart(i)
    \/ \E i \in Server : Timeout(i)
    \/ \E i \in Server : BecomeCandidate(i)
    \/ \E i \in Server : BecomeLeader(i)
    \/ \E i \in Server, v \in Value : ClientRequest(i, v)
    \/ \E i, j \in Server : AppendEntries(i, j)
    \/ \E i \in Server : AdvanceCommitIndex(i)
    \/ \E i, j \in Server : SendSnapshot(i, j)
    \/ \E i \in Server : \E k \in 1..LastIndex(i) : TakeSnapshot(i, k)
    \/ \E i, j \in Server : AddServer(i, j)
    \/ \E i, j \in Server : RemoveServer(i, j)
    \/ \E i \in Server : CheckQuorum(i)
    \/ \E i, j \in Server : TransferLeadership(i, j)
    \/ \E i \in Server : ReadIndex(i)
    \/ \E i \in Server : \E r \in pendingReads[i] : ServeRead(i, r.id)
    \/ \E m \in messages : Receive(m)
    \/ \E m \in messages : DropMessage(m)

Spec == Init /\ [][Next]_vars

=============================================================================
