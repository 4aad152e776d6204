package dev.raftproof.server;

import dev.raftproof.core.ActionEvent;
import dev.raftproof.core.Entry;
import dev.raftproof.core.EntryType;
import dev.raftproof.core.Message;
import dev.raftproof.core.NodeState;
import dev.raftproof.core.Outcome;
import dev.raftproof.core.RaftNode;
import dev.raftproof.core.ReadState;
import dev.raftproof.core.Ready;
import dev.raftproof.core.Refusal;
import dev.raftproof.core.Role;
import dev.raftproof.core.Snapshot;
import dev.raftproof.core.VectorClock;
import dev.raftproof.storage.DiskStorage;
import java.io.IOException;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * The one thread that owns a {@link RaftNode} (an event loop). Inputs — peer messages, ticks of a scheduled clock,
 * client proposals and reads, membership changes — are queued as tasks; the loop runs every queued task, then
 * carries out each {@link Ready} in the order its Javadoc prescribes: (1) persist snapshot, entries and hard state
 * with {@link DiskStorage} (one fsync covers every input of the batch: group commit), the trace events written just
 * before it (see {@code handle}), (2) send the messages, (3) install a snapshot and apply committed entries to the
 * {@link KvMachine}, answering the proposals they carry, (4) serve ReadIndex reads. Then it compacts the log when
 * enough entries were applied.
 *
 * <p>Persist before send: no message leaves and no client is answered before the step that produced it is on
 * disk. If the disk fails, the node stops ({@code onFatal}) and must recover from disk.
 */
