-------------------------------- MODULE Raft --------------------------------
(* STAND-IN written by the trace-validation engineer from traces/FORMAT.md (+ the core's clarifications in
   CONTRACT-CHANGES.md) so that TraceRaft.tla can be developed and tested before the real spec/Raft.tla lands.
   It is NOT the project's spec: the validator uses spec/Raft.tla whenever it exists.                      *)
EXTENDS Naturals, Sequences, FiniteSets, TLC

CONSTANTS Server, InitServers, Value, Nil

VARIABLES currentTerm, votedFor, log, snapshotIndex, snapshotTerm, commitIndex,
          state, votesGranted, nextIndex, matchIndex, pendingReads, messages

vars == <<currentTerm, votedFor, log, snapshotIndex, snapshotTerm, commitIndex,
          state, votesGranted, nextIndex, matchIndex, pendingReads, messages>>
persistentVars == <<currentTerm, votedFor, log, snapshotIndex, snapshotTerm, commitIndex>>
leaderVars == <<nextIndex, matchIndex, pendingReads>>

MaxReadId == 20
Min(a, b) == IF a < b THEN a ELSE b
Max(a, b) == IF a > b THEN a ELSE b

LastIndex(i) == Len(log[i])
LastTerm(i) == IF Len(log[i]) = 0 THEN 0 ELSE log[i][Len(log[i])].term
Term(i, k) == IF k = 0 THEN 0 ELSE log[i][k].term

ConfigIdx(i) == {k \in 1..Len(log[i]) : log[i][k].type = "config"}
Config(i) == IF ConfigIdx(i) = {} THEN InitServers
             ELSE LET k == CHOOSE x \in ConfigIdx(i) : \A y \in ConfigIdx(i) : y <= x IN log[i][k].value
IsQuorum(S, C) == 2 * Cardinality(S \cap C) > Cardinality(C)

Send(m) == messages' = messages \cup {m}
SendAll(ms) == messages' = messages \cup ms

LogUpToDate(i, lastTerm, lastIndex) ==
    \/ lastTerm > LastTerm(i)
    \/ lastTerm = LastTerm(i) /\ lastIndex >= LastIndex(i)

Init ==
    /\ currentTerm = [i \in Server |-> 0]
    /\ votedFor = [i \in Server |-> Nil]
    /\ log = [i \in Server |-> <<>>]
    /\ snapshotIndex = [i \in Server |-> 0]
    /\ snapshotTerm = [i \in Server |-> 0]
    /\ commitIndex = [i \in Server |-> 0]
    /\ state = [i \in Server |-> "Follower"]
    /\ votesGranted = [i \in Server |-> {}]
    /\ nextIndex = [i \in Server |-> [j \in Server |-> 1]]
    /\ matchIndex = [i \in Server |-> [j \in Server |-> 0]]
    /\ pendingReads = [i \in Server |-> {}]
    /\ messages = {}

Restart(i) ==
    /\ state' = [state EXCEPT ![i] = "Follower"]
    /\ votesGranted' = [votesGranted EXCEPT ![i] = {}]
    /\ nextIndex' = [nextIndex EXCEPT ![i] = [j \in Server |-> 1]]
    /\ matchIndex' = [matchIndex EXCEPT ![i] = [j \in Server |-> 0]]
    /\ pendingReads' = [pendingReads EXCEPT ![i] = {}]
    /\ UNCHANGED <<persistentVars, messages>>

VoteRequests(i, type, term) ==
    {[mtype |-> type, mterm |-> term, msource |-> i, mdest |-> j,
      mlastLogIndex |-> LastIndex(i), mlastLogTerm |-> LastTerm(i)] : j \in Config(i) \ {i}}

Timeout(i) ==
    /\ i \in Config(i)
    /\ state[i] # "Leader"
    /\ state' = [state EXCEPT ![i] = "PreCandidate"]
    /\ votesGranted' = [votesGranted EXCEPT ![i] = {i}]
    /\ SendAll(VoteRequests(i, "PreVoteRequest", currentTerm[i] + 1))
    /\ UNCHANGED <<persistentVars, leaderVars>>

HandlePreVoteRequest(i, m) ==
    /\ m.mtype = "PreVoteRequest"
    /\ \E grant \in BOOLEAN :
         /\ grant => (m.mterm > currentTerm[i] /\ LogUpToDate(i, m.mlastLogTerm, m.mlastLogIndex))
         /\ Send([mtype |-> "PreVoteResponse", mterm |-> IF grant THEN m.mterm ELSE currentTerm[i],
                  msource |-> i, mdest |-> m.msource, mvoteGranted |-> grant])
    /\ UNCHANGED <<persistentVars, state, votesGranted, leaderVars>>

HandlePreVoteResponse(i, m) ==
    /\ m.mtype = "PreVoteResponse"
    /\ IF state[i] = "PreCandidate" /\ m.mterm = currentTerm[i] + 1 /\ m.mvoteGranted
       THEN votesGranted' = [votesGranted EXCEPT ![i] = @ \cup {m.msource}]
       ELSE UNCHANGED votesGranted
    /\ UNCHANGED <<persistentVars, state, leaderVars, messages>>

BecomeCandidate(i) ==
    /\ state[i] = "PreCandidate"
    /\ IsQuorum(votesGranted[i], Config(i))
    /\ state' = [state EXCEPT ![i] = "Candidate"]
    /\ currentTerm' = [currentTerm EXCEPT ![i] = @ + 1]
    /\ votedFor' = [votedFor EXCEPT ![i] = i]
    /\ votesGranted' = [votesGranted EXCEPT ![i] = {i}]
    /\ SendAll(VoteRequests(i, "RequestVoteRequest", currentTerm[i] + 1))
    /\ UNCHANGED <<log, snapshotIndex, snapshotTerm, commitIndex, leaderVars>>

UpdateTerm(i, m) ==
    /\ m.mterm > currentTerm[i]
    /\ m.mtype # "PreVoteRequest"
    /\ ~(m.mtype = "PreVoteResponse" /\ m.mvoteGranted)
    /\ currentTerm' = [currentTerm EXCEPT ![i] = m.mterm]
    /\ state' = [state EXCEPT ![i] = "Follower"]
    /\ votedFor' = [votedFor EXCEPT ![i] = Nil]
    /\ UNCHANGED <<log, snapshotIndex, snapshotTerm, commitIndex, votesGranted, leaderVars, messages>>

HandleRequestVoteRequest(i, m) ==
    /\ m.mtype = "RequestVoteRequest"
    /\ m.mterm <= currentTerm[i]
    /\ LET grant == /\ m.mterm = currentTerm[i]
                    /\ votedFor[i] \in {Nil, m.msource}
                    /\ LogUpToDate(i, m.mlastLogTerm, m.mlastLogIndex)
       IN /\ votedFor' = IF grant THEN [votedFor EXCEPT ![i] = m.msource] ELSE votedFor
          /\ Send([mtype |-> "RequestVoteResponse", mterm |-> currentTerm[i], msource |-> i,
                   mdest |-> m.msource, mvoteGranted |-> grant])
    /\ UNCHANGED <<currentTerm, log, snapshotIndex, snapshotTerm, commitIndex, state, votesGranted, leaderVars>>

HandleRequestVoteResponse(i, m) ==
    /\ m.mtype = "RequestVoteResponse"
    /\ IF state[i] = "Candidate" /\ m.mterm = currentTerm[i] /\ m.mvoteGranted
       THEN votesGranted' = [votesGranted EXCEPT ![i] = @ \cup {m.msource}]
       ELSE UNCHANGED votesGranted
    /\ UNCHANGED <<persistentVars, state, leaderVars, messages>>

BecomeLeader(i) ==
    /\ state[i] = "Candidate"
    /\ IsQuorum(votesGranted[i], Config(i))
    /\ state' = [state EXCEPT ![i] = "Leader"]
    /\ log' = [log EXCEPT ![i] = Append(@, [term |-> currentTerm[i], type |-> "noop", value |-> Nil])]
    /\ nextIndex' = [nextIndex EXCEPT ![i] = [j \in Server |-> Len(log[i]) + 1]]
    /\ matchIndex' = [matchIndex EXCEPT ![i] = [j \in Server |-> 0]]
    /\ UNCHANGED <<currentTerm, votedFor, snapshotIndex, snapshotTerm, commitIndex, votesGranted,
                   pendingReads, messages>>

ClientRequest(i, v) ==
    /\ state[i] = "Leader"
    /\ log' = [log EXCEPT ![i] = Append(@, [term |-> currentTerm[i], type |-> "value", value |-> v])]
    /\ UNCHANGED <<currentTerm, votedFor, snapshotIndex, snapshotTerm, commitIndex, state, votesGranted,
                   leaderVars, messages>>

AppendEntries(i, j) ==
    /\ state[i] = "Leader"
    /\ j \in Config(i) /\ j # i
    /\ nextIndex[i][j] > snapshotIndex[i]
    /\ \E k \in 0..(LastIndex(i) + 1 - nextIndex[i][j]) :
         LET prev == nextIndex[i][j] - 1 IN
         /\ Send([mtype |-> "AppendEntriesRequest", mterm |-> currentTerm[i], msource |-> i, mdest |-> j,
                  mprevLogIndex |-> prev, mprevLogTerm |-> Term(i, prev),
                  mentries |-> SubSeq(log[i], nextIndex[i][j], prev + k),
                  mcommitIndex |-> Min(commitIndex[i], prev + k)])
         /\ nextIndex' = [nextIndex EXCEPT ![i][j] = @ + k]
    /\ UNCHANGED <<persistentVars, state, votesGranted, matchIndex, pendingReads>>

\* Fast-backtracking hint of FORMAT.md section 2.
HintIndex(i, m) ==
    LET RECURSIVE Walk(_)
        Walk(h) == IF h > snapshotIndex[i] /\ Term(i, h) > m.mprevLogTerm THEN Walk(h - 1) ELSE h
    IN Walk(Min(m.mprevLogIndex, LastIndex(i)))

\* Log after appending m.mentries at m.mprevLogIndex, deleting only conflicting entries.
MergedLog(i, m) ==
    LET RECURSIVE Go(_, _)
        Go(lg, k) == IF k > Len(m.mentries) THEN lg
                     ELSE LET idx == m.mprevLogIndex + k IN
                          IF idx <= Len(lg) /\ lg[idx].term = m.mentries[k].term THEN Go(lg, k + 1)
                          ELSE Go(SubSeq(lg, 1, idx - 1) \o SubSeq(m.mentries, k, Len(m.mentries)), Len(m.mentries) + 1)
    IN Go(log[i], 1)

AEResponse(i, m, ok, match, rej, hi, ht) ==
    [mtype |-> "AppendEntriesResponse", mterm |-> currentTerm[i], msource |-> i, mdest |-> m.msource,
     msuccess |-> ok, mmatchIndex |-> match, mrejectedIndex |-> rej, mhintIndex |-> hi, mhintTerm |-> ht]

HandleAppendEntriesRequest(i, m) ==
    /\ m.mtype = "AppendEntriesRequest"
    /\ m.mterm <= currentTerm[i]
    /\ IF m.mterm < currentTerm[i]
       THEN /\ Send(AEResponse(i, m, FALSE, 0, 0, 0, 0))
            /\ UNCHANGED <<persistentVars, state, votesGranted, leaderVars>>
       ELSE /\ state' = [state EXCEPT ![i] = "Follower"]
            /\ UNCHANGED <<currentTerm, votedFor, snapshotIndex, snapshotTerm, votesGranted, leaderVars>>
            /\ IF m.mprevLogIndex < commitIndex[i]
               THEN /\ Send(AEResponse(i, m, TRUE, commitIndex[i], 0, 0, 0))
                    /\ UNCHANGED <<log, commitIndex>>
               ELSE IF m.mprevLogIndex <= LastIndex(i) /\ Term(i, m.mprevLogIndex) = m.mprevLogTerm
               THEN /\ log' = [log EXCEPT ![i] = MergedLog(i, m)]
                    /\ commitIndex' = [commitIndex EXCEPT ![i] = Max(@, m.mcommitIndex)]
                    /\ Send(AEResponse(i, m, TRUE, m.mprevLogIndex + Len(m.mentries), 0, 0, 0))
               ELSE /\ Send(AEResponse(i, m, FALSE, 0, m.mprevLogIndex, HintIndex(i, m), Term(i, HintIndex(i, m))))
                    /\ UNCHANGED <<log, commitIndex>>

HandleAppendEntriesResponse(i, m) ==
    /\ m.mtype = "AppendEntriesResponse"
    /\ LET j == m.msource IN
       IF state[i] = "Leader" /\ m.mterm = currentTerm[i]
       THEN IF m.msuccess
            THEN /\ matchIndex' = [matchIndex EXCEPT ![i][j] = Max(@, m.mmatchIndex)]
                 /\ nextIndex' = [nextIndex EXCEPT ![i][j] = Max(@, m.mmatchIndex + 1)]
            ELSE /\ UNCHANGED matchIndex
                 /\ IF m.mrejectedIndex <= matchIndex[i][j] THEN UNCHANGED nextIndex
                    ELSE LET RECURSIVE Walk(_)
                             Walk(k) == IF k > snapshotIndex[i] /\ Term(i, k) > m.mhintTerm THEN Walk(k - 1) ELSE k
                             k == IF m.mhintTerm > 0 THEN Walk(m.mhintIndex) ELSE m.mhintIndex
                         IN nextIndex' = [nextIndex EXCEPT ![i][j] = Max(matchIndex[i][j] + 1, Min(m.mrejectedIndex, k + 1))]
       ELSE UNCHANGED <<nextIndex, matchIndex>>
    /\ UNCHANGED <<persistentVars, state, votesGranted, pendingReads, messages>>

AdvanceCommitIndex(i) ==
    /\ state[i] = "Leader"
    /\ LET Agree(n) == {j \in Server : matchIndex[i][j] >= n} \cup {i}
           Ok == {n \in (commitIndex[i] + 1)..LastIndex(i) :
                    log[i][n].term = currentTerm[i] /\ IsQuorum(Agree(n), Config(i))}
       IN /\ Ok # {}
          /\ commitIndex' = [commitIndex EXCEPT ![i] = CHOOSE n \in Ok : \A x \in Ok : x <= n]
    /\ UNCHANGED <<currentTerm, votedFor, log, snapshotIndex, snapshotTerm, state, votesGranted, leaderVars, messages>>

SendSnapshot(i, j) ==
    /\ state[i] = "Leader"
    /\ j \in Config(i) /\ j # i
    /\ nextIndex[i][j] <= snapshotIndex[i]
    /\ Send([mtype |-> "InstallSnapshotRequest", mterm |-> currentTerm[i], msource |-> i, mdest |-> j,
             mlastIncludedIndex |-> snapshotIndex[i], mlastIncludedTerm |-> snapshotTerm[i],
             mdata |-> SubSeq(log[i], 1, snapshotIndex[i])])
    /\ nextIndex' = [nextIndex EXCEPT ![i][j] = snapshotIndex[i] + 1]
    /\ UNCHANGED <<persistentVars, state, votesGranted, matchIndex, pendingReads>>

HandleInstallSnapshotRequest(i, m) ==
    /\ m.mtype = "InstallSnapshotRequest"
    /\ IF m.mterm = currentTerm[i]
       THEN /\ state' = [state EXCEPT ![i] = "Follower"]
            /\ IF m.mlastIncludedIndex <= commitIndex[i]
               THEN UNCHANGED <<log, snapshotIndex, snapshotTerm, commitIndex>>
               ELSE IF m.mlastIncludedIndex <= LastIndex(i) /\ Term(i, m.mlastIncludedIndex) = m.mlastIncludedTerm
               THEN /\ commitIndex' = [commitIndex EXCEPT ![i] = m.mlastIncludedIndex]
                    /\ UNCHANGED <<log, snapshotIndex, snapshotTerm>>
               ELSE /\ log' = [log EXCEPT ![i] = m.mdata]
                    /\ snapshotIndex' = [snapshotIndex EXCEPT ![i] = m.mlastIncludedIndex]
                    /\ snapshotTerm' = [snapshotTerm EXCEPT ![i] = m.mlastIncludedTerm]
                    /\ commitIndex' = [commitIndex EXCEPT ![i] = m.mlastIncludedIndex]
            /\ Send(AEResponse(i, m, TRUE, commitIndex'[i], 0, 0, 0))
       ELSE UNCHANGED <<state, log, snapshotIndex, snapshotTerm, commitIndex, messages>>
    /\ UNCHANGED <<currentTerm, votedFor, votesGranted, leaderVars>>

TakeSnapshot(i, k) ==
    /\ snapshotIndex[i] < k /\ k <= commitIndex[i]
    /\ snapshotIndex' = [snapshotIndex EXCEPT ![i] = k]
    /\ snapshotTerm' = [snapshotTerm EXCEPT ![i] = log[i][k].term]
    /\ UNCHANGED <<currentTerm, votedFor, log, commitIndex, state, votesGranted, leaderVars, messages>>

MembershipOk(i) ==
    /\ state[i] = "Leader"
    /\ \A k \in ConfigIdx(i) : k <= commitIndex[i]
    /\ commitIndex[i] > 0 /\ log[i][commitIndex[i]].term = currentTerm[i]

AppendConfig(i, c) ==
    /\ log' = [log EXCEPT ![i] = Append(@, [term |-> currentTerm[i], type |-> "config", value |-> c])]
    /\ UNCHANGED <<currentTerm, votedFor, snapshotIndex, snapshotTerm, commitIndex, state, votesGranted,
                   leaderVars, messages>>

AddServer(i, j) == MembershipOk(i) /\ j \notin Config(i) /\ AppendConfig(i, Config(i) \cup {j})
RemoveServer(i, j) == MembershipOk(i) /\ j \in Config(i) /\ Config(i) # {j} /\ AppendConfig(i, Config(i) \ {j})

CheckQuorum(i) ==
    /\ state[i] = "Leader"
    /\ state' = [state EXCEPT ![i] = "Follower"]
    /\ UNCHANGED <<persistentVars, votesGranted, leaderVars, messages>>

TransferLeadership(i, j) ==
    /\ state[i] = "Leader" /\ j \in Config(i) /\ j # i /\ matchIndex[i][j] = LastIndex(i)
    /\ Send([mtype |-> "TimeoutNow", mterm |-> currentTerm[i], msource |-> i, mdest |-> j])
    /\ UNCHANGED <<persistentVars, state, votesGranted, leaderVars>>

HandleTimeoutNow(i, m) ==
    /\ m.mtype = "TimeoutNow"
    /\ IF m.mterm = currentTerm[i] /\ i \in Config(i)
       THEN /\ state' = [state EXCEPT ![i] = "Candidate"]
            /\ currentTerm' = [currentTerm EXCEPT ![i] = @ + 1]
            /\ votedFor' = [votedFor EXCEPT ![i] = i]
            /\ votesGranted' = [votesGranted EXCEPT ![i] = {i}]
            /\ SendAll(VoteRequests(i, "RequestVoteRequest", currentTerm[i] + 1))
       ELSE UNCHANGED <<state, currentTerm, votedFor, votesGranted, messages>>
    /\ UNCHANGED <<log, snapshotIndex, snapshotTerm, commitIndex, leaderVars>>

ReadIndex(i) ==
    /\ state[i] = "Leader"
    /\ commitIndex[i] > 0 /\ log[i][commitIndex[i]].term = currentTerm[i]
    /\ \E id \in 1..MaxReadId :
         /\ id \notin {r.id : r \in pendingReads[i]}
         /\ pendingReads' = [pendingReads EXCEPT ![i] = @ \cup {[id |-> id, index |-> commitIndex[i], acks |-> {i}]}]
         /\ SendAll({[mtype |-> "HeartbeatRequest", mterm |-> currentTerm[i], msource |-> i, mdest |-> j,
                      mreadId |-> id, mcommitIndex |-> commitIndex[i]] : j \in Config(i) \ {i}})
    /\ UNCHANGED <<persistentVars, state, votesGranted, nextIndex, matchIndex>>

HandleHeartbeatRequest(i, m) ==
    /\ m.mtype = "HeartbeatRequest"
    /\ IF m.mterm = currentTerm[i]
       THEN /\ state' = [state EXCEPT ![i] = "Follower"]
            /\ Send([mtype |-> "HeartbeatResponse", mterm |-> currentTerm[i], msource |-> i, mdest |-> m.msource,
                     mreadId |-> m.mreadId])
       ELSE UNCHANGED <<state, messages>>
    /\ UNCHANGED <<persistentVars, votesGranted, leaderVars>>

HandleHeartbeatResponse(i, m) ==
    /\ m.mtype = "HeartbeatResponse"
    /\ IF state[i] = "Leader" /\ m.mterm = currentTerm[i]
       THEN pendingReads' = [pendingReads EXCEPT ![i] =
                {IF r.id = m.mreadId THEN [r EXCEPT !.acks = @ \cup {m.msource}] ELSE r : r \in @}]
       ELSE UNCHANGED pendingReads
    /\ UNCHANGED <<persistentVars, state, votesGranted, nextIndex, matchIndex, messages>>

ServeRead(i, id) ==
    /\ state[i] = "Leader"
    /\ \E r \in pendingReads[i] :
         /\ r.id = id /\ IsQuorum(r.acks, Config(i)) /\ commitIndex[i] >= r.index
         /\ pendingReads' = [pendingReads EXCEPT ![i] = @ \ {r}]
    /\ UNCHANGED <<persistentVars, state, votesGranted, nextIndex, matchIndex, messages>>

DropMessage(m) == messages' = messages \ {m} /\ UNCHANGED <<persistentVars, state, votesGranted, leaderVars>>

Next ==
    \/ \E i \in Server : Restart(i) \/ Timeout(i) \/ BecomeCandidate(i) \/ BecomeLeader(i) \/ AdvanceCommitIndex(i)
                         \/ CheckQuorum(i) \/ ReadIndex(i)
    \/ \E i \in Server, v \in Value : ClientRequest(i, v)
    \/ \E i, j \in Server : AppendEntries(i, j) \/ SendSnapshot(i, j) \/ AddServer(i, j) \/ RemoveServer(i, j)
                           \/ TransferLeadership(i, j)
    \/ \E i \in Server : \E k \in 1..Len(log[i]) : TakeSnapshot(i, k)
    \/ \E i \in Server, id \in 1..MaxReadId : ServeRead(i, id)
    \/ \E m \in messages : LET i == m.mdest IN
         \/ UpdateTerm(i, m) \/ HandlePreVoteRequest(i, m) \/ HandlePreVoteResponse(i, m)
         \/ HandleRequestVoteRequest(i, m) \/ HandleRequestVoteResponse(i, m)
         \/ HandleAppendEntriesRequest(i, m) \/ HandleAppendEntriesResponse(i, m)
         \/ HandleInstallSnapshotRequest(i, m) \/ HandleTimeoutNow(i, m)
         \/ HandleHeartbeatRequest(i, m) \/ HandleHeartbeatResponse(i, m)
         \/ DropMessage(m)

Spec == Init /\ [][Next]_vars
=============================================================================
