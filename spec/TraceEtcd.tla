------------------------------ MODULE TraceEtcd ------------------------------
(* Validation of an etcd/raft trace (its `with_tla` build tag) against Raft.tla.
   dev.raftproof.etcd translates etcd's events into format-v1 events (TraceData) and writes EtcdData:
     EtcdBoot     the servers etcd bootstrapped (their logs start with the bootstrap config entries)
     EtcdBootLog  those entries, as Raft.tla entries ([term, "config", voters])
     EtcdBootTerm the term bootstrap leaves them in (etcd: 1)
     EtcdRelax    the relaxations switched on (a subset of EtcdRelaxations below)
   Everything of TraceRaft is reused: the same matching of logged state, messages and sends (StateMatches,
   SentMatches, Recv); events that name a Raft.tla action are Raft.tla's action, exactly.
   What this module adds, and why, is documented in docs/AUDITING.md ("differences"):
   - EtcdInit: Init, except that bootstrapped servers start with the bootstrap log, committed, in EtcdBootTerm.
   - lastIndex: etcd logs the length of the log, not its entries; a logged lastIndex is compared with Len(log).
   - EtcdObserve: an event that is no step of ours (Ready, InitState): only the state is compared.
   - applied: etcd's applied configuration (ApplyConfChange -> EtcdApplyConfig, no Raft.tla variable changes).
   - AppendEntries with a logged start (prev) and entry count (entries): etcd logs counts, not entries.
   - etcd-only steps and rules, each enabled only if its name is in EtcdRelax, so that a run with
     EtcdRelax = {} is Raft.tla exactly and names the first event where etcd leaves it. *)
EXTENDS TraceRaft, EtcdData

\* etcd's APPLIED configuration of each server (its tracker's voters), set by its ApplyConfChange events. Raft.tla
\* has no such variable: its configuration is the last config entry in the log.
VARIABLE applied

etcdVars == <<vars, l, applied>>

ToSet(s) == {s[k] : k \in DOMAIN s}

EtcdRelaxations == {"campaign-without-prevote", "heartbeat", "append-to-unapplied-removal", "probe-resend",
                    "commit-not-max", "quorum-of-applied-config", "progress-of-added-server"}

Relaxed(r) == r \in EtcdRelax

\* The configuration in force after the first n entries of i's log (InitServers if none of them is a config).
ConfigAt(i, n) == LET idx == {k \in 1..n : log[i][k].type = "config"}
                  IN IF idx = {} THEN InitServers ELSE log[i][MaxOf(idx)].value

\* etcd replicates to the members of its applied configuration (a removed server until the removal is applied; an
\* added one from then on, which Config(i) allows already). Raft.tla uses the latest configuration (D§4.1).
ReplicationPeer(i, j) ==
    /\ j # i
    /\ \/ j \in Config(i)
       \/ Relaxed("append-to-unapplied-removal") /\ j \in applied[i]

\* The configuration whose quorum commits: Raft.tla's (the latest in the log) or, relaxed, etcd's applied one.
QuorumConfig(i) == IF Relaxed("quorum-of-applied-config") THEN applied[i] ELSE Config(i)

EtcdInit ==
    /\ currentTerm   = [i \in Server |-> IF i \in EtcdBoot THEN EtcdBootTerm ELSE 0]
    /\ votedFor      = [i \in Server |-> Nil]
    /\ log           = [i \in Server |-> IF i \in EtcdBoot THEN EtcdBootLog ELSE << >>]
    /\ snapshotIndex = [i \in Server |-> 0]
    /\ snapshotTerm  = [i \in Server |-> 0]
    /\ commitIndex   = [i \in Server |-> IF i \in EtcdBoot THEN Len(EtcdBootLog) ELSE 0]
    /\ state         = [i \in Server |-> "Follower"]
    /\ votesGranted  = [i \in Server |-> {}]
    /\ nextIndex     = [i \in Server |-> [j \in Server |-> 1]]
    /\ matchIndex    = [i \in Server |-> [j \in Server |-> 0]]
    /\ pendingReads  = [i \in Server |-> {}]
    /\ readId        = [i \in Server |-> 1]
    /\ messages      = {}
    /\ committed     = {[index |-> n, term |-> EtcdBootLog[n].term, cterm |-> EtcdBootTerm]
                        : n \in 1..Len(EtcdBootLog)}
    /\ applied       = [i \in Server |-> IF i \in EtcdBoot THEN InitServers ELSE {}]
    /\ l = 1

