package dev.raftproof.server;

import dev.raftproof.core.Message;
import dev.raftproof.core.VectorClock;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Raft messages between servers over TCP (FRAMES.md): one outbound connection per peer ({@link PeerLink}, with
 * reconnect and backoff), and a listener whose connections deliver decoded frames to the node. A frame of another
 * cluster, from a server outside the configured server set, whose message claims another source, or addressed to
 * another server, is refused: logged, counted, the connection closed, and the message never reaches the node.
 */
public final class PeerTransport implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger("dev.raftproof.server.transport");

  private final ServerConfig config;
  private final BiConsumer<Message, VectorClock> sink;
  private final Map<String, PeerLink> links = new TreeMap<>();
  private final Set<Socket> inbound = ConcurrentHashMap.newKeySet();
  private final AtomicLong refused = new AtomicLong();
  private final AtomicLong received = new AtomicLong();
  private @Nullable ServerSocket listener;
  private volatile boolean closed;

  /** {@code sink} receives every accepted message with its sender's clock (called on reader threads). */
  public PeerTransport(ServerConfig config, BiConsumer<Message, VectorClock> sink) {
    this.config = config;
    this.sink = sink;
    for (Map.Entry<String, ServerConfig.Peer> e : config.servers().entrySet()) {
      if (!e.getKey().equals(config.nodeId())) {
        links.put(e.getKey(), new PeerLink(config, e.getKey(), e.getValue().raft()));
      }
    }
  }

  /** Binds the peer address and starts the accept loop and the outbound links. */
  public void start() throws IOException {
    InetSocketAddress a = config.self().raft();
    ServerSocket ss = new ServerSocket();
    ss.setReuseAddress(true);
    ss.bind(new InetSocketAddress(a.getHostString(), a.getPort()), 64);
    listener = ss;
    Thread t = new Thread(() -> acceptLoop(ss), "raft-peer-accept-" + config.nodeId());
    t.setDaemon(true);
    t.start();
    links.values().forEach(PeerLink::start);
  }

  /** Queues {@code m} for its destination (never blocks; dropped if the link's queue is full — Raft retries). */
  public void send(Message m, VectorClock clock) {
    PeerLink l = links.get(m.dest());
    if (l != null) {
      l.send(m, clock);
    }
  }

  /** Frames refused so far (wrong cluster, unknown sender, malformed...). */
  public long refusedFrames() {
    return refused.get();
  }

  public long receivedFrames() {
    return received.get();
  }

  /** Per peer: connected or not, frames sent and dropped. */
  public Map<String, PeerLink.Stats> linkStats() {
    TreeMap<String, PeerLink.Stats> m = new TreeMap<>();
    links.forEach((k, v) -> m.put(k, v.stats()));
    return m;
  }

  private void acceptLoop(ServerSocket ss) {
    while (!closed) {
      try {
        Socket s = ss.accept();
        s.setTcpNoDelay(true);
        // A peer sends at least a heartbeat per tick while it leads; an idle minute means a dead connection.
        s.setSoTimeout(60_000);
        inbound.add(s);
        Thread t = new Thread(() -> readLoop(s), "raft-peer-in-" + config.nodeId() + "-" + s.getPort());
        t.setDaemon(true);
        t.start();
      } catch (IOException e) {
        if (!closed) {
          LOG.log(System.Logger.Level.WARNING, "accept failed: " + e);
        }
      }
    }
  }

  private void readLoop(Socket s) {
    String from = String.valueOf(s.getRemoteSocketAddress());
    try (s; InputStream in = new BufferedInputStream(s.getInputStream(), 64 * 1024)) {
      while (!closed) {
        byte[] body = PeerFrame.readBody(in, config.limits().maxFrameBytes());
        if (body == null) {
          return;
        }
        PeerFrame f = PeerFrame.decode(body);
        String why = refusal(f);
        if (why != null) {
          throw new PeerFrame.FrameException(why);
        }
        received.incrementAndGet();
        sink.accept(f.message(), f.clock());
      }
    } catch (PeerFrame.FrameException e) {
      refused.incrementAndGet();
      LOG.log(System.Logger.Level.WARNING, config.nodeId() + ": refused a peer frame from " + from + ": "
          + e.getMessage() + "; connection closed, message not applied");
    } catch (SocketException | java.io.EOFException | java.net.SocketTimeoutException e) {
      // the peer went away or was idle; it reconnects when it has something to say
    } catch (IOException e) {
      if (!closed) {
        LOG.log(System.Logger.Level.DEBUG, "peer connection from " + from + " failed: " + e);
      }
    } finally {
      inbound.remove(s);
    }
  }

  /** Why {@code f} must not reach the node, or null if it may. */
  private @Nullable String refusal(PeerFrame f) {
    if (!f.clusterId().equals(config.clusterId())) {
      return "cluster id '" + f.clusterId() + "' is not this cluster's '" + config.clusterId() + "'";
    }
    if (!config.servers().containsKey(f.sender())) {
      return "sender '" + f.sender() + "' is not one of the configured servers " + config.servers().keySet();
    }
    Message m = f.message();
    if (!m.source().equals(f.sender())) {
      return "message source '" + m.source() + "' differs from the frame's sender '" + f.sender() + "'";
    }
    if (!m.dest().equals(config.nodeId())) {
      return "message is addressed to '" + m.dest() + "', not to " + config.nodeId();
    }
    return null;
  }

  @Override
  public void close() {
    closed = true;
    ServerSocket ss = listener;
    if (ss != null) {
      try {
        ss.close();
      } catch (IOException e) {
        // closing anyway
      }
    }
    links.values().forEach(PeerLink::close);
    List<Socket> open = new ArrayList<>(inbound);
    for (Socket s : open) {
      try {
        s.close();
      } catch (IOException e) {
        // closing anyway
      }
    }
  }
}
