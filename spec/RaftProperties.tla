--------------------------- MODULE RaftProperties ---------------------------
(***************************************************************************)
(* The safety properties of Raft, named as in the paper (Fig. 3), plus    *)
(* TypeOK and ReadIndexSafety, and a VIEW for TLC.                         *)
(***************************************************************************)
EXTENDS Raft

States  == {"Follower", "PreCandidate", "Candidate", "Leader"}
Entries == [term : Nat, type : {"value"}, value : Value]
           \cup [term : Nat, type : {"noop"}, value : {Nil}]
           \cup [term : Nat, type : {"config"}, value : SUBSET Server]

\* Every variable has the shape FORMAT.md §1 gives it, and the indexes are
\* ordered snapshotIndex <= commitIndex <= LastIndex.
TypeOK ==
    /\ currentTerm \in [Server -> Nat]
    /\ votedFor \in [Server -> Server \cup {Nil}]
    /\ \A i \in Server : log[i] \in Seq(Entries)
    /\ state \in [Server -> States]
    /\ votesGranted \in [Server -> SUBSET Server]
    /\ nextIndex \in [Server -> [Server -> Nat \ {0}]]
    /\ matchIndex \in [Server -> [Server -> Nat]]
    /\ \A i \in Server : snapshotIndex[i] <= commitIndex[i] /\ commitIndex[i] <= LastIndex(i)
    /\ \A i \in Server : snapshotTerm[i] = Term(i, snapshotIndex[i])
    /\ \A i \in Server : \A r \in pendingReads[i] : r.acks \subseteq Server /\ r.id < readId[i]

\* Election Safety: at most one leader can be elected in a given term.
\* (Checked on states: a leader of term t that steps down is never needed for
\* another server to win t, so the interleaving in which it stays leader
\* exists and exhibits two simultaneous leaders of t.)
ElectionSafety ==
    \A i, j \in Server :
        (i # j /\ state[i] = "Leader" /\ state[j] = "Leader") => currentTerm[i] # currentTerm[j]

\* Leader Append-Only: a leader never overwrites or deletes entries in its log; it only appends.
LeaderAppendOnly ==
    [][\A i \in Server :
         (state[i] = "Leader" /\ state'[i] = "Leader" /\ currentTerm'[i] = currentTerm[i])
            => /\ Len(log'[i]) >= Len(log[i])
               /\ SubSeq(log'[i], 1, Len(log[i])) = log[i]]_vars

\* Log Matching: if two logs contain an entry with the same index and term, the logs are identical up through that index.
LogMatching ==
    \A i, j \in Server : \A k \in 1..Min(LastIndex(i), LastIndex(j)) :
        log[i][k].term = log[j][k].term => SubSeq(log[i], 1, k) = SubSeq(log[j], 1, k)

\* Leader Completeness: an entry committed in term t is in the log of every leader of a term > t.
LeaderCompleteness ==
    \A c \in committed : \A l \in Server :
        (state[l] = "Leader" /\ currentTerm[l] > c.cterm)
            => /\ c.index <= LastIndex(l)
               /\ log[l][c.index].term = c.term

\* State Machine Safety: no two servers apply (commit) different entries at the same index.
StateMachineSafety ==
    /\ \A i, j \in Server : \A k \in 1..Min(commitIndex[i], commitIndex[j]) :
           log[i][k] = log[j][k]
    /\ \A c, d \in committed : c.index = d.index => c.term = d.term

\* ReadIndex Safety: a read that may be served returns an index >= every index committed anywhere before the read began.
ReadIndexSafety ==
    \A i \in Server : \A r \in pendingReads[i] : CanServe(i, r) => r.index >= r.mustSee

(***************************************************************************)
(* VIEW: the state up to values no action or property can ever read.       *)
(*  - nextIndex, matchIndex, pendingReads, readId of a non-leader: read     *)
(*    only by leader actions, and BecomeLeader overwrites all four;         *)
(*  - votesGranted of a Follower or Leader: read only by (Pre)Candidates,   *)
(*    and Timeout/BecomeCandidate/HandleTimeoutNow overwrite it;            *)
(*  - dead messages (see Dead) are no-ops forever;                        *)
(*  - committed: only the least cterm per (index, term) matters to the      *)
(*    properties, and the set only grows by union.                          *)
(* Two states with the same view have the same futures up to the same     *)
(* views and the same property values, so the VIEW is sound.              *)
(***************************************************************************)
IsLeader(i) == state[i] = "Leader"

\* A message whose every future delivery to m.mdest is an Ignore (a consumed
\* no-op): terms never decrease, and a server that is not Candidate/Leader
\* in term t never becomes one in t. Dead messages are left out of the VIEW
\* (and of the in-flight bound in MCraft): they cannot influence anything.
\* Also dead: a reply of the current term to the role that uses it whose
\* delivery changes nothing now and forever, because what it would add only
\* grows while that role lasts: a refused or already counted vote
\* (votesGranted only grows while Candidate in a term); an AppendEntries
\* reply at or below matchIndex (matchIndex only grows while Leader in a
\* term, and nextIndex >= matchIndex + 1 always holds for a leader); a
\* heartbeat ack for a read that is gone or already has it (acks only grow,
\* a served read is removed, read ids are not reused within a leadership).
Dead(m) ==
    LET i == m.mdest IN
    CASE m.mtype \in {"RequestVoteResponse"} ->
            \/ m.mterm < currentTerm[i]
            \/ m.mterm = currentTerm[i] /\ state[i] # "Candidate"
            \/ m.mterm = currentTerm[i] /\ (~m.mvoteGranted \/ m.msource \in votesGranted[i])
      [] m.mtype = "AppendEntriesResponse" ->
            \/ m.mterm < currentTerm[i]
            \/ m.mterm = currentTerm[i] /\ state[i] # "Leader"
            \/ m.mterm = currentTerm[i] /\
                 IF m.msuccess THEN m.mmatchIndex <= matchIndex[i][m.msource]
                 ELSE m.mrejectedIndex <= matchIndex[i][m.msource]
      [] m.mtype = "HeartbeatResponse" ->
            \/ m.mterm < currentTerm[i]
            \/ m.mterm = currentTerm[i] /\ state[i] # "Leader"
            \/ m.mterm = currentTerm[i] /\
                 ~\E r \in pendingReads[i] : r.id = m.mreadId /\ m.msource \notin r.acks
      [] m.mtype \in {"TimeoutNow", "HeartbeatRequest", "InstallSnapshotRequest"} ->
            m.mterm < currentTerm[i]
      [] m.mtype = "PreVoteResponse" -> m.mterm <= currentTerm[i]
      [] OTHER -> FALSE
LiveMessages == {m \in messages : ~Dead(m)}
CommittedView ==
    {c \in committed : ~\E d \in committed :
        d.index = c.index /\ d.term = c.term /\ d.cterm < c.cterm}
View ==
    <<currentTerm, votedFor, log, snapshotIndex, snapshotTerm, commitIndex, state,
      [i \in Server |-> IF state[i] \in {"PreCandidate", "Candidate"} THEN votesGranted[i] ELSE {}],
      [i \in Server |-> IF IsLeader(i) THEN nextIndex[i] ELSE 0],
      [i \in Server |-> IF IsLeader(i) THEN matchIndex[i] ELSE 0],
      [i \in Server |-> IF IsLeader(i) THEN pendingReads[i] ELSE {}],
      [i \in Server |-> IF IsLeader(i) THEN readId[i] ELSE 0],
      LiveMessages, CommittedView>>
=============================================================================