\* etcd without PreVote (Config.PreVote = false, the default): a follower or candidate whose election timer fires
\* starts an election at once: term+1, votes for itself, asks every voter. Raft.tla always pre-votes first.
EtcdCampaign(i) ==
    /\ Relaxed("campaign-without-prevote")
    /\ i \in Config(i)
    /\ state[i] # "Leader"
    /\ StartElection(i)
    /\ Send(RequestVotes(i))
    /\ UNCHANGED <<log, snapshotIndex, snapshotTerm, commitIndex,
                   nextIndex, matchIndex, pendingReads, readId, committed>>

\* Leader i sends j k entries after prev. Raft.tla: prev = nextIndex-1 (its optimistic replicate state). etcd in
\* its probe state does not advance Next after a send and may send again from any point above j's match.
EtcdAppend(i, j, prev, k) ==
    /\ state[i] = "Leader"
    /\ ReplicationPeer(i, j)
    /\ \/ prev = nextIndex[i][j] - 1
       \/ Relaxed("probe-resend") /\ matchIndex[i][j] <= prev /\ prev < nextIndex[i][j] - 1
    /\ prev >= snapshotIndex[i]
    /\ prev + k <= LastIndex(i)
    /\ Send({[mtype |-> "AppendEntriesRequest", mterm |-> currentTerm[i],
              msource |-> i, mdest |-> j,
              mprevLogIndex |-> prev, mprevLogTerm |-> Term(i, prev),
              mentries |-> SubSeq(log[i], prev + 1, prev + k),
              mcommitIndex |-> Min(commitIndex[i], prev + k)]})
    /\ nextIndex' = [nextIndex EXCEPT ![i][j] = Max(@, prev + k + 1)]
    /\ UNCHANGED <<persistentVars, state, votesGranted, matchIndex, pendingReads, readId, committed>>

