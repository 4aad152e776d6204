package dev.raftproof.bench;

import dev.raftproof.core.Entry;
import dev.raftproof.core.MemoryStorage;
import dev.raftproof.core.Message;
import dev.raftproof.core.Outcome;
import dev.raftproof.core.RaftNode;
import dev.raftproof.core.RaftOptions;
import dev.raftproof.core.Ready;
import dev.raftproof.core.Role;
import io.microraft.Ordered;
import io.microraft.RaftConfig;
import io.microraft.RaftEndpoint;
import io.microraft.RaftNodeStatus;
import io.microraft.executor.RaftNodeExecutor;
import io.microraft.model.message.RaftMessage;
import io.microraft.statemachine.StateMachine;
import io.microraft.transport.Transport;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * {@code CoreCostBench [--proposals P] [--window W] [--batch B] [--rounds R]}: CPU time per committed proposal of the
 * Raft core in a 3-node in-memory cluster, raftproof's {@link RaftNode} next to MicroRaft ({@code io.microraft:
 * microraft}), same workload, same JVM, alternating rounds.
 *
 * <p>Workload: elect a leader (not timed), then P proposals of a 16-character string value, the client keeping W of
 * them in flight at the leader; a proposal counts when the leader has applied it. Both run entirely on the calling
 * thread, so its CPU time is the whole cost (message passing included; JIT and GC threads excluded, process CPU is
 * printed too): raftproof by a loop that carries out each Ready in memory ({@link MemoryStorage}, a FIFO network);
 * MicroRaft through its public extension points — a {@link RaftNodeExecutor} that queues every node's tasks on one
 * FIFO run on this thread (one node's tasks never overlap, as MicroRaft requires), a {@link Transport} that hands a
 * message to the target's {@code RaftNode.handle}, a virtual {@link Clock}, a state machine that returns the
 * operation, default in-memory (no-op) store. Replication batch size B entries per AppendEntries on both; no
 * snapshots on either (MicroRaft's snapshot interval is set just above P: its log is a ring buffer of that size).
 */
final class CoreCostBench {
  private CoreCostBench() {}

  static int run(List<String> args) {
    int proposals = 200_000;
    int window = 64;
    int batch = 64;
    int rounds = 5;
    for (int i = 0; i < args.size(); i++) {
      switch (args.get(i)) {
        case "--proposals" -> proposals = Integer.parseInt(args.get(++i));
        case "--window" -> window = Integer.parseInt(args.get(++i));
        case "--batch" -> batch = Integer.parseInt(args.get(++i));
        case "--rounds" -> rounds = Integer.parseInt(args.get(++i));
        default -> {
          System.err.println("core: unknown option " + args.get(i));
          return 64;
        }
      }
    }
    System.out.printf(Locale.ROOT, "core: 3 nodes in memory, %,d proposals per round, %d in flight, %d entries per "
        + "append, %d rounds after 2 warm-up rounds each; %s%n", proposals, window, batch, rounds,
        Runtime.version());
    for (int w = 0; w < 2; w++) {
      ours(proposals, window, batch);
      micro(proposals, window, batch);
    }
    List<Measure> o = new ArrayList<>();
    List<Measure> m = new ArrayList<>();
    for (int r = 0; r < rounds; r++) {
      o.add(ours(proposals, window, batch));
      m.add(micro(proposals, window, batch));
    }
    o.sort((a, b) -> Long.compare(a.threadCpuNanos, b.threadCpuNanos));
    m.sort((a, b) -> Long.compare(a.threadCpuNanos, b.threadCpuNanos));
    Measure om = o.get(o.size() / 2);
    Measure mm = m.get(m.size() / 2);
    double oNs = om.threadCpuNanos / (double) proposals;
    double mNs = mm.threadCpuNanos / (double) proposals;
    System.out.printf(Locale.ROOT, "raftproof  median round: %,.0f ns CPU per committed proposal; %s%n", oNs,
        om.rates(proposals, "proposals"));
    System.out.printf(Locale.ROOT, "MicroRaft  median round: %,.0f ns CPU per committed proposal; %s%n", mNs,
        mm.rates(proposals, "proposals"));
    System.out.printf(Locale.ROOT, "ratio raftproof/MicroRaft CPU per proposal: %.2f (best rounds: %.2f; process CPU"
        + " of the median rounds: %.2f)%n", oNs / mNs,
        o.get(0).threadCpuNanos / (double) m.get(0).threadCpuNanos,
        om.processCpuNanos / (double) mm.processCpuNanos);
    return 0;
  }

  private static String value(int i) {
    String s = "value-" + i + "-0000000000000000";
    return s.substring(0, 16);
  }

  /** The proposals' values, built before the timed section (the client's string building is not core cost). */
  private static String[] values(int proposals) {
    String[] v = new String[proposals];
    for (int i = 0; i < proposals; i++) {
      v[i] = value(i);
    }
    return v;
  }

  // ===========================================================================================================
  // raftproof
  // ===========================================================================================================

  private static final class Ours {
    final RaftNode[] nodes = new RaftNode[3];
    final MemoryStorage[] storage = new MemoryStorage[3];
    final Map<String, Integer> index = new HashMap<>();
    final ArrayDeque<Message> network = new ArrayDeque<>();
    long appliedAtLeader;
    int leader = -1;

    Ours(int batch) {
      List<String> ids = List.of("s1", "s2", "s3");
      RaftOptions opts = RaftOptions.DEFAULT.withFlowControl(4, Long.MAX_VALUE / 4, batch);
      for (int i = 0; i < 3; i++) {
        nodes[i] = RaftNode.create(ids.get(i), ids, ids, opts, new SplittableRandom(i + 1));
        storage[i] = new MemoryStorage();
        index.put(ids.get(i), i);
      }
    }

    void process(int i) {
      RaftNode n = nodes[i];
      while (n.hasReady()) {
        Ready r = n.ready();
        storage[i].persist(r);
        network.addAll(r.messages());
        if (i == leader) {
          for (Entry e : r.committedEntries()) {
            if (e.value() != null) {
              appliedAtLeader++;
            }
          }
        }
      }
    }

    void deliverAll() {
      Message m;
      while ((m = network.pollFirst()) != null) {
        int to = index.get(m.dest());
        nodes[to].receive(m);
        process(to);
      }
    }

    void elect() {
      for (int t = 0; t < 1000 && leader < 0; t++) {
        for (int i = 0; i < 3; i++) {
          nodes[i].tick();
          process(i);
        }
        deliverAll();
        for (int i = 0; i < 3; i++) {
          if (nodes[i].role() == Role.Leader) {
            leader = i;
          }
        }
      }
      if (leader < 0) {
        throw new IllegalStateException("raftproof: no leader elected");
      }
      deliverAll();
    }
  }

  private static Measure ours(int proposals, int window, int batch) {
    Ours c = new Ours(batch);
    c.elect();
    RaftNode leader = c.nodes[c.leader];
    String[] values = values(proposals);
    Measure m = Measure.of(() -> {
      int proposed = 0;
      while (c.appliedAtLeader < proposals) {
        while (proposed < proposals && proposed - c.appliedAtLeader < window) {
          Outcome o = leader.propose(values[proposed]);
          if (!o.isAccepted()) {
            throw new IllegalStateException("raftproof refused a proposal: " + o.refusal());
          }
          proposed++;
          c.process(c.leader);
        }
        c.deliverAll();
      }
    });
    if (leader.role() != Role.Leader || leader.commitIndex() < proposals) {
      throw new IllegalStateException("raftproof: leadership lost during the run");
    }
    return m;
  }

  // ===========================================================================================================
  // MicroRaft, driven through its public API on this thread
  // ===========================================================================================================

  private record Endpoint(String id) implements RaftEndpoint {
    @Override
    public Object getId() {
      return id;
    }
  }

  /** Virtual time: advanced only when every queue is empty and a timer is due (elections); never during the run. */
  private static final class VirtualClock extends Clock {
    long millis = 1_000_000;

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public long millis() {
      return millis;
    }

    @Override
    public Instant instant() {
      return Instant.ofEpochMilli(millis);
    }
  }

  private record Timer(long due, long seq, Runnable task) {}

  /** One FIFO of tasks for all three nodes, run on the benchmark thread; timers on the virtual clock. */
  private static final class Loop {
    final ArrayDeque<Runnable> tasks = new ArrayDeque<>();
    final PriorityQueue<Timer> timers = new PriorityQueue<>((a, b) ->
        a.due != b.due ? Long.compare(a.due, b.due) : Long.compare(a.seq, b.seq));
    final VirtualClock clock = new VirtualClock();
    long seq;

    RaftNodeExecutor executor() {
      return new RaftNodeExecutor() {
        @Override
        public void execute(Runnable task) {
          tasks.addLast(task);
        }

        @Override
        public void submit(Runnable task) {
          tasks.addLast(task);
        }

        @Override
        public void schedule(Runnable task, long delay, TimeUnit unit) {
          timers.add(new Timer(clock.millis + unit.toMillis(delay), seq++, task));
        }
      };
    }

    /** Runs queued tasks until none is left. */
    void drain() {
      Runnable t;
      while ((t = tasks.pollFirst()) != null) {
        t.run();
      }
    }

    /** Moves virtual time to the next timer and runs every timer due then. False if there is none. */
    boolean fireNextTimer() {
      Timer next = timers.poll();
      if (next == null) {
        return false;
      }
      clock.millis = Math.max(clock.millis, next.due);
      next.task.run();
      while (!timers.isEmpty() && timers.peek().due <= clock.millis) {
        timers.poll().task.run();
      }
      return true;
    }
  }

  private static final class EchoStateMachine implements StateMachine {
    long applied;

    @Override
    public Object runOperation(long commitIndex, Object operation) {
      if (operation instanceof String) {
        applied++;
      }
      return operation;
    }

    @Override
    public void takeSnapshot(long commitIndex, Consumer<Object> snapshotChunkConsumer) {
      snapshotChunkConsumer.accept(applied);
    }

    @Override
    public void installSnapshot(long commitIndex, List<Object> snapshotChunks) {
      applied = (Long) snapshotChunks.get(0);
    }

    @Override
    public Object getNewTermOperation() {
      return NewTerm.INSTANCE;
    }
  }

  /** The entry a new MicroRaft leader appends (like raftproof's no-op). */
  private enum NewTerm { INSTANCE }

  private static Measure micro(int proposals, int window, int batch) {
    Loop loop = new Loop();
    List<RaftEndpoint> members = List.of(new Endpoint("s1"), new Endpoint("s2"), new Endpoint("s3"));
    Map<RaftEndpoint, io.microraft.RaftNode> nodes = new HashMap<>();
    RaftConfig config = RaftConfig.newBuilder()
        .setLeaderElectionTimeoutMillis(1000)
        .setLeaderHeartbeatPeriodSecs(1)
        .setLeaderHeartbeatTimeoutSecs(10)
        .setAppendEntriesRequestBatchSize(batch)
        .setMaxPendingLogEntryCount(Math.max(window * 2, 1000))
        .setCommitCountToTakeSnapshot(proposals + 16) // MicroRaft's log is a ring buffer of about this size
        .setRaftNodeReportPublishPeriodSecs(3600)
        .build();
    Transport transport = new Transport() {
      @Override
      public void send(RaftEndpoint target, RaftMessage message) {
        nodes.get(target).handle(message);
      }

      @Override
      public boolean isReachable(RaftEndpoint endpoint) {
        return true;
      }
    };
    int seed = 1;
    for (RaftEndpoint e : members) {
      io.microraft.RaftNode n = io.microraft.RaftNode.newBuilder()
          .setGroupId("bench")
          .setLocalEndpoint(e)
          .setInitialGroupMembers(members)
          .setConfig(config)
          .setExecutor(loop.executor())
          .setTransport(transport)
          .setStateMachine(new EchoStateMachine())
          .setClock(loop.clock)
          .setRandom(new java.util.Random(seed++))
          .build();
      nodes.put(e, n);
    }
    for (io.microraft.RaftNode n : nodes.values()) {
      n.start();
    }
    io.microraft.RaftNode leader = null;
    for (int i = 0; i < 10_000 && leader == null; i++) {
      loop.drain();
      for (io.microraft.RaftNode n : nodes.values()) {
        if (n.getTerm().getLeaderEndpoint() != null && n.getTerm().getLeaderEndpoint().equals(n.getLocalEndpoint())
            && n.getStatus() == RaftNodeStatus.ACTIVE) {
          leader = n;
        }
      }
      if (leader == null && !loop.fireNextTimer()) {
        throw new IllegalStateException("MicroRaft: no timer left and no leader");
      }
    }
    if (leader == null) {
      throw new IllegalStateException("MicroRaft: no leader elected");
    }
    // let the new leader commit its new-term entry
    CompletableFuture<Ordered<Object>> first = leader.replicate(value(-1));
    loop.drain();
    if (!first.isDone()) {
      throw new IllegalStateException("MicroRaft: first proposal not committed");
    }
    io.microraft.RaftNode l = leader;
    long[] done = new long[1];
    String[] values = values(proposals);
    Measure m = Measure.of(() -> {
      int proposed = 0;
      while (done[0] < proposals) {
        while (proposed < proposals && proposed - done[0] < window) {
          CompletableFuture<Ordered<Object>> f = l.replicate(values[proposed]);
          f.whenComplete((r, err) -> {
            if (err != null) {
              throw new IllegalStateException("MicroRaft proposal failed", err);
            }
            done[0]++;
          });
          proposed++;
        }
        loop.drain();
      }
    });
    for (io.microraft.RaftNode n : nodes.values()) {
      n.terminate();
    }
    loop.drain();
    return m;
  }
}
