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

\* Server ids are interchangeable within InitServers and within the others.
Sym == {p @@ q : p \in Permutations(InitServers), q \in Permutations(Server \ InitServers)}
SymWithValues == {p @@ q : p \in Sym, q \in Permutations(Value)}
=============================================================================