\* etcd's MsgHeartbeat: no log position; carries min(match, commit), which the follower commits; its response
\* never refuses. Raft.tla has no such message (its heartbeats are AppendEntries with no entries, or ReadIndex's).
EtcdHeartbeat(i, j) ==
    /\ Relaxed("heartbeat")
    /\ state[i] = "Leader"
    /\ ReplicationPeer(i, j)
    /\ Send({[mtype |-> "EtcdHeartbeat", mterm |-> currentTerm[i], msource |-> i, mdest |-> j,
              mcommitIndex |-> Min(matchIndex[i][j], commitIndex[i])]})
    /\ UNCHANGED <<persistentVars, volatileVars, committed>>

EtcdHandleHeartbeat(i, m) ==
    /\ Relaxed("heartbeat")
    /\ m.mtype = "EtcdHeartbeat"
    /\ m.mterm <= currentTerm[i]
    /\ IF m.mterm = currentTerm[i]
       THEN /\ state' = [state EXCEPT ![i] = "Follower"]
            /\ commitIndex' = [commitIndex EXCEPT ![i] = Max(@, m.mcommitIndex)]
            /\ Deliver(m, {[mtype |-> "EtcdHeartbeatResponse", mterm |-> currentTerm[i],
                            msource |-> i, mdest |-> m.msource]})
            /\ UNCHANGED <<currentTerm, votedFor, log, snapshotIndex, snapshotTerm, votesGranted,
                           nextIndex, matchIndex, pendingReads, readId, committed>>
       ELSE Ignore(m)

EtcdHandleHeartbeatResponse(i, m) ==
    /\ Relaxed("heartbeat")
    /\ m.mtype = "EtcdHeartbeatResponse"
    /\ m.mterm <= currentTerm[i]
    /\ Ignore(m)

\* Leader i commits n. Raft.tla commits the LARGEST index a quorum of Config(i) holds, counting the leader's whole
\* log; etcd counts the leader's own entries only once they are durable (its MsgAppResp to itself), so it may commit
\* less at a step, never more; and it counts the quorum of its applied configuration.
EtcdCommit(i, n) ==
    LET C == Config(i)
        D == QuorumConfig(i)
        Agree(x) == {j \in D : matchIndex[i][j] >= x} \cup ({i} \cap D)
        ok == {x \in (commitIndex[i] + 1)..LastIndex(i) :
                 /\ log[i][x].term = currentTerm[i]
                 /\ IsQuorum(Agree(x), D)}
    IN /\ state[i] = "Leader"
       /\ n \in ok
       /\ \/ n = MaxOf(ok)
          \/ Relaxed("commit-not-max")
       /\ commitIndex' = [commitIndex EXCEPT ![i] = n]
       /\ state' = IF i \notin C /\ LastConfigIndex(i) <= n
                   THEN [state EXCEPT ![i] = "Follower"] ELSE state
       /\ committed' = committed \cup
                         {[index |-> x, term |-> log[i][x].term, cterm |-> currentTerm[i]]
                          : x \in (commitIndex[i] + 1)..n}
       /\ UNCHANGED <<currentTerm, votedFor, log, snapshotIndex, snapshotTerm,
                      votesGranted, nextIndex, matchIndex, pendingReads, readId, messages>>

\* etcd creates the progress of a server when the leader APPLIES the config entry that adds it: Match 0, Next =
\* the leader's last index (it probes with the last entry). Raft.tla sets nextIndex only at BecomeLeader.
EtcdAddProgress(i, j) ==
    /\ Relaxed("progress-of-added-server")
    /\ state[i] = "Leader"
    /\ j \in Config(i) \ {i}
    /\ nextIndex'  = [nextIndex  EXCEPT ![i][j] = Max(LastIndex(i), 1)]
    /\ matchIndex' = [matchIndex EXCEPT ![i][j] = 0]
    /\ UNCHANGED <<persistentVars, state, votesGranted, pendingReads, readId, messages, committed>>

EtcdObserve == UNCHANGED vars

\* etcd applies a committed config entry: only its applied configuration changes (no Raft.tla variable does).
EtcdApplyConfig(i, voters) ==
    /\ applied' = [applied EXCEPT ![i] = ToSet(voters)]
    /\ UNCHANGED vars

\* The message the event consumed, as TraceRaft's Recv, with two additions: etcd logs how many entries a MsgApp
\* carried (params.entries), which must agree; and when the importer knows that no later event receives the same
\* message again (params.consume), the step consumes it (Raft.tla's Deliver allows both), which keeps the network,
\* and so every state TLC stores, small; otherwise it is kept for a later duplicate delivery.
EtcdRecv(e, A(_)) ==
    \E m \in messages : /\ MsgMatches(m, e.recv[1])
                        /\ m.mdest = e.node
                        /\ Has(e.params, "entries") => Len(m.mentries) = e.params.entries
                        /\ A(m)
                        /\ IF Has(e.params, "consume")
                           THEN m \notin messages'
                           ELSE \/ m \in messages'
                                \/ ~ENABLED (A(m) /\ m \in messages')

EtcdStep(e) ==
    LET i == e.node IN
    CASE e.action = "EtcdObserve"                 -> EtcdObserve
      [] e.action = "EtcdApplyConfig"             -> EtcdApplyConfig(i, e.params.voters)
      [] e.action = "EtcdCampaign"                -> EtcdCampaign(i)
      [] e.action = "AppendEntries" /\ Has(e.params, "prev") ->
                                                     EtcdAppend(i, e.params.peer, e.params.prev, e.params.entries)
      [] e.action = "AdvanceCommitIndex" /\ Has(e.state, "commitIndex") ->
                                                     EtcdCommit(i, e.state.commitIndex)
      [] e.action = "EtcdHeartbeat"               -> EtcdHeartbeat(i, e.params.peer)
      [] e.action = "EtcdAddProgress"             -> EtcdAddProgress(i, e.params.peer)
      [] e.action = "EtcdHandleHeartbeat"         -> EtcdRecv(e, LAMBDA m : EtcdHandleHeartbeat(i, m))
      [] e.action = "EtcdHandleHeartbeatResponse" -> EtcdRecv(e, LAMBDA m : EtcdHandleHeartbeatResponse(i, m))
      [] e.action = "HandleRequestVoteRequest"    -> EtcdRecv(e, LAMBDA m : HandleRequestVoteRequest(i, m))
      [] e.action = "HandleRequestVoteResponse"   -> EtcdRecv(e, LAMBDA m : HandleRequestVoteResponse(i, m))
      [] e.action = "HandleAppendEntriesRequest"  -> EtcdRecv(e, LAMBDA m : HandleAppendEntriesRequest(i, m))
      [] e.action = "HandleAppendEntriesResponse" -> EtcdRecv(e, LAMBDA m : HandleAppendEntriesResponse(i, m))
      [] OTHER                                    -> Step(e)

\* etcd logs the index of the last entry, not the entries.
LastIndexMatches(e) == Has(e.state, "lastIndex") => Len(log'[e.node]) = e.state.lastIndex

EtcdNext ==
    /\ l <= Len(Trace)
    /\ EtcdStep(Trace[l])
    /\ Trace[l].action # "EtcdApplyConfig" => UNCHANGED applied
    /\ StateMatches(Trace[l])
    /\ LastIndexMatches(Trace[l])
    /\ SentMatches(Trace[l])
    /\ l' = l + 1

\* Diagnosis, as TraceRaft's DiagNext: event DiagAt is taken without the state/sent match.
EtcdDiagNext ==
    /\ l <= DiagAt
    /\ IF l < DiagAt
       THEN EtcdNext
       ELSE /\ EtcdStep(Trace[l])
            /\ Trace[l].action # "EtcdApplyConfig" => UNCHANGED applied
            /\ l' = l + 1
=============================================================================