public final class NodeDriver implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger("dev.raftproof.server.node");
  private static final int MAX_BATCH = 4096;

  private final ServerConfig config;
  private final RaftNode node;
  private final DiskStorage storage;
  private final KvMachine kv;
  private final @Nullable TraceLog trace;
  private final Consumer<Throwable> onFatal;
  private final LinkedBlockingQueue<Runnable> inbox = new LinkedBlockingQueue<>();
  private final ScheduledExecutorService clock;
  private @Nullable Thread loop;
  private @Nullable PeerTransport transport;
  private volatile boolean stopped;

  // ---- loop-thread state ----
  /** Proposals (writes and config changes) this node appended as leader, by log index. */
  private final TreeMap<Long, PendingWrite> pendingWrites = new TreeMap<>();
  /** Reads received since the last ReadIndex was started (they share the next one). */
  private List<PendingRead> readBatch = new ArrayList<>();
  /** ReadIndex rounds in progress, by the context passed to readIndex. */
  private final LinkedHashMap<Long, List<PendingRead>> readRounds = new LinkedHashMap<>();
  private long nextReadContext = 1;
  private long applied;
  private long snapshotIndex;

  private record PendingWrite(long term, CompletableFuture<Answer> done) {}

  private record PendingRead(String key, CompletableFuture<Answer> done) {}

  NodeDriver(ServerConfig config, RaftNode node, DiskStorage storage, KvMachine kv, @Nullable TraceLog trace,
      @Nullable Snapshot recoveredSnapshot, Consumer<Throwable> onFatal) {
    this.config = config;
    this.node = node;
    this.storage = storage;
    this.kv = kv;
    this.trace = trace;
    this.onFatal = onFatal;
    if (recoveredSnapshot != null) {
      kv.restore(recoveredSnapshot.data());
      applied = recoveredSnapshot.index();
      snapshotIndex = recoveredSnapshot.index();
    }
    this.clock = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "raft-clock-" + config.nodeId());
      t.setDaemon(true);
      return t;
    });
  }

  void start(PeerTransport t) {
    this.transport = t;
    Thread l = new Thread(this::run, "raft-node-" + config.nodeId());
    loop = l;
    l.start();
    clock.scheduleAtFixedRate(() -> inbox.add(node::tick), config.tickMillis(), config.tickMillis(),
        TimeUnit.MILLISECONDS);
  }

  // =============================================================================================================
  // Inputs (any thread)

  /** A message from a peer (from the transport's reader threads). */
  public void deliver(Message m, VectorClock senderClock) {
    inbox.add(() -> node.receive(m, senderClock));
  }

  /** ClientRequest: proposes {@code op}; completes once it is applied (or refused, lost...). */
  public CompletableFuture<Answer> propose(KvOp op) {
    CompletableFuture<Answer> f = new CompletableFuture<>();
    submit(f, () -> {
      if (pendingWrites.size() >= config.limits().maxPendingProposals()) {
        f.complete(Answer.of(Answer.Kind.OVERLOADED, null, "too many pending proposals ("
            + config.limits().maxPendingProposals() + "): retry later"));
        return;
      }
      Outcome o = node.propose(op.encode());
      accepted(o, f);
    });
    return f;
  }

  /** A linearizable read through ReadIndex (D§6.4): reads of one loop iteration share one heartbeat round. */
  public CompletableFuture<Answer> read(String key) {
    CompletableFuture<Answer> f = new CompletableFuture<>();
    submit(f, () -> readBatch.add(new PendingRead(key, f)));
    return f;
  }

  /** A stale read: this node's state machine as it is, leader or not (explicit opt-in of the client). */
  public CompletableFuture<Answer> staleRead(String key) {
    CompletableFuture<Answer> f = new CompletableFuture<>();
    submit(f, () -> f.complete(Answer.ok(applied, null, kv.get(key))));
    return f;
  }

  /** AddServer / RemoveServer; completes once the configuration entry is applied. */
  public CompletableFuture<Answer> changeMembership(String server, boolean add) {
    CompletableFuture<Answer> f = new CompletableFuture<>();
    submit(f, () -> {
      Outcome o = add ? node.addServer(server) : node.removeServer(server);
      accepted(o, f);
    });
    return f;
  }

  /** The node's state, read on the loop thread between two batches. */
  public CompletableFuture<StatusView> status() {
    CompletableFuture<StatusView> f = new CompletableFuture<>();
    if (stopped) {
      f.completeExceptionally(new IllegalStateException("node is stopped"));
    } else {
      inbox.add(() -> f.complete(StatusView.of(config.nodeId(), node, applied, snapshotIndex)));
    }
    return f;
  }

  private void submit(CompletableFuture<Answer> f, Runnable task) {
    if (stopped) {
      f.complete(Answer.of(Answer.Kind.UNKNOWN, null, "node is stopping"));
      return;
    }
    inbox.add(task);
  }

  /** Records an accepted proposal as pending on its index, or answers a refusal. */
  private void accepted(Outcome o, CompletableFuture<Answer> f) {
    Refusal why = o.refusal();
    if (why == null) {
      pendingWrites.put(o.id(), new PendingWrite(node.currentTerm(), f));
      return;
    }
    f.complete(refusal(why));
  }

  private Answer refusal(Refusal why) {
    return switch (why) {
      case NOT_LEADER -> Answer.of(Answer.Kind.NOT_LEADER, node.leaderId(), why.reason());
      case TRANSFERRING_LEADERSHIP, UNCOMMITTED_BYTES_LIMIT, NO_CURRENT_TERM_COMMIT, CONFIG_CHANGE_PENDING ->
          Answer.of(Answer.Kind.RETRY, null, why.reason());
      default -> Answer.of(Answer.Kind.REJECTED, null, why.reason());
    };
  }

  // =============================================================================================================
  // The loop

  private void run() {
    try {
      while (!stopped) {
        Runnable first = inbox.poll(100, TimeUnit.MILLISECONDS);
        if (first == null) {
          continue;
        }
        first.run();
        for (int n = 1; n < MAX_BATCH; n++) {
          Runnable r = inbox.poll();
          if (r == null) {
            break;
          }
          r.run();
        }
        startReadRound();
        while (node.hasReady()) {
          handle(node.ready());
        }
        if (node.role() != Role.Leader) {
          failReadsAfterStepDown();
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IOException | RuntimeException e) {
      stopped = true;
      LOG.log(System.Logger.Level.ERROR, config.nodeId() + ": node stopped: " + e, e);
      failAll("node stopped: " + e.getMessage());
      onFatal.accept(e);
    }
  }

  /** ReadIndex(i) for the reads batched in this iteration. */
  private void startReadRound() {
    if (readBatch.isEmpty()) {
      return;
    }
    List<PendingRead> batch = readBatch;
    readBatch = new ArrayList<>();
    long ctx = nextReadContext++;
    Outcome o = node.readIndex(ctx);
    Refusal why = o.refusal();
    if (why != null) {
      Answer a = refusal(why);
      batch.forEach(r -> r.done().complete(a));
      return;
    }
    readRounds.put(ctx, batch);
  }

  /** A leader that steps down never answers its pending reads (DIVERGENCES #16): tell their clients now. */
  private void failReadsAfterStepDown() {
    if (readRounds.isEmpty()) {
      return;
    }
    Answer a = Answer.of(Answer.Kind.NOT_LEADER, node.leaderId(), "leadership lost during the read");
    readRounds.values().forEach(l -> l.forEach(r -> r.done().complete(a)));
    readRounds.clear();
  }

  /** Carries out one Ready in the order of its contract (trace, persist, send, apply, serve reads). */
  private void handle(Ready r) throws IOException {
    TraceLog t = trace;
    if (t != null) {
      // 1. the events, just before their step is persisted: a crash in between leaves events of a step that never
      // became durable (and had no effect: nothing is sent or answered before the persist); TraceLog.open cuts
      // them on restart. Written after the fsync instead, a crash in between would lose events of a durable step.
      t.write(r.events());
    }
    storage.persist(r); // 2. durable (fsync) before anything below
    sendAll(r); // 3.
    Snapshot installed = r.snapshotToInstall(); // 4.
    if (installed != null) {
      kv.restore(installed.data());
      applied = installed.index();
      snapshotIndex = installed.index();
      answerCoveredBySnapshot(installed.index());
    }
    long index = r.firstCommittedIndex();
    for (Entry e : r.committedEntries()) {
      apply(index, e);
      applied = index;
      index++;
    }
    Snapshot taken = r.snapshotTaken();
    if (taken != null) {
      snapshotIndex = taken.index();
    }
    for (ReadState rs : r.readStates()) { // 5. ServeRead: applied >= rs.index() (committed entries came first)
      List<PendingRead> batch = readRounds.remove(rs.context());
      if (batch != null) {
        for (PendingRead pr : batch) {
          pr.done().complete(Answer.ok(rs.index(), null, kv.get(pr.key())));
        }
      }
    }
    maybeCompact();
  }

  private void sendAll(Ready r) {
    PeerTransport tr = transport;
    if (tr == null || r.messages().isEmpty()) {
      return;
    }
    IdentityHashMap<Message, VectorClock> clocks = new IdentityHashMap<>();
    for (ActionEvent e : r.events()) {
      for (Message m : e.sent()) {
        clocks.put(m, e.clock());
      }
    }
    for (Message m : r.messages()) {
      VectorClock c = clocks.get(m);
      tr.send(m, c == null ? VectorClock.EMPTY : c);
    }
  }

  /** Applies committed entry {@code index} and answers the proposal that put it there, if it was ours. */
  private void apply(long index, Entry e) {
    KvResult result = null;
    if (e.type() == EntryType.VALUE) {
      String v = e.value();
      result = v == null ? null : kv.apply(v);
    }
    // Proposals below this index that were never seen again were cut from the log (a snapshot covered them).
    PendingWrite p = pendingWrites.remove(index);
    if (p == null) {
      return;
    }
    if (p.term() == e.term()) {
      p.done().complete(Answer.ok(index, result, null));
    } else {
      p.done().complete(Answer.of(Answer.Kind.LOST, null,
          "the entry was replaced by a newer leader's (term " + e.term() + "): not applied; retry"));
    }
  }

  private void answerCoveredBySnapshot(long index) {
    Iterator<Map.Entry<Long, PendingWrite>> it = pendingWrites.entrySet().iterator();
    while (it.hasNext()) {
      Map.Entry<Long, PendingWrite> e = it.next();
      if (e.getKey() > index) {
        break;
      }
      e.getValue().done().complete(Answer.of(Answer.Kind.UNKNOWN, null,
          "a snapshot from the leader replaced the log before this write's result was known"));
      it.remove();
    }
  }

  /** TakeSnapshot (§7) at the applied index once {@code snapshotEntries} entries were applied since the last one. */
  private void maybeCompact() {
    if (config.snapshotEntries() > 0 && applied - snapshotIndex >= config.snapshotEntries()) {
      Outcome o = node.takeSnapshot(applied, kv.snapshot());
      if (o.isAccepted()) {
        snapshotIndex = applied;
      }
    }
  }

  private void failAll(String why) {
    Answer a = Answer.of(Answer.Kind.UNKNOWN, null, why);
    pendingWrites.values().forEach(p -> p.done().complete(a));
    pendingWrites.clear();
    readBatch.forEach(r -> r.done().complete(Answer.of(Answer.Kind.RETRY, null, why)));
    readRounds.values().forEach(l -> l.forEach(r -> r.done().complete(Answer.of(Answer.Kind.RETRY, null, why))));
    Runnable task;
    while ((task = inbox.poll()) != null) {
      // dropped: their futures are completed as UNKNOWN by the callers' timeouts
    }
  }

  boolean isStopped() {
    return stopped;
  }

  /** Stops the loop and the clock; pending requests are answered UNKNOWN. Storage and trace are closed by the owner. */
  @Override
  public void close() {
    clock.shutdownNow();
    CompletableFuture<@Nullable Void> done = new CompletableFuture<>();
    Thread l = loop;
    if (l == null) {
      stopped = true;
      return;
    }
    if (!stopped && l.isAlive()) {
      inbox.add(() -> {
        stopped = true;
        failAll("node is stopping");
        done.complete(null);
      });
      try {
        done.get(5, TimeUnit.SECONDS);
      } catch (Exception e) {
        stopped = true;
        l.interrupt();
      }
    }
    stopped = true;
    try {
      l.join(5000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Node state for {@code /v1/status}, built on the loop thread. */
  public record StatusView(String id, String role, long term, @Nullable String leader, long commitIndex,
      long appliedIndex, long lastIndex, long snapshotIndex, List<String> voters, Map<String, Long> matchIndex,
      Map<String, Long> nextIndex) {
    static StatusView of(String id, RaftNode n, long applied, long snapshotIndex) {
      NodeState s = n.role() == Role.Leader ? n.nodeState() : null;
      return new StatusView(id, n.role().name(), n.currentTerm(), n.leaderId(), n.commitIndex(), applied,
          n.lastIndex(), snapshotIndex, n.voters(), s == null ? Map.of() : s.matchIndex(),
          s == null ? Map.of() : s.nextIndex());
    }
  }
}
