package dev.raftproof.server;

import dev.raftproof.core.Message;
import dev.raftproof.core.VectorClock;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * The outbound connection to one peer: a bounded queue drained by one thread that (re)connects with exponential
 * backoff (50 ms doubling to 2 s, with jitter), writes frames and flushes when the queue runs dry (so a burst of
 * messages shares one TCP write). Messages that cannot be delivered are dropped — Raft resends what matters.
 */
final class PeerLink {
  private static final System.Logger LOG = System.getLogger("dev.raftproof.server.transport");
  private static final int QUEUE = 8192;
  private static final int CONNECT_TIMEOUT_MS = 1000;
  private static final long MIN_BACKOFF_MS = 50;
  private static final long MAX_BACKOFF_MS = 2000;

  /** A snapshot of the link for {@code /v1/status}. */
  record Stats(boolean connected, long sent, long dropped, long connects) {}

  private record Out(Message m, VectorClock clock) {}

  private final ServerConfig config;
  private final String peer;
  private final InetSocketAddress address;
  private final ArrayBlockingQueue<Out> queue = new ArrayBlockingQueue<>(QUEUE);
  private final AtomicLong sent = new AtomicLong();
  private final AtomicLong dropped = new AtomicLong();
  private final AtomicLong connects = new AtomicLong();
  private @Nullable Thread thread;
  private volatile boolean closed;
  private volatile @Nullable Socket socket;

  PeerLink(ServerConfig config, String peer, InetSocketAddress address) {
    this.config = config;
    this.peer = peer;
    this.address = address;
  }

  void start() {
    Thread t = new Thread(this::run, "raft-peer-out-" + config.nodeId() + "-" + peer);
    t.setDaemon(true);
    thread = t;
    t.start();
  }

  void send(Message m, VectorClock clock) {
    if (!queue.offer(new Out(m, clock))) {
      dropped.incrementAndGet();
    }
  }

  Stats stats() {
    return new Stats(socket != null, sent.get(), dropped.get(), connects.get());
  }

  private void run() {
    long backoff = MIN_BACKOFF_MS;
    OutputStream out = null;
    while (!closed) {
      Out o;
      try {
        o = queue.poll(1, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        return;
      }
      if (o == null) {
        continue;
      }
      try {
        if (out == null) {
          out = connect();
          backoff = MIN_BACKOFF_MS;
        }
        out.write(PeerFrame.encode(config.clusterId(), config.nodeId(), o.clock(), o.m()));
        sent.incrementAndGet();
        if (queue.isEmpty()) {
          out.flush();
        }
      } catch (IOException e) {
        dropped.incrementAndGet();
        boolean wasConnected = out != null;
        out = null;
        disconnect();
        if (closed) {
          return;
        }
        if (wasConnected) {
          LOG.log(System.Logger.Level.INFO, config.nodeId() + ": connection to " + peer + " lost: " + e);
        }
        try {
          Thread.sleep(backoff + ThreadLocalRandom.current().nextLong(backoff / 2 + 1));
        } catch (InterruptedException ie) {
          return;
        }
        backoff = Math.min(MAX_BACKOFF_MS, backoff * 2);
      }
    }
    disconnect();
  }

  private OutputStream connect() throws IOException {
    Socket s = new Socket();
    try {
      s.setTcpNoDelay(true);
      s.connect(new InetSocketAddress(address.getHostString(), address.getPort()), CONNECT_TIMEOUT_MS);
    } catch (IOException e) {
      s.close();
      throw e;
    }
    socket = s;
    connects.incrementAndGet();
    return new BufferedOutputStream(s.getOutputStream(), 64 * 1024);
  }

  private void disconnect() {
    Socket s = socket;
    socket = null;
    if (s != null) {
      try {
        s.close();
      } catch (IOException e) {
        // already broken
      }
    }
  }

  void close() {
    closed = true;
    Thread t = thread;
    if (t != null) {
      t.interrupt();
    }
    disconnect();
  }
}
