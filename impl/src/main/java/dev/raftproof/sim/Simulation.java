package dev.raftproof.sim;

import dev.raftproof.core.ActionEvent;
import dev.raftproof.core.Entry;
import dev.raftproof.core.EntryType;
import dev.raftproof.core.Message;
import dev.raftproof.core.MemoryStorage;
import dev.raftproof.core.NodeState;
import dev.raftproof.core.Outcome;
import dev.raftproof.core.PersistentState;
import dev.raftproof.core.RaftNode;
import dev.raftproof.core.RaftOptions;
import dev.raftproof.core.ReadState;
import dev.raftproof.core.Ready;
import dev.raftproof.core.Refusal;
import dev.raftproof.core.Role;
import dev.raftproof.core.Snapshot;
import dev.raftproof.core.VectorClock;
import dev.raftproof.kv.KvCommand;
import dev.raftproof.kv.KvStore;
import dev.raftproof.safety.SafetyMonitor;
import dev.raftproof.safety.Violation;
import dev.raftproof.sim.Decision.Kind;
import dev.raftproof.trace.TraceHeader;
import dev.raftproof.trace.TraceWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * A deterministic simulation of a Raft cluster: the real core ({@link RaftNode}) for every server, one process, one
 * seeded scheduler. Each step takes one {@link Decision} — from the scheduler's {@link SplittableRandom} (a fresh
 * run) or from a recorded list (a replay) — carries it out, handles every resulting {@link dev.raftproof.core.Ready}
 * as its contract says (persist, trace, send, apply, answer reads), and checks the five safety properties plus three
 * simulator invariants. Nothing depends on the wall clock or on hash iteration order: the same seed gives the same
 * decisions, the same trace bytes and the same history bytes.
 *
 * <p>Model of the environment. The network is a list of messages in flight; with {@link Fault#DELAY} each waits a
 * random number of steps before it can be delivered, with {@link Fault#REORDER} any deliverable one may go next
 * (else the oldest), {@link Fault#LOSS} drops one, {@link Fault#DUPLICATE} copies one. Partitions block links: a
 * message sent or delivered over a blocked link is lost. A crashed server loses its volatile state and every
 * message addressed to it; it restarts from its {@link MemoryStorage} — with {@link Fault#TORN_WRITE} the crash
 * hits while the Ready of one more input is being written, so that Ready is lost whole (its messages are never
 * sent and its events never traced: the step never happened). {@link Fault#TICK_SKEW} gives servers different tick
 * rates. Clients (Jepsen processes) write unique values and read keys through ReadIndex and record an EDN history.
 *
 * <p>Checks after every step: the five properties of {@link dev.raftproof.safety} on the states of the servers that
 * stepped (every traced action's state when tracing, else the state after the step), plus
 * {@code CommitIndexMonotonic} (commitIndex is persistent: it never decreases, across restarts too),
 * {@code MatchIndexMonotonic} (a leader's matchIndex never decreases within its term) and {@code AppliedAgreement}
 * (no two servers apply different entries at one index). An exception thrown by the core is reported as
 * {@code CoreException}. The run stops at the first step with a violation.
 */
public final class Simulation {
  /** A message in flight with the vector clock of the event that sent it. */
  private record Envelope(Message m, VectorClock clock, long deliverAt) {}

  /** One server: its core, its storage, its state machine. */
  private static final class Node {
    final int idx;
    final String id;
    RaftNode raft;
    boolean up = true;
    final MemoryStorage storage = new MemoryStorage();
    final KvStore kv = new KvStore();
    long applied;
    int incarnation;
    int tickWeight = 1;
    long maxCommit;
    VectorClock durableClock = VectorClock.EMPTY;
    @Nullable NodeState lastLeaderState;

    Node(int idx, String id, RaftNode raft) {
      this.idx = idx;
      this.id = id;
      this.raft = raft;
    }
  }

  /** A client operation in flight. */
  private static final class Pending {
    final boolean write;
    final long key;
    final long value;
    final int node;
    final long index;
    final long readContext;
    /** A write's entry value ({@link KvCommand#encode()}), built once. */
    final @Nullable String command;
    long readIndex = -1;
    final long deadline;

    Pending(boolean write, long key, long value, int node, long index, long readContext, long deadline,
        @Nullable String command) {
      this.command = command;
      this.write = write;
      this.key = key;
      this.value = value;
      this.node = node;
      this.index = index;
      this.readContext = readContext;
      this.deadline = deadline;
    }
  }

  /** A Jepsen process: one operation at a time; after an indeterminate result it continues under a new id. */
  private static final class Client {
    long process;
    int target;
    @Nullable Pending pending;

    Client(long process, int target) {
      this.process = process;
      this.target = target;
    }
  }

  private final SimConfig cfg;
  private final List<String> servers = new ArrayList<>();
  private final List<String> initServers = new ArrayList<>();
  private final RaftOptions options;
  private final SplittableRandom sched;
  private final SplittableRandom env;
  private final Node[] nodes;
  private final ArrayList<Envelope> network = new ArrayList<>();
  private final java.util.HashMap<String, Node> byId = new java.util.HashMap<>();
  private final int[] weights = new int[Kind.values().length];
  // The fault switches and fixed weights, read once (cfg.has() on every scheduler step was a visible share).
  private final boolean delayOn;
  private final boolean reorderOn;
  private final boolean lossOn;
  private final boolean dupOn;
  private final boolean partitionOn;
  private final boolean oneWayOn;
  private final boolean crashOn;
  private final boolean tornOn;
  private final boolean membershipOn;
  private final boolean snapshotOn;
  private final boolean transferOn;
  private final boolean checkOn;
  private int tickWeightSum;
  private final int fixedWeightSum;
  /** Servers that are down (crashed, not restarted). */
  private int downCount;
  /**
   * Messages in {@link #network} that are not deliverable yet ({@code deliverAt > step}), counted by
   * {@code deliverAt mod notYetAt.length} (longer than the longest delay), so that the deliverable count is O(1).
   */
  private final int[] notYetAt;
  private int notYet;
  /** The earliest deadline of a pending client operation (Long.MAX_VALUE: none), so expiry is not a scan per step. */
  private long minDeadline = Long.MAX_VALUE;
  private final boolean[][] blocked;
  private boolean anyBlocked;
  private final Client[] clients;
  private final @Nullable List<Decision> replay;
  private final ArrayList<Decision> schedule;
  private final @Nullable TraceWriter trace;
  private final @Nullable EdnHistory history;
  private final SafetyMonitor monitor = new SafetyMonitor();
  private final TreeMap<Long, Entry> appliedAt = new TreeMap<>();
  private final ArrayList<SimViolation> violations = new ArrayList<>();
  private final IdentityHashMap<Message, VectorClock> sentClocks = new IdentityHashMap<>();
  private long step;
  private long nodeSteps;
  private long nextValue = 1;
  private long nextReadContext = 1;
  private long clientOps;
  private long clientOk;
  private long maxCommitted;

  private Simulation(SimConfig cfg, @Nullable List<Decision> replay) throws IOException {
    this.cfg = cfg;
    this.replay = replay;
    this.schedule = new ArrayList<>(replay == null ? cfg.steps() : replay.size());
    SplittableRandom root = new SplittableRandom(cfg.seed());
    this.sched = root.split();
    this.env = root.split();
    RaftOptions o = cfg.options().withTracing(cfg.tracePath() != null);
    if (cfg.varyFlowControl()) {
      // Flow control decides how entries are batched; small batches and windows expose other interleavings.
      int[] perAppend = {1, 2, 3, o.maxEntriesPerAppend()};
      int[] inflight = {1, 2, o.maxInflightAppends()};
      o = o.withFlowControl(inflight[env.nextInt(inflight.length)], o.maxUncommittedBytes(),
          perAppend[env.nextInt(perAppend.length)]);
    }
    this.options = o;
    delayOn = cfg.has(Fault.DELAY);
    reorderOn = cfg.has(Fault.REORDER);
    lossOn = cfg.has(Fault.LOSS);
    dupOn = cfg.has(Fault.DUPLICATE);
    partitionOn = cfg.has(Fault.PARTITION);
    oneWayOn = cfg.has(Fault.ONE_WAY);
    crashOn = cfg.has(Fault.CRASH);
    tornOn = cfg.has(Fault.TORN_WRITE);
    membershipOn = cfg.has(Fault.MEMBERSHIP);
    snapshotOn = cfg.has(Fault.SNAPSHOT);
    transferOn = cfg.has(Fault.TRANSFER);
    checkOn = cfg.checkSafety();
    notYetAt = new int[10 * cfg.maxDelaySteps() + 2];
    int n = cfg.nodes() + cfg.spares();
    for (int i = 0; i < n; i++) {
      servers.add("s" + (i + 1));
      if (i < cfg.nodes()) {
        initServers.add("s" + (i + 1));
      }
    }
    nodes = new Node[n];
    for (int i = 0; i < n; i++) {
      nodes[i] = new Node(i, servers.get(i),
          RaftNode.create(servers.get(i), servers, initServers, options, nodeRandom(cfg.seed(), i, 0)));
      if (cfg.has(Fault.TICK_SKEW)) {
        nodes[i].tickWeight = 1 + env.nextInt(4);
      }
    }
    for (Node node : nodes) {
      byId.put(node.id, node);
      tickWeightSum += node.tickWeight;
    }
    blocked = new boolean[n][n];
    clients = new Client[cfg.clients()];
    for (int c = 0; c < clients.length; c++) {
      clients[c] = new Client(c, c % cfg.nodes());
    }
    fixedWeightSum = fixedWeights();
    Path tp = cfg.tracePath();
    this.trace = tp == null ? null
        : TraceWriter.create(tp, TraceHeader.cluster(servers, initServers, "raftproof-sim", cfg.seed()));
    Path hp = cfg.historyPath();
    this.history = hp == null ? null : EdnHistory.create(hp);
  }

  /** A fresh run of {@code cfg.steps()} scheduler decisions drawn from {@code cfg.seed()}. */
  public static SimResult run(SimConfig cfg) {
    return execute(cfg, null);
  }

  /** Replays {@code schedule} (one step per decision) with {@code cfg}'s seed and settings. */
  public static SimResult replay(SimConfig cfg, List<Decision> schedule) {
    return execute(cfg, List.copyOf(schedule));
  }

  private static SimResult execute(SimConfig cfg, @Nullable List<Decision> replay) {
    try {
      Simulation s = new Simulation(cfg, replay);
      return s.runAll();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private SimResult runAll() throws IOException {
    List<Decision> rp = replay;
    long total = rp == null ? cfg.steps() : rp.size();
    try {
      for (step = 1; step <= total; step++) {
        int at = (int) (step % notYetAt.length); // messages due now become deliverable
        notYet -= notYetAt[at];
        notYetAt[at] = 0;
        Decision d = rp == null ? next() : rp.get((int) (step - 1));
        schedule.add(d);
        try {
          apply(d);
        } catch (RuntimeException e) {
          violations.add(new SimViolation(step, "CoreException", e.toString()));
        }
        expireClients();
        if (!violations.isEmpty()) {
          break;
        }
      }
      long stepsTaken = Math.min(step, total);
      finishClients();
      return new SimResult(cfg.seed(), stepsTaken, nodeSteps, trace == null ? 0 : trace.eventsWritten(),
          maxCommitted, clientOps, clientOk, violations, schedule, cfg.tracePath(), cfg.historyPath());
    } finally {
      TraceWriter t = trace;
      if (t != null) {
        t.close();
      }
      EdnHistory h = history;
      if (h != null) {
        h.close();
      }
    }
  }

  // ===========================================================================================================
  // The scheduler
  // ===========================================================================================================

  private static final Kind[] KINDS = Kind.values();

  /** Draws the next decision from the scheduler's random stream, weighted by what makes sense now. */
  private Decision next() {
    int[] w = weights;
    // The weights that depend on the state now; the others were set once (fixedWeights()).
    int deliverable = countDeliverable();
    boolean anyDown = downCount > 0;
    int sum = fixedWeightSum;
    sum += w[Kind.DELIVER.ordinal()] = deliverable > 0 ? (network.size() > 64 ? 300 : 150) : 0;
    sum += w[Kind.DROP.ordinal()] = lossOn && !network.isEmpty() ? 3 : 0;
    sum += w[Kind.DUPLICATE.ordinal()] = dupOn && !network.isEmpty() ? 3 : 0;
    sum += w[Kind.HEAL.ordinal()] = anyBlocked ? 3 : 0;
    sum += w[Kind.RESTART.ordinal()] = (crashOn || tornOn) && anyDown ? 6 : 0;
    int r = sched.nextInt(sum);
    Kind k = Kind.TICK;
    for (int i = 0; i < w.length; i++) {
      if (r < w[i]) {
        k = KINDS[i];
        break;
      }
      r -= w[i];
    }
    int n = nodes.length;
    return switch (k) {
      case TICK -> Decision.of(Kind.TICK, pickTicker());
      case DELIVER -> Decision.of(Kind.DELIVER, reorderOn ? sched.nextInt(deliverable) : 0);
      case DROP, DUPLICATE -> Decision.of(k, sched.nextInt(Math.max(1, network.size())));
      case PARTITION -> Decision.of(k, n < 2 ? 0 : 1 + sched.nextInt((1 << n) - 2));
      case ONE_WAY -> {
        int a = sched.nextInt(n);
        int b = (a + 1 + sched.nextInt(n - 1 > 0 ? n - 1 : 1)) % n;
        yield new Decision(k, a, b);
      }
      case HEAL -> Decision.of(k, 0);
      case CRASH -> new Decision(k, sched.nextInt(n),
          tornOn && (!crashOn || sched.nextBoolean()) ? 1 : 0);
      case RESTART -> Decision.of(k, pickDown());
      case WRITE, READ -> new Decision(k, sched.nextInt(clients.length), sched.nextInt(cfg.keys()));
      case ADD_SERVER, REMOVE_SERVER, TRANSFER, SNAPSHOT -> Decision.of(k, sched.nextInt(n));
    };
  }

  /** The weights that never change in a run (every kind's but DELIVER, DROP, DUPLICATE, HEAL, RESTART); their sum. */
  private int fixedWeights() {
    int[] w = weights;
    w[Kind.TICK.ordinal()] = 40;
    if (clients.length > 0) {
      w[Kind.WRITE.ordinal()] = 10;
      w[Kind.READ.ordinal()] = 6;
    }
    if (partitionOn) {
      w[Kind.PARTITION.ordinal()] = 1;
    }
    if (oneWayOn) {
      w[Kind.ONE_WAY.ordinal()] = 1;
    }
    if (crashOn || tornOn) {
      w[Kind.CRASH.ordinal()] = 1;
    }
    if (membershipOn) {
      w[Kind.ADD_SERVER.ordinal()] = 1;
      w[Kind.REMOVE_SERVER.ordinal()] = 1;
    }
    if (snapshotOn) {
      w[Kind.SNAPSHOT.ordinal()] = 2;
    }
    if (transferOn) {
      w[Kind.TRANSFER.ordinal()] = 1;
    }
    int sum = 0;
    for (int x : w) {
      sum += x;
    }
    return sum;
  }

  private int pickTicker() {
    int r = sched.nextInt(tickWeightSum);
    for (Node n : nodes) {
      if (r < n.tickWeight) {
        return n.idx;
      }
      r -= n.tickWeight;
    }
    return 0;
  }

  private int pickDown() {
    List<Integer> down = new ArrayList<>();
    for (Node n : nodes) {
      if (!n.up) {
        down.add(n.idx);
      }
    }
    return down.isEmpty() ? 0 : down.get(sched.nextInt(down.size()));
  }

  private static SplittableRandom nodeRandom(long seed, int idx, int incarnation) {
    long mix = seed * 0x9E3779B97F4A7C15L + (idx + 1) * 0xBF58476D1CE4E5B9L + incarnation * 0x94D049BB133111EBL;
    return new SplittableRandom(new SplittableRandom(mix).nextLong());
  }

  // ===========================================================================================================
  // Carrying out a decision
  // ===========================================================================================================

  private void apply(Decision d) {
    int n = nodes.length;
    switch (d.kind()) {
      case TICK -> {
        Node node = nodes[Math.floorMod(d.a(), n)];
        if (node.up) {
          node.raft.tick();
          nodeSteps++;
          process(node);
        }
      }
      case DELIVER -> deliver(d.a());
      case DROP -> {
        if (!network.isEmpty()) {
          removed(network.remove(Math.floorMod(d.a(), network.size())));
        }
      }
      case DUPLICATE -> {
        if (!network.isEmpty()) {
          Envelope e = network.get(Math.floorMod(d.a(), network.size()));
          enqueue(new Envelope(e.m(), e.clock(), step + delay()));
        }
      }
      case PARTITION -> {
        int mask = d.a();
        for (int i = 0; i < n; i++) {
          for (int j = 0; j < n; j++) {
            if (((mask >> i) & 1) != ((mask >> j) & 1)) {
              blocked[i][j] = true;
              anyBlocked = true;
            }
          }
        }
      }
      case ONE_WAY -> {
        int a = Math.floorMod(d.a(), n);
        int b = Math.floorMod(d.b(), n);
        if (a != b) {
          blocked[a][b] = true;
          anyBlocked = true;
        }
      }
      case HEAL -> {
        for (boolean[] row : blocked) {
          java.util.Arrays.fill(row, false);
        }
        anyBlocked = false;
      }
      case CRASH -> crash(nodes[Math.floorMod(d.a(), n)], d.b() != 0);
      case RESTART -> restart(nodes[Math.floorMod(d.a(), n)]);
      case WRITE, READ -> clientOp(d);
      case ADD_SERVER, REMOVE_SERVER, TRANSFER -> admin(d);
      case SNAPSHOT -> {
        Node node = nodes[Math.floorMod(d.a(), n)];
        if (node.up && node.applied > 0) {
          Outcome o = node.raft.takeSnapshot(node.applied, node.kv.snapshot());
          if (o.isAccepted()) {
            nodeSteps++;
            process(node);
          }
        }
      }
    }
  }

  /** With {@link Fault#DELAY}: mostly short, sometimes long (one message in 20 waits up to 10x the cap). */
  private long delay() {
    if (!delayOn) {
      return 0;
    }
    return env.nextInt(20) == 0 ? env.nextInt(10 * cfg.maxDelaySteps() + 1) : env.nextInt(cfg.maxDelaySteps() + 1);
  }

  private int countDeliverable() {
    return network.size() - notYet;
  }

  /** Adds {@code e} to the network. */
  private void enqueue(Envelope e) {
    network.add(e);
    if (e.deliverAt() > step) {
      notYetAt[(int) (e.deliverAt() % notYetAt.length)]++;
      notYet++;
    }
  }

  /** Accounts for {@code e}, just taken out of the network. */
  private void removed(Envelope e) {
    if (e.deliverAt() > step) {
      notYetAt[(int) (e.deliverAt() % notYetAt.length)]--;
      notYet--;
    }
  }

  private void deliver(int selector) {
    int count = countDeliverable();
    if (count == 0) {
      return;
    }
    int want = reorderOn ? Math.floorMod(selector, count) : 0;
    int pos = -1;
    for (int i = 0, seen = 0; i < network.size(); i++) {
      if (network.get(i).deliverAt() <= step) {
        if (seen == want) {
          pos = i;
          break;
        }
        seen++;
      }
    }
    Envelope e = network.remove(pos);
    removed(e);
    Node from = nodeOf(e.m().source());
    Node to = nodeOf(e.m().dest());
    if (!to.up || blocked[from.idx][to.idx]) {
      return; // lost
    }
    to.raft.receive(e.m(), e.clock());
    nodeSteps++;
    process(to);
  }

  private Node nodeOf(String id) {
    for (Node n : nodes) {
      if (n.id == id) { // the core's ids are these very strings: a scan of a few nodes, no hashing
        return n;
      }
    }
    Node n = byId.get(id);
    if (n == null) {
      throw new IllegalArgumentException("unknown server " + id);
    }
    return n;
  }

  private void crash(Node n, boolean torn) {
    if (!n.up) {
      return;
    }
    if (torn) {
      // The crash hits while the Ready of one more input is being written: that Ready is lost whole.
      int pos = -1;
      for (int i = 0; i < network.size(); i++) {
        Envelope e = network.get(i);
        if (e.m().dest().equals(n.id) && e.deliverAt() <= step) {
          pos = i;
          break;
        }
      }
      if (pos >= 0) {
        Envelope e = network.remove(pos);
        removed(e);
        n.raft.receive(e.m(), e.clock());
      } else {
        n.raft.tick();
      }
      nodeSteps++;
      if (n.raft.hasReady()) {
        n.raft.ready(); // never persisted, never sent, never traced
      }
    }
    n.up = false;
    downCount++;
    network.removeIf(e -> {
      if (e.m().dest().equals(n.id)) {
        removed(e);
        return true;
      }
      return false;
    });
    for (Client c : clients) {
      Pending p = c.pending;
      if (p != null && p.node == n.idx) {
        completeInfo(c, p);
      }
    }
  }

  private void restart(Node n) {
    if (n.up) {
      return;
    }
    n.incarnation++;
    PersistentState ps = n.storage.state();
    n.raft = RaftNode.restart(n.id, servers, initServers, ps, options, nodeRandom(cfg.seed(), n.idx, n.incarnation),
        n.durableClock);
    Snapshot s = ps.snapshot();
    if (s == null) {
      n.kv.clear();
      n.applied = 0;
    } else {
      n.kv.restore(s.data());
      n.applied = s.index();
    }
    n.up = true;
    downCount--;
    n.lastLeaderState = null;
    nodeSteps++;
    process(n);
  }

  private @Nullable Node leader() {
    Node best = null;
    for (Node n : nodes) {
      if (n.up && n.raft.role() == Role.Leader && (best == null || n.raft.currentTerm() > best.raft.currentTerm())) {
        best = n;
      }
    }
    return best;
  }

  private void admin(Decision d) {
    Node l = leader();
    if (l == null) {
      return;
    }
    String target = servers.get(Math.floorMod(d.a(), nodes.length));
    Outcome o = switch (d.kind()) {
      case ADD_SERVER -> l.raft.addServer(target);
      case REMOVE_SERVER -> l.raft.removeServer(target);
      default -> l.raft.transferLeadership(target);
    };
    if (o.isAccepted()) {
      nodeSteps++;
      process(l);
    }
  }

  // ===========================================================================================================
  // Clients
  // ===========================================================================================================

  private void clientOp(Decision d) {
    if (clients.length == 0) {
      return;
    }
    Client c = clients[Math.floorMod(d.a(), clients.length)];
    if (c.pending != null) {
      return;
    }
    long key = Math.floorMod(d.b(), cfg.keys());
    Node n = nodes[c.target];
    for (int i = 0; i < nodes.length && !n.up; i++) {
      n = nodes[(c.target + 1 + i) % nodes.length];
    }
    if (!n.up) {
      return;
    }
    clientOps++;
    boolean write = d.kind() == Kind.WRITE;
    Outcome o;
    Pending p;
    if (write) {
      long v = nextValue++;
      record(c.process, "invoke", "write", key, v);
      String command = new KvCommand(key, v).encode();
      o = n.raft.propose(command);
      p = new Pending(true, key, v, n.idx, o.id(), 0, step + cfg.clientTimeoutSteps(), command);
    } else {
      record(c.process, "invoke", "read", key, null);
      long ctx = nextReadContext++;
      o = n.raft.readIndex(ctx);
      p = new Pending(false, key, 0, n.idx, 0, ctx, step + cfg.clientTimeoutSteps(), null);
    }
    if (o.isAccepted()) {
      c.pending = p;
      minDeadline = Math.min(minDeadline, p.deadline);
      nodeSteps++;
      process(n);
    } else {
      record(c.process, "fail", write ? "write" : "read", key, write ? p.value : null);
      Refusal why = o.refusal();
      String hint = n.raft.leaderId();
      if (why == Refusal.NOT_LEADER && hint != null && !hint.equals(n.id)) {
        c.target = nodeOf(hint).idx;
      } else {
        c.target = (c.target + 1) % nodes.length;
      }
    }
  }

  private void record(long process, String type, String f, long key, @Nullable Long value) {
    EdnHistory h = history;
    if (h != null) {
      h.write(process, type, f, key, value, step);
    }
  }

  /** An indeterminate end (timeout, crash): the process is retired (Jepsen) and its successor tries another server. */
  private void completeInfo(Client c, Pending p) {
    record(c.process, "info", p.write ? "write" : "read", p.key, p.write ? p.value : null);
    c.pending = null;
    c.process += clients.length;
    c.target = (c.target + 1) % nodes.length;
  }

  private void expireClients() {
    if (step < minDeadline) {
      return; // no pending operation is due (minDeadline is at most the earliest pending deadline)
    }
    long min = Long.MAX_VALUE;
    for (Client c : clients) {
      Pending p = c.pending;
      if (p != null && step >= p.deadline) {
        completeInfo(c, p);
      }
      Pending q = c.pending;
      if (q != null) {
        min = Math.min(min, q.deadline);
      }
    }
    minDeadline = min;
  }

  private void finishClients() {
    for (Client c : clients) {
      Pending p = c.pending;
      if (p != null) {
        completeInfo(c, p);
      }
    }
  }

  private void onApplied(Node n, long index, Entry e) {
    for (Client c : clients) {
      Pending p = c.pending;
      if (p != null && p.write && p.node == n.idx && p.index == index) {
        if (e.type() == EntryType.VALUE && java.util.Objects.equals(p.command, e.value())) {
          record(c.process, "ok", "write", p.key, p.value);
          clientOk++;
          c.pending = null;
        } else {
          completeInfo(c, p);
        }
      }
    }
  }

  private void serveReads(Node n) {
    for (Client c : clients) {
      Pending p = c.pending;
      if (p != null && !p.write && p.node == n.idx && p.readIndex >= 0 && n.applied >= p.readIndex) {
        record(c.process, "ok", "read", p.key, n.kv.get(p.key));
        clientOk++;
        c.pending = null;
      }
    }
  }

  // ===========================================================================================================
  // Carrying out a Ready (impl/README.md "Driving a node")
  // ===========================================================================================================

  private void process(Node n) {
    boolean changed = false;
    while (n.raft.hasReady()) {
      changed = true;
      Ready r = n.raft.ready();
      n.storage.persist(r); // 1. durable
      List<ActionEvent> events = r.events();
      TraceWriter t = trace;
      if (t != null && !events.isEmpty()) {
        t.write(events); // 2. only once durable
        n.durableClock = events.get(events.size() - 1).clock();
        for (ActionEvent e : events) {
          for (Message m : e.sent()) {
            sentClocks.put(m, e.clock());
          }
        }
      }
      List<Message> msgs = r.messages(); // indexed loops: the Ready's lists are immutable, no iterators
      for (int i = 0; i < msgs.size(); i++) { // 3. send
        Message m = msgs.get(i);
        VectorClock c = t == null ? null : sentClocks.remove(m);
        send(n, m, c == null ? VectorClock.EMPTY : c);
      }
      Snapshot s = r.snapshotToInstall(); // 4. apply
      if (s != null) {
        n.kv.restore(s.data());
        n.applied = s.index();
        for (Client c : clients) {
          Pending p = c.pending;
          if (p != null && p.write && p.node == n.idx && p.index <= s.index()) {
            completeInfo(c, p);
          }
        }
      }
      long idx = r.firstCommittedIndex();
      List<Entry> committed = r.committedEntries();
      for (int i = 0; i < committed.size(); i++) {
        applyEntry(n, idx, committed.get(i));
        idx++;
      }
      List<ReadState> reads = r.readStates();
      for (int i = 0; i < reads.size(); i++) { // 5. reads
        ReadState rs = reads.get(i);
        for (Client c : clients) {
          Pending p = c.pending;
          if (p != null && !p.write && p.node == n.idx && p.readContext == rs.context()) {
            p.readIndex = rs.index();
          }
        }
      }
      serveReads(n);
      if (checkOn) {
        if (options.tracing()) {
          for (ActionEvent e : events) {
            observe(n, e.state());
          }
        }
      }
    }
    if (changed && checkOn && !options.tracing()) {
      observe(n, n.raft.nodeState());
    }
  }

  private void send(Node from, Message m, VectorClock clock) {
    Node to = nodeOf(m.dest());
    if (!to.up || blocked[from.idx][to.idx]) {
      return; // lost on a cut link, or the destination is down
    }
    enqueue(new Envelope(m, clock, step + delay()));
  }

  private void applyEntry(Node n, long idx, Entry e) {
    if (idx != n.applied + 1) {
      violations.add(new SimViolation(step, "AppliedAgreement",
          n.id + " applied entry " + idx + " right after " + n.applied));
    }
    n.applied = idx;
    if (e.type() == EntryType.VALUE) {
      String v = e.value();
      if (v != null) {
        n.kv.apply(v);
      }
    }
    if (checkOn) {
      Entry first = appliedAt.putIfAbsent(idx, e);
      if (first != null && !first.sameAs(e)) {
        violations.add(new SimViolation(step, "AppliedAgreement",
            n.id + " applied " + e + " at index " + idx + " but another server applied " + first));
      }
    }
    maxCommitted = Math.max(maxCommitted, idx);
    onApplied(n, idx, e);
  }

  private void observe(Node n, NodeState s) {
    for (Violation v : monitor.observe(s)) {
      violations.add(new SimViolation(step, v.property().name(), v.description()));
    }
    if (s.commitIndex() < n.maxCommit) {
      violations.add(new SimViolation(step, "CommitIndexMonotonic",
          n.id + "'s commitIndex went from " + n.maxCommit + " down to " + s.commitIndex()));
    }
    n.maxCommit = Math.max(n.maxCommit, s.commitIndex());
    NodeState before = n.lastLeaderState;
    if (s.state() == Role.Leader) {
      if (before != null && before.currentTerm() == s.currentTerm()) {
        for (Map.Entry<String, Long> m : before.matchIndex().entrySet()) {
          Long now = s.matchIndex().get(m.getKey());
          if (now != null && now < m.getValue()) {
            violations.add(new SimViolation(step, "MatchIndexMonotonic", "leader " + n.id + " of term "
                + s.currentTerm() + " moved matchIndex[" + m.getKey() + "] back from " + m.getValue() + " to " + now));
          }
        }
      }
      n.lastLeaderState = s;
    } else {
      n.lastLeaderState = null;
    }
  }
}
