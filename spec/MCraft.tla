------------------------------- MODULE MCraft -------------------------------
(***************************************************************************)
(* Shared model-checking definitions: bounds (a state constraint) and the  *)
(* symmetry set. The per-model modules MCraft_*.tla only EXTEND this one.  *)
(***************************************************************************)
EXTENDS RaftProperties

CONSTANTS
    MaxTerm,      \* no server's currentTerm exceeds this
    MaxLogLen,    \* no log is longer than this
    MaxMsgs,      \* at most this many live (non-Dead) messages in flight
    MaxReads,     \* a leader starts at most this many reads per leadership
    DupTypes,     \* message types the network may duplicate (deliver and keep)
    MaxSnapshotting \* (PrunedBounds only) at most this many servers hold a snapshot

\* States beyond the bounds are checked but not expanded.
Bounds ==
    /\ \A i \in Server : currentTerm[i] <= MaxTerm
    /\ \A i \in Server : LastIndex(i) <= MaxLogLen
    /\ \A i \in Server : readId[i] <= MaxReads + 1
    /\ Cardinality(LiveMessages) <= MaxMsgs

\* Pruning of pointless states, for the exhaustive models (README.md, "State
\* constraints"). Each conjunct cuts states whose only continuations leave
\* the bounds or repeat, up to the VIEW, states that are kept:
\*  - a PreCandidate at MaxTerm: its election would be for term MaxTerm+1;
\*    until then it behaves exactly as a Follower (only BecomeCandidate and
\*    HandlePreVoteResponse read the PreCandidate role), and the pre-vote
\*    traffic it causes changes nobody's state;
\*  - a TimeoutNow of term MaxTerm: delivering it starts term MaxTerm+1;
\*  - more than MaxSnapshotting servers with a snapshot (a bound, like the
\*    one on restarts in other Raft models: who compacts is free, how many
\*    at once is bounded).
Pointless ==
    \/ \E i \in Server : state[i] = "PreCandidate" /\ currentTerm[i] >= MaxTerm
    \/ \E m \in messages : m.mtype = "TimeoutNow" /\ m.mterm >= MaxTerm
PrunedBounds ==
    /\ Bounds
    /\ ~Pointless
    /\ Cardinality({i \in Server : snapshotIndex[i] > 0}) <= MaxSnapshotting

\* Duplication bounded by message type: delivering a message of another
\* type always consumes it. Used in the configs as `Deliver <- MCDeliver`.
MCDeliver(m, out) ==
    IF m.mtype \in DupTypes
    THEN \/ messages' = (messages \ {m}) \cup out
         \/ messages' = messages \cup out
    ELSE messages' = (messages \ {m}) \cup out

\* MCDeliver that also forgets every message that is already Dead
\* (RaftProperties): Dead messages are no-ops forever and outside the VIEW,
\* so forgetting them changes no view; it only saves TLC from trying to
\* deliver or drop them in every later state. (Used by the unmutated models
\* only: a mutation may make a Dead message matter.)
MCDeliverGC(m, out) ==
    LET keep == {x \in messages \ {m} : ~Dead(x)} IN
    IF m.mtype \in DupTypes
    THEN \/ messages' = keep \cup out
         \/ messages' = keep \cup {m} \cup out
    ELSE messages' = keep \cup out
\* The network loses a live message (losing a Dead one changes no view).
MCDropLive(m) ==
    /\ ~Dead(m)
    /\ messages' = messages \ {m}
    /\ UNCHANGED <<persistentVars, volatileVars, committed>>

\* For the mutation models only (MCraft_mut_*.cfg): an action that is
\* irrelevant to the property under test can be switched off with e.g.
\* `Restart <- Off1`, to keep the search for the counterexample short.
Off1(a) == FALSE
\* Mutation models also skip the pre-vote round with `Timeout <- TimeoutDirect`:
\* the election starts at once, exactly as HandleTimeoutNow does (an
\* effect the full spec has, via TransferLeadership). Halves the depth of
\* an election, hence of every counterexample.
TimeoutDirect(i) ==
    /\ i \in Config(i)
    /\ state[i] # "Leader"
    /\ StartElection(i)
    /\ Send(RequestVotes(i))
    /\ UNCHANGED <<log, snapshotIndex, snapshotTerm, commitIndex,
                   nextIndex, matchIndex, pendingReads, readId, committed>>
Off2(a, b) == FALSE
\* Mutation models that start from a hand-placed state (below) let only the
\* server whose election the counterexample needs time out (an irrelevant
\* action switched off for the others). Not symmetric: such models have no
\* SYMMETRY.
TimeoutDirectBy(name, i) == ToString(i) = name /\ TimeoutDirect(i)
TimeoutS1(i) == TimeoutDirectBy("s1", i)
TimeoutS2(i) == TimeoutDirectBy("s2", i)
TimeoutS3(i) == TimeoutDirectBy("s3", i)

\* For the ReadIndex mutation models: a reachable state from which the
\* counterexamples are short. s1 won term 1 with s2's vote, appended its
\* noop, replicated it to s2 and committed it; s2 has not yet learned the
\* commit; s3 moved to term 1 on s1's vote request, which was then lost; no
\* message is in flight. (Reached from Init by: Timeout(s1),
\* HandlePreVoteRequest(s2,.), HandlePreVoteResponse(s1,.), BecomeCandidate(s1),
\* UpdateTerm(s2,.), HandleRequestVoteRequest(s2,.), UpdateTerm(s3,.),
\* HandleRequestVoteResponse(s1,.), BecomeLeader(s1), AppendEntries(s1,s2) with
\* k=1, HandleAppendEntriesRequest(s2,.), HandleAppendEntriesResponse(s1,.),
\* AdvanceCommitIndex(s1), DropMessage of the rest.) Requires
\* InitServers = {s1, s2, s3} (model values); other ids are in term 0, empty.
MutInitAfterCommit ==
    LET s1 == CHOOSE s \in Server : ToString(s) = "s1"
        s2 == CHOOSE s \in Server : ToString(s) = "s2"
        s3 == CHOOSE s \in Server : ToString(s) = "s3"
        noop == [term |-> 1, type |-> "noop", value |-> Nil]
    IN
    /\ currentTerm   = [i \in Server |-> IF i \in InitServers THEN 1 ELSE 0]
    /\ votedFor      = [i \in Server |-> IF i \in {s1, s2} THEN s1 ELSE Nil]
    /\ log           = [i \in Server |-> IF i \in {s1, s2} THEN <<noop>> ELSE << >>]
    /\ snapshotIndex = [i \in Server |-> 0]
    /\ snapshotTerm  = [i \in Server |-> 0]
    /\ commitIndex   = [i \in Server |-> IF i = s1 THEN 1 ELSE 0]
    /\ state         = [i \in Server |-> IF i = s1 THEN "Leader" ELSE "Follower"]
    /\ votesGranted  = [i \in Server |-> IF i = s1 THEN {s1, s2} ELSE {}]
    /\ nextIndex     = [i \in Server |-> [j \in Server |-> IF i = s1 /\ j \in {s1, s2} THEN 2 ELSE 1]]
    /\ matchIndex    = [i \in Server |-> [j \in Server |-> IF i = s1 /\ j = s2 THEN 1 ELSE 0]]
    /\ pendingReads  = [i \in Server |-> {}]
    /\ readId        = [i \in Server |-> 1]
    /\ messages      = {}
    /\ committed     = {[index |-> 1, term |-> 1, cterm |-> 1]}

\* Initial states of the simulation models: Init, or MutInitAfterCommit (a
\* leader that has committed its noop). TLC's -simulate picks one at random
\* per behaviour. From Init alone, random behaviours rarely elect a leader
\* before restarts, new timeouts and the term bound end them (measured:
\* MCraft_reconfig, 71,810 states in 180 s, no BecomeLeader at all).
SimInit == Init \/ MutInitAfterCommit

\* Helpers for the hand-placed initial states of the mutation models below.
SrvNamed(name) == CHOOSE s \in Server : ToString(s) = name
Noop(t) == [term |-> t, type |-> "noop", value |-> Nil]
RVReq(src, dst, t, lastIdx, lastTerm) ==
    [mtype |-> "RequestVoteRequest", mterm |-> t, msource |-> src, mdest |-> dst,
     mlastLogIndex |-> lastIdx, mlastLogTerm |-> lastTerm]

\* Figure 8 (mutation fig8_commit_old_term_by_count). Three servers: s1 won
\* term 1 with s3's vote and appended its noop, which nobody else got; s2
\* won term 2 with s3's vote (s2 first timed out in term 1, where s3 had
\* voted for s1, then again) and appended its noop, which nobody else got;
\* s1 won term 3 with s3's vote (s1's log [1] is more up to date than s3's
\* empty one) and appended its noop; s2 refused s1's vote request (its log
\* [2] is more up to date) and is a Follower of term 3; s1's first
\* AppendEntries to s3 was refused and s1 moved nextIndex[s3] back to 1; no
\* message is in flight. Reached from Init by those three elections (each:
\* Timeout, pre-votes, BecomeCandidate, votes, BecomeLeader), UpdateTerm and
\* HandleRequestVoteRequest at s2, AppendEntries(s1, s3), the refusal and
\* HandleAppendEntriesResponse, and DropMessage of the rest.
MutInitFig8 ==
    LET s1 == SrvNamed("s1")  s2 == SrvNamed("s2")  s3 == SrvNamed("s3") IN
    /\ currentTerm   = [i \in Server |-> 3]
    /\ votedFor      = [i \in Server |-> IF i = s2 THEN Nil ELSE s1]
    /\ log           = [i \in Server |-> IF i = s1 THEN <<Noop(1), Noop(3)>>
                                         ELSE IF i = s2 THEN <<Noop(2)>> ELSE << >>]
    /\ snapshotIndex = [i \in Server |-> 0]
    /\ snapshotTerm  = [i \in Server |-> 0]
    /\ commitIndex   = [i \in Server |-> 0]
    /\ state         = [i \in Server |-> IF i = s1 THEN "Leader" ELSE "Follower"]
    /\ votesGranted  = [i \in Server |-> IF i = s1 THEN {s1, s3} ELSE {}]
    /\ nextIndex     = [i \in Server |-> [j \in Server |-> IF i = s1 /\ j # s3 THEN 2 ELSE 1]]
    /\ matchIndex    = [i \in Server |-> [j \in Server |-> 0]]
    /\ pendingReads  = [i \in Server |-> {}]
    /\ readId        = [i \in Server |-> 1]
    /\ messages      = {}
    /\ committed     = {}

\* Two overlapping single-server changes (mutation
\* reconfig_before_term_commit; the bug found after the dissertation).
\* Four voters s1..s4. Term 1: s1 won with s2's and s3's votes, replicated
\* its noop to s2 and s3, committed it, and then (legally: it has committed
\* an entry of its term) proposed C1 = {s1, s2, s4} (removing s3), which
\* nobody else got. Term 2: s2 won with s3's and s4's votes (s1 refused: its
\* log is more up to date) and appended its noop; s1 is a Follower of term 2
\* that still has C1 as its configuration; no message is in flight. Reached
\* from Init by s1's election, AppendEntries/replies to s2 and s3,
\* AdvanceCommitIndex, RemoveServer(s1, s3), s2's election (Timeout,
\* pre-votes, BecomeCandidate, UpdateTerm and votes, BecomeLeader) and
\* DropMessage of the rest. The unmutated s2 must now commit an entry of its
\* term (on three of s1..s4) before it may propose a change.
MutInitReconfig ==
    LET s1 == SrvNamed("s1")  s2 == SrvNamed("s2")  s3 == SrvNamed("s3")  s4 == SrvNamed("s4")
        c1 == [term |-> 1, type |-> "config", value |-> {s1, s2, s4}] IN
    /\ currentTerm   = [i \in Server |-> 2]
    /\ votedFor      = [i \in Server |-> IF i = s1 THEN Nil ELSE s2]
    /\ log           = [i \in Server |-> IF i = s1 THEN <<Noop(1), c1>>
                                         ELSE IF i = s2 THEN <<Noop(1), Noop(2)>>
                                         ELSE IF i = s3 THEN <<Noop(1)>> ELSE << >>]
    /\ snapshotIndex = [i \in Server |-> 0]
    /\ snapshotTerm  = [i \in Server |-> 0]
    /\ commitIndex   = [i \in Server |-> IF i = s1 THEN 1 ELSE 0]
    /\ state         = [i \in Server |-> IF i = s2 THEN "Leader" ELSE "Follower"]
    /\ votesGranted  = [i \in Server |-> IF i = s2 THEN {s2, s3, s4} ELSE {}]
    /\ nextIndex     = [i \in Server |-> [j \in Server |-> 2]]
    /\ matchIndex    = [i \in Server |-> [j \in Server |-> 0]]
    /\ pendingReads  = [i \in Server |-> {}]
    /\ readId        = [i \in Server |-> 1]
    /\ messages      = {}
    /\ committed     = {[index |-> 1, term |-> 1, cterm |-> 1]}

\* A stale leader's AppendEntries still in flight (mutation
\* stale_append_entries_accepted). s1 won term 1, replicated its noop to s2
\* and s3 and committed it, appended v1 and sent it to s3 (that request is
\* still in flight); s2 then won term 2 with s3's vote, appended its noop and
\* replicated it to s3, whose success reply is in flight. Reached from Init
\* by s1's election, AppendEntries/replies to s2 and s3, AdvanceCommitIndex,
\* ClientRequest, AppendEntries(s1, s3), s2's election (Timeout, pre-vote,
\* BecomeCandidate, vote of s3, BecomeLeader), AppendEntries(s2, s3) with one
\* entry, HandleAppendEntriesRequest(s3, .) and DropMessage of the rest.
MutInitStaleLeader ==
    LET s1 == SrvNamed("s1")  s2 == SrvNamed("s2")  s3 == SrvNamed("s3")
        v  == CHOOSE v \in Value : TRUE
        ent == [term |-> 1, type |-> "value", value |-> v] IN
    /\ currentTerm   = [i \in Server |-> IF i = s1 THEN 1 ELSE 2]
    /\ votedFor      = [i \in Server |-> IF i = s1 THEN s1 ELSE s2]
    /\ log           = [i \in Server |-> IF i = s1 THEN <<Noop(1), ent>>
                                         ELSE <<Noop(1), Noop(2)>>]
    /\ snapshotIndex = [i \in Server |-> 0]
    /\ snapshotTerm  = [i \in Server |-> 0]
    /\ commitIndex   = [i \in Server |-> IF i = s1 THEN 1 ELSE 0]
    /\ state         = [i \in Server |-> IF i \in {s1, s2} THEN "Leader" ELSE "Follower"]
    /\ votesGranted  = [i \in Server |-> IF i \in {s1, s2} THEN {i, s3} ELSE {}]
    /\ nextIndex     = [i \in Server |-> [j \in Server |-> IF i = s1 \/ j = s3 THEN 3 ELSE 2]]
    /\ matchIndex    = [i \in Server |-> [j \in Server |-> IF i = s1 /\ j # s1 THEN 1 ELSE 0]]
    /\ pendingReads  = [i \in Server |-> {}]
    /\ readId        = [i \in Server |-> 1]
    /\ messages      = {[mtype |-> "AppendEntriesRequest", mterm |-> 1, msource |-> s1, mdest |-> s3,
                         mprevLogIndex |-> 1, mprevLogTerm |-> 1, mentries |-> <<ent>>,
                         mcommitIndex |-> 1],
                        [mtype |-> "AppendEntriesResponse", mterm |-> 2, msource |-> s3, mdest |-> s2,
                         msuccess |-> TRUE, mmatchIndex |-> 2, mrejectedIndex |-> 0,
                         mhintIndex |-> 0, mhintTerm |-> 0]}
    /\ committed     = {[index |-> 1, term |-> 1, cterm |-> 1]}

\* Server ids are interchangeable within InitServers and within the others.
Sym == {p @@ q : p \in Permutations(InitServers), q \in Permutations(Server \ InitServers)}
SymWithValues == {p @@ q : p \in Sym, q \in Permutations(Value)}
=============================================================================
