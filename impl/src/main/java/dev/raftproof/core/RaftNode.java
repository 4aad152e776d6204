package dev.raftproof.core;

import dev.raftproof.core.Message.AppendEntriesRequest;
import dev.raftproof.core.Message.AppendEntriesResponse;
import dev.raftproof.core.Message.HeartbeatRequest;
import dev.raftproof.core.Message.HeartbeatResponse;
import dev.raftproof.core.Message.InstallSnapshotRequest;
import dev.raftproof.core.Message.PreVoteRequest;
import dev.raftproof.core.Message.PreVoteResponse;
import dev.raftproof.core.Message.RequestVoteRequest;
import dev.raftproof.core.Message.RequestVoteResponse;
import dev.raftproof.core.Message.TimeoutNow;
import dev.raftproof.core.qual.LogIndex;
import dev.raftproof.core.qual.Term;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeSet;
import java.util.random.RandomGenerator;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * One Raft server as a pure state machine (the shape of etcd/raft's RawNode): no threads, clocks or I/O. A driver
 * feeds it inputs — {@link #tick()}, {@link #receive}, {@link #propose}, {@link #readIndex}, {@link #addServer},
 * {@link #removeServer}, {@link #transferLeadership}, {@link #takeSnapshot} — and after each batch of inputs takes
 * a {@link Ready} with {@link #ready()} and carries it out as its Javadoc says (persist, then send, then apply).
 *
 * <p>Every state change is one of the spec actions of traces/FORMAT.md §1, taken by the method of the same name;
 * each such method names the action and the paper's rule. One input may take several actions in a row (a vote
 * that completes a quorum takes HandleRequestVoteResponse then BecomeLeader). Requests that the node refuses are not
 * steps: they change nothing and return a {@link Refusal}.
 *
 * <p>Timing (election timeouts, heartbeats, CheckQuorum rounds, when to replicate and how much) is the
 * implementation's choice among the steps the spec allows; randomness comes only from the injected generator.
 */
public final class RaftNode {
  private static final @Term long NO_TERM = 0;
  private static final long NO_INDEX = -1;

  // ---- identity and configuration -------------------------------------------------------------------------
  private final String id;
  /** The spec constant {@code Server}: every server that can ever exist (keys of nextIndex/matchIndex). */
  private final List<String> servers;
  private final RaftOptions options;
  private final RandomGenerator random;

  // ---- persistent state (Figure 2, plus etcd's commitIndex) -----------------------------------------------
  private @Term long currentTerm;
  private @Nullable String votedFor;
  private final RaftLog log;
  private @LogIndex long commitIndex;
  /** The snapshot covering entries 1..log.snapshotIndex() (sent by SendSnapshot); null while nothing is compacted. */
  private @Nullable Snapshot latestSnapshot;

  // ---- volatile spec state ---------------------------------------------------------------------------------
  private Role state = Role.Follower;
  private final TreeSet<String> votesGranted = new TreeSet<>();
  /** votesGranted as the sorted list a NodeState holds, until it changes (null: build it again). */
  private @Nullable List<String> votesGrantedList;
  // nextIndex[i][j] and matchIndex[i][j], by the position of j in servers (a TreeMap per server was a visible share of
  // every leader step). NO_INDEX: not set since this node was created (it is set for every server by BecomeLeader).
  private final long[] nextIndex;
  private final long[] matchIndex;
  private final LinkedHashMap<Long, ReadProgress> pendingReads = new LinkedHashMap<>();

  // ---- volatile implementation state (timing, flow control; not spec variables) ----------------------------
  private @Nullable String leaderId;
  private int electionElapsed;
  private int heartbeatElapsed;
  private int randomizedElectionTimeout;
  /** By the position of the follower in servers. */
  private final Progress[] progress;
  /** servers as an array: serverIds[k] is the server at position k (sorted). */
  private final String[] serverIds;
  /** voterMask[k]: serverIds[k] is in Config(i) = voterMaskOf; rebuilt when the log's voter list changes. */
  private final boolean[] voterMask;
  private @Nullable List<String> voterMaskOf;
  /** advanceCommitIndex's match indexes of the voters (reused). */
  private long[] matchScratch = new long[0];
  private @Nullable String transferee;
  private boolean timeoutNowSent;
  private int transferElapsed;
  private long uncommittedBytes;
  private long nextReadId = 1;
  private @LogIndex long applied;

  // ---- output accumulated for the next Ready ---------------------------------------------------------------
  private final ArrayList<Message> outMessages = new ArrayList<>();
  private HardState persistedHardState;
  private long unstableFrom = Long.MAX_VALUE;
  private @Nullable Snapshot snapshotToInstall;
  private @Nullable Snapshot snapshotTaken;
  private final ArrayList<ReadState> readStates = new ArrayList<>();
  private final ArrayList<ActionEvent> events = new ArrayList<>();

  // ---- tracing (only touched when options.tracing()) -------------------------------------------------------
  private VectorClock clock;
  private ArrayList<Message> stepSent = new ArrayList<>(0);
  private @Nullable VectorClock inputClock;

  /** A ReadIndex read in progress: the spec's {@code [id, index, acks]} plus the caller's context. */
  private static final class ReadProgress {
    final @LogIndex long index;
    final TreeSet<String> acks = new TreeSet<>();
    final long context;

    ReadProgress(@LogIndex long index, long context) {
      this.index = index;
      this.context = context;
    }
  }

  private RaftNode(String id, Collection<String> servers, Collection<String> initServers, PersistentState persisted,
      RaftOptions options, RandomGenerator random, VectorClock clock) {
    if (!servers.containsAll(initServers) || initServers.isEmpty()) {
      throw new IllegalArgumentException("initServers must be a non-empty subset of servers");
    }
    if (!servers.contains(id)) {
      throw new IllegalArgumentException(id + " is not in servers " + servers);
    }
    this.id = id;
    this.servers = NodeState.sortedDistinct(List.copyOf(servers));
    this.serverIds = this.servers.toArray(new String[0]);
    this.nextIndex = new long[serverIds.length];
    this.matchIndex = new long[serverIds.length];
    java.util.Arrays.fill(nextIndex, NO_INDEX);
    this.progress = new Progress[serverIds.length];
    this.voterMask = new boolean[serverIds.length];
    this.options = options;
    this.random = random;
    this.clock = clock;
    this.log = new RaftLog(NodeState.sortedDistinct(List.copyOf(initServers)));
    Snapshot snap = persisted.snapshot();
    if (snap != null) {
      log.restore(snap);
      latestSnapshot = snap;
    }
    for (Entry e : persisted.entries()) {
      log.append(e);
    }
    HardState hs = persisted.hardState();
    this.currentTerm = hs.currentTerm();
    this.votedFor = hs.votedFor();
    this.commitIndex = hs.commitIndex();
    if (commitIndex < log.snapshotIndex() || commitIndex > log.lastIndex()) {
      throw new IllegalArgumentException("persisted commitIndex " + commitIndex + " outside the log");
    }
    this.applied = log.snapshotIndex();
    this.persistedHardState = hs;
    for (int k = 0; k < progress.length; k++) {
      progress[k] = new Progress();
    }
    resetElectionTimer();
  }

  /**
   * A server that has never run (the spec's initial state). No event is written: the trace's initial state is the
   * spec's {@code Init}.
   */
  public static RaftNode create(String id, Collection<String> servers, Collection<String> initServers,
      RaftOptions options, RandomGenerator random) {
    return new RaftNode(id, servers, initServers, PersistentState.EMPTY, options, random, VectorClock.EMPTY);
  }

  /**
   * Restart(i) (§5.1, Figure 2): a server comes back with only its persistent state; volatile state is reset. Takes
   * the spec action {@code Restart}, so the first Ready holds its event and the committed entries to re-apply after
   * restoring {@code persisted.snapshot()}. {@code clock} is the vector clock of the node's last event before the
   * crash (pass {@link VectorClock#EMPTY} when not tracing).
   */
  public static RaftNode restart(String id, Collection<String> servers, Collection<String> initServers,
      PersistentState persisted, RaftOptions options, RandomGenerator random, VectorClock clock) {
    RaftNode n = new RaftNode(id, servers, initServers, persisted, options, random, clock);
    n.emit(Action.Restart, ActionEvent.Params.NONE, null);
    return n;
  }

  // =========================================================================================================
  // Inputs
  // =========================================================================================================

  /** One tick of logical time: may take Timeout (follower), or AppendEntries heartbeats / CheckQuorum (leader). */
  public void tick() {
    if (state == Role.Leader) {
      tickLeader();
    } else {
      tickElection();
    }
  }

  /** Delivers {@code m} (addressed to this node) without tracing information. */
  public void receive(Message m) {
    receive(m, VectorClock.EMPTY);
  }

  /**
   * Delivers {@code m}; {@code senderClock} is the sender's vector clock when it sent {@code m} (from the event
   * that sent it), used only for tracing. Takes UpdateTerm first if {@code m} carries a newer term (§5.1), then the
   * handler of {@code m}'s type.
   */
  public void receive(Message m, VectorClock senderClock) {
    if (!m.dest().equals(id)) {
      throw new IllegalArgumentException(id + " received a message for " + m.dest());
    }
    inputClock = senderClock;
    try {
      if (m.term() > currentTerm && !isPreVoteTraffic(m)) {
        updateTerm(m);
      }
      if (m instanceof PreVoteRequest r) {
        handlePreVoteRequest(r);
      } else if (m instanceof PreVoteResponse r) {
        handlePreVoteResponse(r);
      } else if (m instanceof RequestVoteRequest r) {
        handleRequestVoteRequest(r);
      } else if (m instanceof RequestVoteResponse r) {
        handleRequestVoteResponse(r);
      } else if (m instanceof AppendEntriesRequest r) {
        handleAppendEntriesRequest(r);
      } else if (m instanceof AppendEntriesResponse r) {
        handleAppendEntriesResponse(r);
      } else if (m instanceof InstallSnapshotRequest r) {
        handleInstallSnapshotRequest(r);
      } else if (m instanceof TimeoutNow r) {
        handleTimeoutNow(r);
      } else if (m instanceof HeartbeatRequest r) {
        handleHeartbeatRequest(r);
      } else if (m instanceof HeartbeatResponse r) {
        handleHeartbeatResponse(r);
      }
    } finally {
      inputClock = null;
    }
  }

  /** UpdateTerm's exception (D§9.6): pre-votes and granted pre-vote answers do not move terms. */
  private static boolean isPreVoteTraffic(Message m) {
    return m instanceof PreVoteRequest || (m instanceof PreVoteResponse r && r.voteGranted());
  }

  /**
   * ClientRequest(i, v) (§5.3: "the leader appends the command to its log as a new entry"). Refused (not a step)
   * unless leader, while transferring leadership, or over the uncommitted-bytes cap. Returns the entry's index.
   */
  public Outcome propose(String value) {
    if (state != Role.Leader) {
      return Outcome.refused(Refusal.NOT_LEADER);
    }
    if (transferee != null) {
      return Outcome.refused(Refusal.TRANSFERRING_LEADERSHIP);
    }
    Entry e = Entry.value(currentTerm, value);
    if (uncommittedBytes > 0 && uncommittedBytes + e.sizeBytes() > options.maxUncommittedBytes()) {
      return Outcome.refused(Refusal.UNCOMMITTED_BYTES_LIMIT);
    }
    appendToLog(e);
    uncommittedBytes += e.sizeBytes();
    emit(Action.ClientRequest, ActionEvent.Params.value(value), null);
    @LogIndex long index = log.lastIndex();
    advanceCommitIndex();
    broadcastAppend(false);
    return Outcome.accepted(index);
  }

  /**
   * ReadIndex(i) (D§6.4): records the commit index as the read's index and starts a heartbeat round to confirm
   * leadership. The answer comes as a {@link ReadState} carrying {@code context}. Returns the read id.
   */
  public Outcome readIndex(long context) {
    if (state != Role.Leader) {
      return Outcome.refused(Refusal.NOT_LEADER);
    }
    if (log.term(commitIndex) != currentTerm) {
      return Outcome.refused(Refusal.NO_CURRENT_TERM_COMMIT);
    }
    long readId = nextReadId++;
    ReadProgress read = new ReadProgress(commitIndex, context);
    read.acks.add(id);
    pendingReads.put(readId, read);
    for (String j : voters()) {
      if (!j.equals(id)) {
        send(new HeartbeatRequest(currentTerm, id, j, readId, commitIndex));
      }
    }
    emit(Action.ReadIndex, ActionEvent.Params.NONE, null);
    serveReads();
    return Outcome.accepted(readId);
  }

  /** AddServer(i, j) (D§4.1, single-server change). */
  public Outcome addServer(String j) {
    return changeMembership(j, true);
  }

  /** RemoveServer(i, j) (D§4.1, single-server change). {@code j} may be the leader itself. */
  public Outcome removeServer(String j) {
    return changeMembership(j, false);
  }

  /**
   * AddServer / RemoveServer (D§4.1): the leader appends a config entry holding the whole new voter set; it takes
   * effect at once. Refused while a config entry is uncommitted, and — the raft-dev 2015 fix — until an entry of the
   * leader's own term is committed.
   */
  private Outcome changeMembership(String j, boolean add) {
    if (state != Role.Leader) {
      return Outcome.refused(Refusal.NOT_LEADER);
    }
    if (transferee != null) {
      return Outcome.refused(Refusal.TRANSFERRING_LEADERSHIP);
    }
    if (!servers.contains(j)) {
      return Outcome.refused(Refusal.UNKNOWN_SERVER);
    }
    if (log.lastConfigIndex() > commitIndex) {
      return Outcome.refused(Refusal.CONFIG_CHANGE_PENDING);
    }
    if (log.term(commitIndex) != currentTerm) {
      return Outcome.refused(Refusal.NO_CURRENT_TERM_COMMIT);
    }
    TreeSet<String> newVoters = new TreeSet<>(voters());
    if (add) {
      if (!newVoters.add(j)) {
        return Outcome.refused(Refusal.ALREADY_MEMBER);
      }
    } else {
      if (!newVoters.contains(j)) {
        return Outcome.refused(Refusal.NOT_MEMBER);
      }
      if (newVoters.size() == 1) {
        return Outcome.refused(Refusal.LAST_VOTER);
      }
      newVoters.remove(j);
    }
    appendToLog(Entry.config(currentTerm, newVoters));
    @LogIndex long index = log.lastIndex();
    if (add) {
      progress(j).reset();
    }
    emit(add ? Action.AddServer : Action.RemoveServer, ActionEvent.Params.peer(j), null);
    advanceCommitIndex();
    if (state == Role.Leader) {
      broadcastAppend(add);
    }
    return Outcome.accepted(index);
  }

  /**
   * Starts a leadership transfer to {@code j} (D§3.10): the leader stops accepting proposals, brings {@code j} up to
   * date, then takes TransferLeadership(i, j) (sends TimeoutNow). Abandoned after an election timeout.
   */
  public Outcome transferLeadership(String j) {
    if (state != Role.Leader) {
      return Outcome.refused(Refusal.NOT_LEADER);
    }
    if (j.equals(id) || !voters().contains(j)) {
      return Outcome.refused(Refusal.NOT_MEMBER);
    }
    transferee = j;
    timeoutNowSent = false;
    transferElapsed = 0;
    if (matchIndex(serverIndex(j)) == log.lastIndex()) {
      sendTimeoutNow(j);
    } else {
      sendAppend(j, true);
    }
    return Outcome.accepted(0);
  }

  /**
   * TakeSnapshot(i, k) (§7): the driver hands over the state machine's state after applying entries 1..k;
   * {@code k} must be above the current snapshot and at most the applied index (entries handed out in a Ready).
   */
  public Outcome takeSnapshot(@LogIndex long k, byte[] data) {
    if (k <= log.snapshotIndex() || k > applied) {
      return Outcome.refused(Refusal.BAD_SNAPSHOT_INDEX);
    }
    Snapshot s = new Snapshot(k, log.term(k), log.votersAt(k), data);
    log.compact(k);
    latestSnapshot = s;
    snapshotTaken = s;
    emit(Action.TakeSnapshot, ActionEvent.Params.index(k), null);
    return Outcome.accepted(k);
  }

  // =========================================================================================================
  // Timers
  // =========================================================================================================

  private void tickElection() {
    electionElapsed++;
    if (electionElapsed >= randomizedElectionTimeout) {
      resetElectionTimer();
      if (isVoter(serverIndex(id))) {
        timeout();
      }
    }
  }

  private void tickLeader() {
    heartbeatElapsed++;
    electionElapsed++;
    if (transferee != null && ++transferElapsed >= options.electionTimeoutTicks()) {
      transferee = null; // D§3.10: abort a transfer that did not complete within an election timeout
    }
    if (electionElapsed >= options.electionTimeoutTicks()) {
      electionElapsed = 0;
      TreeSet<String> active = new TreeSet<>();
      active.add(id);
      for (String j : voters()) {
        if (progress(j).recentActive) {
          active.add(j);
        }
        progress(j).recentActive = false;
      }
      if (!isQuorum(active)) {
        checkQuorum();
        return;
      }
    }
    if (heartbeatElapsed >= options.heartbeatTicks()) {
      heartbeatElapsed = 0;
      for (String j : voters()) {
        Progress p = progress(j);
        p.inflight.clear(); // unacknowledged appends are presumed lost: retransmit (flow-control window reset)
        if (p.snapshotWait > 0) {
          p.snapshotWait--;
        }
      }
      broadcastAppend(true);
    }
  }

  private void resetElectionTimer() {
    electionElapsed = 0;
    randomizedElectionTimeout = options.electionTimeoutTicks() + random.nextInt(options.electionTimeoutTicks());
  }

  // =========================================================================================================
  // Election: PreVote (D§9.6), RequestVote (§5.2), UpdateTerm (§5.1), CheckQuorum (D§6.2)
  // =========================================================================================================

  /** Timeout(i) (D§9.6): start a pre-vote for term currentTerm+1 without changing the term. */
  private void timeout() {
    state = Role.PreCandidate;
    leaderId = null;
    votesGranted.clear();
    votesGranted.add(id);
    votesGrantedList = null;
    for (String j : voters()) {
      if (!j.equals(id)) {
        send(new PreVoteRequest(currentTerm + 1, id, j, log.lastIndex(), log.lastTerm()));
      }
    }
    emit(Action.Timeout, ActionEvent.Params.NONE, null);
    if (isQuorum(votesGranted)) {
      becomeCandidate(Action.BecomeCandidate, null);
    }
  }

  /**
   * HandlePreVoteRequest(i, m) (D§9.6): grant iff the pre-candidate's term is newer, its log is at least as up to
   * date (§5.4.1), and this server has not heard from a leader within the election timeout (the lease). No state
   * change.
   */
  private void handlePreVoteRequest(PreVoteRequest m) {
    boolean inLease = leaderId != null && electionElapsed < options.electionTimeoutTicks();
    boolean grant = m.term() > currentTerm && log.isUpToDate(m.lastLogIndex(), m.lastLogTerm()) && !inLease;
    send(new PreVoteResponse(grant ? m.term() : currentTerm, id, m.source(), grant));
    emit(Action.HandlePreVoteRequest, ActionEvent.Params.NONE, m);
  }

  /** HandlePreVoteResponse(i, m) (D§9.6): count a granted pre-vote; a quorum lets the server become candidate. */
  private void handlePreVoteResponse(PreVoteResponse m) {
    boolean counts = state == Role.PreCandidate && m.term() == currentTerm + 1 && m.voteGranted();
    if (counts) {
      votesGranted.add(m.source());
      votesGrantedList = null;
    }
    emit(Action.HandlePreVoteResponse, ActionEvent.Params.NONE, m);
    if (counts && isQuorum(votesGranted)) {
      becomeCandidate(Action.BecomeCandidate, null);
    }
  }

  /**
   * BecomeCandidate(i) (§5.2: "increments its current term, votes for itself, issues RequestVote RPCs") and
   * HandleTimeoutNow(i, m) (D§3.10), which has the same effect without a pre-vote.
   */
  private void becomeCandidate(Action action, @Nullable Message recv) {
    currentTerm = currentTerm + 1;
    votedFor = id;
    state = Role.Candidate;
    leaderId = null;
    votesGranted.clear();
    votesGranted.add(id);
    votesGrantedList = null;
    resetElectionTimer();
    for (String j : voters()) {
      if (!j.equals(id)) {
        send(new RequestVoteRequest(currentTerm, id, j, log.lastIndex(), log.lastTerm()));
      }
    }
    emit(action, ActionEvent.Params.NONE, recv);
    if (isQuorum(votesGranted)) {
      becomeLeader();
    }
  }

  /** UpdateTerm(i, m) (§5.1: "if RPC request or response contains term T > currentTerm: set currentTerm = T, convert
   * to follower"). The message is then handled by its own handler. */
  private void updateTerm(Message m) {
    currentTerm = m.term();
    votedFor = null;
    becomeFollower(null);
    emit(Action.UpdateTerm, ActionEvent.Params.NONE, m);
  }

  /**
   * HandleRequestVoteRequest(i, m) (§5.2 "at most one vote per term, first-come-first-served"; §5.4.1 election
   * restriction: only for a candidate whose log is at least as up to date).
   */
  private void handleRequestVoteRequest(RequestVoteRequest m) {
    boolean grant = m.term() == currentTerm
        && (votedFor == null || votedFor.equals(m.source()))
        && log.isUpToDate(m.lastLogIndex(), m.lastLogTerm());
    if (grant) {
      votedFor = m.source();
      resetElectionTimer();
    }
    send(new RequestVoteResponse(currentTerm, id, m.source(), grant));
    emit(Action.HandleRequestVoteRequest, ActionEvent.Params.NONE, m);
  }

  /** HandleRequestVoteResponse(i, m) (§5.2: "votes from a majority: become leader"). */
  private void handleRequestVoteResponse(RequestVoteResponse m) {
    boolean counts = state == Role.Candidate && m.term() == currentTerm && m.voteGranted();
    if (counts) {
      votesGranted.add(m.source());
      votesGrantedList = null;
    }
    emit(Action.HandleRequestVoteResponse, ActionEvent.Params.NONE, m);
    if (counts && isQuorum(votesGranted)) {
      becomeLeader();
    }
  }

  /**
   * BecomeLeader(i) (§5.2; Figure 2 "reinitialize nextIndex to last log index + 1, matchIndex to 0"; D§6.4: append a
   * no-op entry of the new term so that the current-term commit rule can commit the prefix). Reads of an earlier
   * leadership of this server are dropped (their clients time out and retry).
   */
  private void becomeLeader() {
    state = Role.Leader;
    leaderId = id;
    for (int k = 0; k < serverIds.length; k++) {
      nextIndex[k] = log.lastIndex() + 1;
      matchIndex[k] = 0;
      progress[k].reset();
    }
    appendToLog(Entry.noop(currentTerm));
    pendingReads.clear(); // a new leader has no reads; read ids start again at 1 (spec: readId' = 1)
    nextReadId = 1;
    uncommittedBytes = 0;
    electionElapsed = 0;
    heartbeatElapsed = 0;
    transferee = null;
    emit(Action.BecomeLeader, ActionEvent.Params.NONE, null);
    advanceCommitIndex();
    broadcastAppend(true);
  }

  /** CheckQuorum(i) (D§6.2): a leader that has not heard from a quorum within an election timeout steps down. */
  private void checkQuorum() {
    becomeFollower(null);
    emit(Action.CheckQuorum, ActionEvent.Params.NONE, null);
  }

  private void becomeFollower(@Nullable String leader) {
    state = Role.Follower;
    leaderId = leader;
    transferee = null;
    resetElectionTimer();
  }

  // =========================================================================================================
  // Replication: AppendEntries (§5.3), commitment (§5.3, §5.4.2), snapshots (§7)
  // =========================================================================================================

  private void broadcastAppend(boolean allowEmpty) {
    List<String> voters = voters();
    for (int k = 0; k < voters.size(); k++) { // indexed: no iterator per broadcast
      String j = voters.get(k);
      if (!j.equals(id)) {
        sendAppend(j, allowEmpty);
      }
    }
  }

  /**
   * AppendEntries(i, j) (§5.3; Figure 2): send entries from nextIndex[j] (at most maxEntriesPerAppend, none while
   * maxInflightAppends are unacknowledged), then advance nextIndex[j] optimistically (etcd's replicate state). An
   * empty request is the heartbeat. If nextIndex[j] is compacted, SendSnapshot instead.
   */
  private void sendAppend(String j, boolean allowEmpty) {
    int jx = serverIndex(j);
    if (!isVoter(jx)) {
      return;
    }
    @LogIndex long next = nextIndex(jx);
    if (next > log.lastIndex() + 1) {
      return; // cannot happen (nextIndex never passes LastIndex+1); the spec's AppendEntries is not enabled
    }
    if (next <= log.snapshotIndex()) {
      sendSnapshot(j);
      return;
    }
    Progress p = progress[jx];
    long k = 0;
    if (p.inflight.size() < options.maxInflightAppends()) {
      k = Math.min(options.maxEntriesPerAppend(), log.lastIndex() - next + 1);
    }
    if (k == 0 && !allowEmpty) {
      return;
    }
    @LogIndex long prevLogIndex = next - 1;
    List<Entry> entries = log.slice(next, prevLogIndex + k);
    send(new AppendEntriesRequest(currentTerm, id, j, prevLogIndex, log.term(prevLogIndex), entries,
        Num.minIndex(commitIndex, prevLogIndex + k)));
    nextIndex[jx] = next + k;
    if (k > 0) {
      p.inflight.addLast(prevLogIndex + k);
    }
    emit(Action.AppendEntries, ActionEvent.Params.peer(j), null);
  }

  /**
   * SendSnapshot(i, j) (§7: "the leader must occasionally send snapshots to followers that lag behind"): sends the
   * whole snapshot as one InstallSnapshotRequest and sets nextIndex[j] just past it. At most one per election
   * timeout per follower.
   */
  private void sendSnapshot(String j) {
    Progress p = progress(j);
    Snapshot snap = latestSnapshot;
    if (p.snapshotWait > 0 || snap == null) {
      return;
    }
    p.snapshotWait = Math.max(1, options.electionTimeoutTicks() / options.heartbeatTicks());
    send(new InstallSnapshotRequest(currentTerm, id, j, snap.index(), snap.term(), snap));
    nextIndex[serverIndex(j)] = snap.index() + 1;
    emit(Action.SendSnapshot, ActionEvent.Params.peer(j), null);
  }

  /**
   * HandleAppendEntriesRequest(i, m) (§5.3, Figure 2 receiver rules 1–5). Stale term: reject. Same term: recognise the
   * leader (a (pre-)candidate steps down); if prevLogIndex is below the commit index answer with the commit index
   * (etcd); if the log matches at prevLogIndex delete only conflicting entries, append the new ones and raise the
   * commit index; otherwise reject with the fast-backtracking hint (traces/FORMAT.md §2).
   */
  private void handleAppendEntriesRequest(AppendEntriesRequest m) {
    if (m.term() < currentTerm) {
      send(new AppendEntriesResponse(currentTerm, id, m.source(), false, 0, 0, 0, NO_TERM));
      emit(Action.HandleAppendEntriesRequest, ActionEvent.Params.NONE, m);
      return;
    }
    becomeFollower(m.source());
    if (m.prevLogIndex() < commitIndex) {
      send(new AppendEntriesResponse(currentTerm, id, m.source(), true, commitIndex, 0, 0, NO_TERM));
    } else if (log.matches(m.prevLogIndex(), m.prevLogTerm())) {
      @LogIndex long index = m.prevLogIndex();
      List<Entry> received = m.entries();
      for (int r = 0; r < received.size(); r++) {
        Entry e = received.get(r);
        index = index + 1;
        if (index <= log.lastIndex()) {
          if (log.term(index) == e.term()) {
            continue; // already have it (Figure 2 rule 3 deletes only conflicting entries)
          }
          log.truncateFrom(index);
        }
        appendToLog(e);
      }
      commitIndex = Num.maxIndex(commitIndex, m.commitIndex());
      send(new AppendEntriesResponse(currentTerm, id, m.source(), true, m.prevLogIndex() + m.entries().size(), 0,
          0, NO_TERM));
    } else {
      @LogIndex long hintIndex = Num.minIndex(m.prevLogIndex(), log.lastIndex());
      while (hintIndex > log.snapshotIndex() && log.term(hintIndex) > m.prevLogTerm()) {
        hintIndex = hintIndex - 1;
      }
      send(new AppendEntriesResponse(currentTerm, id, m.source(), false, 0, m.prevLogIndex(), hintIndex,
          log.term(hintIndex)));
    }
    emit(Action.HandleAppendEntriesRequest, ActionEvent.Params.NONE, m);
  }

  /**
   * HandleAppendEntriesResponse(i, m) (§5.3: "if successful, update nextIndex and matchIndex; if AppendEntries fails
   * because of log inconsistency, decrement nextIndex and retry" — with etcd's fast backtracking, FORMAT.md §2).
   * Then, as separate steps: AdvanceCommitIndex, TransferLeadership, and more AppendEntries to the same follower.
   */
  private void handleAppendEntriesResponse(AppendEntriesResponse m) {
    if (state != Role.Leader || m.term() != currentTerm) {
      emit(Action.HandleAppendEntriesResponse, ActionEvent.Params.NONE, m);
      return;
    }
    String j = m.source();
    int jx = serverIndex(j);
    Progress p = progress[jx];
    p.recentActive = true;
    if (m.success()) {
      matchIndex[jx] = Math.max(matchIndex[jx], m.matchIndex());
      nextIndex[jx] = Math.max(nextIndex(jx), m.matchIndex() + 1);
      p.acknowledge(m.matchIndex());
      if (m.matchIndex() >= log.snapshotIndex()) {
        p.snapshotWait = 0;
      }
    } else if (m.rejectedIndex() > matchIndex(jx)) {
      @LogIndex long k = m.hintIndex();
      if (m.hintTerm() > 0) {
        while (k > log.snapshotIndex() && log.term(k) > m.hintTerm()) {
          k = k - 1;
        }
      }
      nextIndex[jx] = Math.max(matchIndex(jx) + 1, Math.min(m.rejectedIndex(), k + 1));
      p.inflight.clear();
    }
    emit(Action.HandleAppendEntriesResponse, ActionEvent.Params.NONE, m);
    if (m.success()) {
      advanceCommitIndex();
    }
    if (state == Role.Leader) {
      if (j.equals(transferee) && !timeoutNowSent && matchIndex(jx) == log.lastIndex()) {
        sendTimeoutNow(j);
      }
      sendAppend(j, false);
    }
  }

  /**
   * AdvanceCommitIndex(i) (§5.3: an entry is committed once a majority stores it; §5.4.2/Figure 8: only entries of
   * the leader's current term are committed by counting replicas). A leader that is not in its own configuration
   * steps down once that configuration is committed (D§4.2.2).
   */
  private void advanceCommitIndex() {
    if (state != Role.Leader) {
      return;
    }
    List<String> voters = voters();
    int nv = voters.size();
    if (matchScratch.length < nv) {
      matchScratch = new long[nv];
    }
    long[] matches = matchScratch;
    for (int k = 0; k < nv; k++) {
      String v = voters.get(k);
      matches[k] = v.equals(id) ? log.lastIndex() : matchIndex(serverIndex(v));
    }
    @LogIndex long newCommit = commitIndex;
    for (@LogIndex long n = log.lastIndex(); n > commitIndex && log.term(n) == currentTerm; n = n - 1) {
      int count = 0;
      @LogIndex long below = commitIndex; // the highest match under n
      for (int v = 0; v < nv; v++) {
        long match = matches[v];
        if (match >= n) {
          count++;
        } else if (match > below) {
          below = match;
        }
      }
      if (2 * count > voters.size()) {
        newCommit = n;
        break;
      }
      // The count is the same at every index in (below, n]: none of them has a quorum either, so continue at below
      // (a leader with many uncommitted entries would otherwise count the voters once per entry).
      n = below + 1;
    }
    if (newCommit == commitIndex) {
      return;
    }
    for (@LogIndex long n = commitIndex + 1; n <= newCommit; n = n + 1) {
      uncommittedBytes = Math.max(0, uncommittedBytes - log.entry(n).sizeBytes());
    }
    commitIndex = newCommit;
    if (!voters.contains(id) && log.lastConfigIndex() <= commitIndex) {
      becomeFollower(null);
    }
    emit(Action.AdvanceCommitIndex, ActionEvent.Params.NONE, null);
    if (state == Role.Leader) {
      serveReads();
    }
  }

  /**
   * HandleInstallSnapshotRequest(i, m) (§7 receiver rules): recognise the leader; ignore a snapshot the commit index
   * already covers; if the log has the snapshot's last entry keep the log and commit up to it ("retain log entries
   * following it"); otherwise discard the log and install the snapshot. Answer with the commit index.
   */
  private void handleInstallSnapshotRequest(InstallSnapshotRequest m) {
    if (m.term() != currentTerm) {
      emit(Action.HandleInstallSnapshotRequest, ActionEvent.Params.NONE, m);
      return;
    }
    becomeFollower(m.source());
    if (m.lastIncludedIndex() <= commitIndex) {
      // already covered
    } else if (log.matches(m.lastIncludedIndex(), m.lastIncludedTerm())) {
      commitIndex = m.lastIncludedIndex();
    } else {
      Snapshot snap = m.snapshot();
      if (snap == null) {
        throw new IllegalArgumentException("InstallSnapshotRequest without snapshot data: " + m);
      }
      log.restore(snap);
      latestSnapshot = snap;
      snapshotToInstall = snap;
      snapshotTaken = null;
      unstableFrom = Long.MAX_VALUE;
      commitIndex = snap.index();
      applied = snap.index();
    }
    send(new AppendEntriesResponse(currentTerm, id, m.source(), true, commitIndex, 0, 0, NO_TERM));
    emit(Action.HandleInstallSnapshotRequest, ActionEvent.Params.NONE, m);
  }

  // =========================================================================================================
  // Leadership transfer (D§3.10)
  // =========================================================================================================

  /** TransferLeadership(i, j) (D§3.10): j's log is up to date; tell it to start an election now. */
  private void sendTimeoutNow(String j) {
    timeoutNowSent = true;
    send(new TimeoutNow(currentTerm, id, j));
    emit(Action.TransferLeadership, ActionEvent.Params.peer(j), null);
  }

  /** HandleTimeoutNow(i, m) (D§3.10): as BecomeCandidate, skipping the pre-vote; only a voter of the same term. */
  private void handleTimeoutNow(TimeoutNow m) {
    if (m.term() == currentTerm && voters().contains(id)) {
      becomeCandidate(Action.HandleTimeoutNow, m);
    } else {
      emit(Action.HandleTimeoutNow, ActionEvent.Params.NONE, m);
    }
  }

  // =========================================================================================================
  // ReadIndex (D§6.4)
  // =========================================================================================================

  /** HandleHeartbeatRequest(i, m) (D§6.4): recognise the leader and acknowledge the read round. */
  private void handleHeartbeatRequest(HeartbeatRequest m) {
    if (m.term() == currentTerm) {
      becomeFollower(m.source());
      send(new HeartbeatResponse(currentTerm, id, m.source(), m.readId()));
    }
    emit(Action.HandleHeartbeatRequest, ActionEvent.Params.NONE, m);
  }

  /** HandleHeartbeatResponse(i, m) (D§6.4): count the follower's acknowledgement for the read. */
  private void handleHeartbeatResponse(HeartbeatResponse m) {
    boolean counts = state == Role.Leader && m.term() == currentTerm;
    if (counts) {
      progress(m.source()).recentActive = true;
      ReadProgress read = pendingReads.get(m.readId());
      if (read != null) {
        read.acks.add(m.source());
      }
    }
    emit(Action.HandleHeartbeatResponse, ActionEvent.Params.NONE, m);
    if (counts) {
      serveReads();
    }
  }

  /** ServeRead(i, id) (D§6.4): a read confirmed by a quorum is answered at its index once that index is committed. */
  private void serveReads() {
    if (pendingReads.isEmpty()) {
      return; // nothing to serve (called after every commit advance and heartbeat answer)
    }
    List<Long> ready = new ArrayList<>();
    for (Map.Entry<Long, ReadProgress> e : pendingReads.entrySet()) {
      if (isQuorum(e.getValue().acks) && commitIndex >= e.getValue().index) {
        ready.add(e.getKey());
      }
    }
    for (long readId : ready) {
      ReadProgress read = pendingReads.remove(readId);
      if (read != null) {
        readStates.add(new ReadState(readId, read.index, read.context));
        emit(Action.ServeRead, ActionEvent.Params.readId(readId), null);
      }
    }
  }

  // =========================================================================================================
  // Output
  // =========================================================================================================

  /** True if {@link #ready()} would return a non-empty Ready. */
  public boolean hasReady() {
    return !outMessages.isEmpty() || !events.isEmpty() || !readStates.isEmpty() || snapshotToInstall != null
        || snapshotTaken != null || unstableFrom <= log.lastIndex() || applied < commitIndex
        || hardStateChanged();
  }

  /** currentHardState() differs from the persisted one; compared field by field, without building it. */
  private boolean hardStateChanged() {
    HardState p = persistedHardState;
    return currentTerm != p.currentTerm() || commitIndex != p.commitIndex()
        || !java.util.Objects.equals(votedFor, p.votedFor());
  }

  /**
   * Everything to persist, send, apply and trace since the previous call; see {@link Ready} for the order in which
   * the driver must carry it out. Calling this is the driver's promise to carry it out (or to crash).
   */
  public Ready ready() {
    HardState hsOut = null;
    if (hardStateChanged()) {
      hsOut = currentHardState();
      persistedHardState = hsOut;
    }
    @LogIndex long from = log.lastIndex() + 1;
    List<Entry> entries = List.of();
    if (unstableFrom <= log.lastIndex()) {
      from = unstableFrom;
      entries = log.slice(from, log.lastIndex());
    }
    unstableFrom = Long.MAX_VALUE;
    @LogIndex long firstCommitted = applied + 1;
    List<Entry> committed = log.slice(firstCommitted, commitIndex);
    applied = Num.maxIndex(applied, commitIndex);
    // Immutable lists (List.of / List.copyOf) pass through Ready's defensive copy as they are: one copy, none if empty.
    Ready r = new Ready(frozen(outMessages), hsOut, from, entries, snapshotToInstall, snapshotTaken, firstCommitted,
        committed, frozen(readStates), frozen(events));
    outMessages.clear();
    readStates.clear();
    events.clear();
    snapshotToInstall = null;
    snapshotTaken = null;
    return r;
  }

  private static <T> List<T> frozen(ArrayList<T> list) {
    return list.isEmpty() ? List.of() : List.copyOf(list);
  }

  private HardState currentHardState() {
    return new HardState(currentTerm, votedFor, commitIndex);
  }

  // =========================================================================================================
  // Queries
  // =========================================================================================================

  public String id() {
    return id;
  }

  public Role role() {
    return state;
  }

  public @Term long currentTerm() {
    return currentTerm;
  }

  public @LogIndex long commitIndex() {
    return commitIndex;
  }

  public @LogIndex long lastIndex() {
    return log.lastIndex();
  }

  /** The leader this server currently follows (or itself), if known. Not a spec variable. */
  public @Nullable String leaderId() {
    return leaderId;
  }

  /** {@code Config(i)}: the current voters (sorted). */
  public List<String> voters() {
    return log.voters();
  }

  /** The vector clock of this node's last event (only maintained when tracing). */
  public VectorClock clock() {
    return clock;
  }

  /** The spec variables of this server now (allocates; for traces, tests and the simulator). */
  public NodeState nodeState() {
    List<PendingRead> reads = List.of();
    if (!pendingReads.isEmpty()) {
      reads = new ArrayList<>(pendingReads.size());
      for (Map.Entry<Long, ReadProgress> e : pendingReads.entrySet()) {
        reads.add(new PendingRead(e.getKey(), e.getValue().index, List.copyOf(e.getValue().acks)));
      }
    }
    List<String> votes = votesGrantedList;
    if (votes == null) {
      votes = List.copyOf(votesGranted);
      votesGrantedList = votes;
    }
    boolean leader = state == Role.Leader;
    return new NodeState(id, currentTerm, votedFor, state, commitIndex, log.snapshotIndex(), log.snapshotTerm(),
        log.liveEntries(), votes, leader ? indexMap(nextIndex) : Collections.emptySortedMap(),
        leader ? indexMap(matchIndex) : Collections.emptySortedMap(), reads);
  }

  // =========================================================================================================
  // Helpers
  // =========================================================================================================

  /** nextIndex/matchIndex as the spec's function of every server that has a value (all of them once leader). */
  private SortedMap<String, Long> indexMap(long[] values) {
    int n = 0;
    for (long v : values) {
      if (v != NO_INDEX) {
        n++;
      }
    }
    String[] k = new String[n];
    long[] v = new long[n];
    for (int x = 0, y = 0; x < values.length; x++) {
      if (values[x] != NO_INDEX) {
        k[y] = serverIds[x];
        v[y++] = values[x];
      }
    }
    return new IndexMap(k, v);
  }

  private void appendToLog(Entry e) {
    log.append(e);
    unstableFrom = Math.min(unstableFrom, log.lastIndex());
  }

  /** A quorum of {@code Config(i)}: more than half of the voters are in {@code s}. */
  private boolean isQuorum(Set<String> s) {
    List<String> voters = voters();
    int count = 0;
    for (int k = 0; k < voters.size(); k++) {
      if (s.contains(voters.get(k))) {
        count++;
      }
    }
    return 2 * count > voters.size();
  }

  private Progress progress(String j) {
    return progress[serverIndex(j)];
  }

  /** The position of {@code j} in {@code servers} (ids are few: a scan, identity first). */
  private int serverIndex(String j) {
    String[] ids = serverIds;
    for (int k = 0; k < ids.length; k++) {
      if (ids[k] == j) {
        return k;
      }
    }
    for (int k = 0; k < ids.length; k++) {
      if (ids[k].equals(j)) {
        return k;
      }
    }
    throw new IllegalArgumentException(j + " is not in servers " + servers);
  }

  /** Is the server at position {@code k} in {@code Config(i)}? */
  private boolean isVoter(int k) {
    List<String> voters = log.voters();
    if (voters != voterMaskOf) {
      for (int x = 0; x < serverIds.length; x++) {
        voterMask[x] = voters.contains(serverIds[x]);
      }
      voterMaskOf = voters;
    }
    return voterMask[k];
  }

  private @LogIndex long nextIndex(int jx) {
    long v = nextIndex[jx];
    return v == NO_INDEX ? log.lastIndex() + 1 : v;
  }

  private @LogIndex long matchIndex(int jx) {
    return matchIndex[jx];
  }

  private void send(Message m) {
    outMessages.add(m);
    if (options.tracing()) {
      stepSent.add(m);
    }
  }

  /**
   * Records one spec action (only when tracing: otherwise allocates nothing). Kept this small so that the JIT inlines
   * it into every handler: with tracing off the branch is never taken and the {@code params} built by the caller are
   * never allocated.
   */
  private void emit(Action action, ActionEvent.Params params, @Nullable Message recv) {
    if (options.tracing()) {
      record(action, params, recv);
    }
  }

  private void record(Action action, ActionEvent.Params params, @Nullable Message recv) {
    clock = clock.tick(id);
    VectorClock in = inputClock;
    if (recv != null && in != null) {
      clock = clock.merge(in);
    }
    if (stepSent.isEmpty()) {
      events.add(new ActionEvent(id, action, params, recv, List.of(), clock, nodeState()));
    } else {
      events.add(new ActionEvent(id, action, params, recv, stepSent, clock, nodeState())); // copies stepSent
      stepSent.clear();
    }
  }
}
