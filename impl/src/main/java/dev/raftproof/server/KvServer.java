package dev.raftproof.server;

import dev.raftproof.core.HardState;
import dev.raftproof.core.PersistentState;
import dev.raftproof.core.RaftNode;
import dev.raftproof.core.RaftOptions;
import dev.raftproof.core.VectorClock;
import dev.raftproof.storage.DiskStorage;
import dev.raftproof.storage.StorageOptions;
import dev.raftproof.trace.TraceHeader;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * One key-value server: wires durable storage ({@link DiskStorage}), the core ({@link RaftNode}) and its event loop
 * ({@link NodeDriver}), the peer transport ({@link PeerTransport}), the client API ({@link HttpApi}) and the optional
 * trace ({@link TraceLog}) and client history ({@link ClientHistory}). {@link #start} recovers from the data
 * directory: a torn WAL tail is truncated and logged; a corrupt record refuses to start
 * ({@link dev.raftproof.storage.CorruptStorageException}, whose message says what to do).
 */
public final class KvServer implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger("dev.raftproof.server");

  private final ServerConfig config;
  private final DiskStorage storage;
  private final @Nullable TraceLog trace;
  private final @Nullable ClientHistory history;
  private final NodeDriver driver;
  private final PeerTransport transport;
  private final HttpApi http;
  private final CountDownLatch stopped;
  private final boolean restarted;
  private final java.util.concurrent.atomic.AtomicReference<@Nullable Throwable> fatal;

  private KvServer(ServerConfig config, Consumer<String> log) throws IOException {
    this.config = config;
    CountDownLatch stop = new CountDownLatch(1);
    java.util.concurrent.atomic.AtomicReference<@Nullable Throwable> cause =
        new java.util.concurrent.atomic.AtomicReference<>();
    this.stopped = stop;
    this.fatal = cause;
    List<String> servers = new ArrayList<>(config.servers().keySet());
    this.storage = DiskStorage.open(config.dataDir(), StorageOptions.DEFAULT.withLog(log));
    TraceLog tl = null;
    ClientHistory ch = null;
    try {
      Path td = config.traceDir();
      tl = td == null ? null : TraceLog.open(td.resolve(config.nodeId() + ".ndjson"),
          TraceHeader.node(servers, config.initialVoters(), config.nodeId(), "raftproof-server"),
          storage.recovered(), log);
      Path hd = config.historyDir();
      ch = hd == null ? null : ClientHistory.open(hd.resolve(config.nodeId() + ".edn"),
          servers.indexOf(config.nodeId()) + 1);
      PersistentState ps = storage.recovered();
      this.restarted = !isEmpty(ps) || (tl != null && tl.resumedEvents() > 0);
      RaftOptions opts = RaftOptions.DEFAULT.withTimeouts(config.electionTicks(), config.heartbeatTicks())
          .withTracing(tl != null);
      SplittableRandom rng = new SplittableRandom();
      RaftNode node = restarted
          ? RaftNode.restart(config.nodeId(), servers, config.initialVoters(), ps, opts, rng,
              tl == null ? VectorClock.EMPTY : tl.lastClock())
          : RaftNode.create(config.nodeId(), servers, config.initialVoters(), opts, rng);
      this.driver = new NodeDriver(config, node, storage, new KvMachine(), tl, ps.snapshot(), t -> {
        cause.set(t);
        stop.countDown();
      });
      this.transport = new PeerTransport(config, driver::deliver);
      this.http = new HttpApi(config, driver, ch, transport);
    } catch (IOException | RuntimeException e) {
      storage.close();
      if (tl != null) {
        tl.close();
      }
      if (ch != null) {
        ch.close();
      }
      throw e;
    }
    this.trace = tl;
    this.history = ch;
  }

  private static boolean isEmpty(PersistentState ps) {
    return ps.snapshot() == null && ps.entries().isEmpty() && ps.hardState().equals(HardState.INITIAL);
  }

  /**
   * Recovers from the data directory and starts the node, its peer listener and its HTTP API.
   *
   * @throws dev.raftproof.storage.CorruptStorageException if the log is corrupt before its end (refuses to start)
   * @throws IOException if a port cannot be bound or the data directory cannot be read
   */
  public static KvServer start(ServerConfig config) throws IOException {
    return start(config, line -> LOG.log(System.Logger.Level.WARNING, line));
  }

  /** As {@link #start(ServerConfig)}, with recovery reports (torn tail truncated...) sent to {@code log}. */
  public static KvServer start(ServerConfig config, Consumer<String> log) throws IOException {
    KvServer s = new KvServer(config, log);
    try {
      s.transport.start();
      s.driver.start(s.transport);
      s.http.start();
    } catch (IOException | RuntimeException e) {
      s.close();
      throw e;
    }
    return s;
  }

  /** True if the node recovered state from disk (a restart rather than a fresh server). */
  public boolean restarted() {
    return restarted;
  }

  public ServerConfig config() {
    return config;
  }

  public InetSocketAddress httpAddress() {
    return http.address();
  }

  public NodeDriver driver() {
    return driver;
  }

  public PeerTransport transport() {
    return transport;
  }

  /** Blocks until the node stops by itself (a disk failure); returns the cause. */
  public @Nullable Throwable awaitFatal() throws InterruptedException {
    stopped.await();
    return fatal.get();
  }

  /** Stops the API, the transport and the loop, then closes storage (everything queued is made durable). */
  @Override
  public void close() throws IOException {
    http.close();
    transport.close();
    driver.close();
    storage.close();
    TraceLog t = trace;
    if (t != null) {
      t.close();
    }
    ClientHistory h = history;
    if (h != null) {
      h.close();
    }
    stopped.countDown();
  }
}
