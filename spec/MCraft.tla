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
    DupTypes      \* message types the network may duplicate (deliver and keep)

\* States beyond the bounds are checked but not expanded.
Bounds ==
    /\ \A i \in Server : currentTerm[i] <= MaxTerm
    /\ \A i \in Server : LastIndex(i) <= MaxLogLen
    /\ \A i \in Server : readId[i] <= MaxReads + 1
    /\ Cardinality(LiveMessages) <= MaxMsgs

\* Duplication bounded by message type: delivering a message of another
\* type always consumes it. Used in the configs as `Deliver <- MCDeliver`.
MCDeliver(m, out) ==
    IF m.mtype \in DupTypes
    THEN \/ messages' = (messages \ {m}) \cup out
         \/ messages' = messages \cup out
    ELSE messages' = (messages \ {m}) \cup out

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

\* Server ids are interchangeable within InitServers and within the others.
Sym == {p @@ q : p \in Permutations(InitServers), q \in Permutations(Server \ InitServers)}
SymWithValues == {p @@ q : p \in Sym, q \in Permutations(Value)}
=============================================================================
