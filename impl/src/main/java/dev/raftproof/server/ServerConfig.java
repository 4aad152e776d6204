package dev.raftproof.server;

import java.io.IOException;
import java.io.Reader;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Everything one key-value server process needs (README.md in this package lists the keys): its id, the cluster
 * id, every server that can ever be a member (the spec's {@code Server}) with its peer and client addresses, the
 * initial voters ({@code InitServers}), its data directory, optional trace and history directories, timing and
 * limits.
 *
 * @param nodeId this server's id (a key of {@code servers})
 * @param clusterId carried in every peer frame; frames of another cluster are refused
 * @param servers every server id with its addresses (the core's fixed server set: membership changes choose among
 *     these)
 * @param initialVoters the configuration of a fresh cluster
 * @param dataDir the write-ahead log and snapshots
 * @param traceDir if set, the node writes its trace (format v1) to {@code <traceDir>/<nodeId>.ndjson}
 * @param historyDir if set, the node writes its clients' history (EDN) to {@code <historyDir>/<nodeId>.edn}
 * @param tickMillis one core tick
 * @param electionTicks election timeout in ticks (randomised in [e, 2e))
 * @param heartbeatTicks heartbeat interval in ticks
 * @param snapshotEntries compact the log once this many entries were applied since the last snapshot
 * @param limits request limits
 */
public record ServerConfig(String nodeId, String clusterId, Map<String, Peer> servers, List<String> initialVoters,
    Path dataDir, @Nullable Path traceDir, @Nullable Path historyDir, int tickMillis, int electionTicks,
    int heartbeatTicks, long snapshotEntries, Limits limits) {

  /** A server's two addresses: peer (Raft frames over TCP) and client (HTTP). */
  public record Peer(InetSocketAddress raft, InetSocketAddress http) {
    @Override
    public String toString() {
      return hostPort(raft) + "/" + hostPort(http);
    }
  }

  /**
   * Limits, each answered with a clear error (README.md): sizes in bytes of UTF-8; pending proposals are the writes
   * this leader accepted and has not answered yet.
   */
  public record Limits(int maxKeyBytes, int maxValueBytes, int maxRequestBytes, int maxPendingProposals,
      int requestTimeoutMillis, int maxFrameBytes, int httpThreads) {
    public static final Limits DEFAULT = new Limits(1024, 64 * 1024, 128 * 1024, 4096, 5000, 64 << 20, 64);
  }

  public ServerConfig {
    servers = java.util.Collections.unmodifiableMap(new TreeMap<>(servers));
    initialVoters = List.copyOf(initialVoters);
    if (!servers.containsKey(nodeId)) {
      throw new IllegalArgumentException("node id " + nodeId + " is not one of the servers " + servers.keySet());
    }
    if (initialVoters.isEmpty() || !servers.keySet().containsAll(initialVoters)) {
      throw new IllegalArgumentException("voters " + initialVoters + " must be a non-empty subset of the servers "
          + servers.keySet());
    }
    if (clusterId.isEmpty()) {
      throw new IllegalArgumentException("cluster id must not be empty");
    }
    if (tickMillis < 1 || heartbeatTicks < 1 || electionTicks <= heartbeatTicks) {
      throw new IllegalArgumentException("need tick-ms >= 1 and 1 <= heartbeat ticks < election ticks");
    }
  }

  public Peer self() {
    Peer p = servers.get(nodeId);
    if (p == null) {
      throw new IllegalStateException("unreachable: checked in the constructor");
    }
    return p;
  }

  public ServerConfig withNodeId(String id) {
    return new ServerConfig(id, clusterId, servers, initialVoters, dataDir, traceDir, historyDir, tickMillis,
        electionTicks, heartbeatTicks, snapshotEntries, limits);
  }

  public ServerConfig withDataDir(Path dir) {
    return new ServerConfig(nodeId, clusterId, servers, initialVoters, dir, traceDir, historyDir, tickMillis,
        electionTicks, heartbeatTicks, snapshotEntries, limits);
  }

  public ServerConfig withClusterId(String id) {
    return new ServerConfig(nodeId, id, servers, initialVoters, dataDir, traceDir, historyDir, tickMillis,
        electionTicks, heartbeatTicks, snapshotEntries, limits);
  }

  public ServerConfig withLimits(Limits l) {
    return new ServerConfig(nodeId, clusterId, servers, initialVoters, dataDir, traceDir, historyDir, tickMillis,
        electionTicks, heartbeatTicks, snapshotEntries, l);
  }

  public ServerConfig withSnapshotEntries(long n) {
    return new ServerConfig(nodeId, clusterId, servers, initialVoters, dataDir, traceDir, historyDir, tickMillis,
        electionTicks, heartbeatTicks, n, limits);
  }

  public ServerConfig withOutputs(@Nullable Path traces, @Nullable Path histories) {
    return new ServerConfig(nodeId, clusterId, servers, initialVoters, dataDir, traces, histories, tickMillis,
        electionTicks, heartbeatTicks, snapshotEntries, limits);
  }

  public static String hostPort(InetSocketAddress a) {
    return a.getHostString() + ":" + a.getPort();
  }

  /** Parses {@code host:port} (host defaults to 127.0.0.1 when only a port is given). */
  public static InetSocketAddress parseAddress(String s) {
    String t = s.trim();
    int colon = t.lastIndexOf(':');
    String host = colon < 0 ? "127.0.0.1" : t.substring(0, colon);
    String port = colon < 0 ? t : t.substring(colon + 1);
    try {
      int p = Integer.parseInt(port);
      if (p < 0 || p > 65535) {
        throw new NumberFormatException();
      }
      return InetSocketAddress.createUnresolved(host.isEmpty() ? "127.0.0.1" : host, p);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("bad address '" + s + "': expected host:port");
    }
  }

  /** Parses a server spec {@code id=raftHost:port/httpHost:port}. */
  public static Map.Entry<String, Peer> parseServer(String spec) {
    int eq = spec.indexOf('=');
    int slash = spec.indexOf('/');
    if (eq <= 0 || slash < eq) {
      throw new IllegalArgumentException("bad server '" + spec + "': expected id=raftHost:port/httpHost:port");
    }
    return Map.entry(spec.substring(0, eq).trim(), new Peer(parseAddress(spec.substring(eq + 1, slash)),
        parseAddress(spec.substring(slash + 1))));
  }

  /**
   * Reads a configuration file (Java properties; README.md): {@code node.id}, {@code cluster.id},
   * {@code server.<id>=raftHost:port/httpHost:port} (one per server), {@code voters} (comma-separated; default every
   * server), {@code data.dir}, optional {@code trace.dir}, {@code history.dir}, {@code tick.ms},
   * {@code election.ticks}, {@code heartbeat.ticks}, {@code snapshot.entries}, {@code limit.*}.
   *
   * @throws IllegalArgumentException naming the file and key of a missing or bad setting
   */
  public static ServerConfig load(Path file) throws IOException {
    Properties p = new Properties();
    try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      p.load(r);
    }
    try {
      return fromProperties(p, file.toAbsolutePath().getParent());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(file + ": " + e.getMessage());
    }
  }

  public static ServerConfig fromProperties(Properties p, @Nullable Path base) {
    TreeMap<String, Peer> servers = new TreeMap<>();
    for (String k : p.stringPropertyNames()) {
      if (k.startsWith("server.")) {
        var e = parseServer(k.substring("server.".length()) + "=" + p.getProperty(k));
        servers.put(e.getKey(), e.getValue());
      }
    }
    if (servers.isEmpty()) {
      throw new IllegalArgumentException("no server.<id>=raftHost:port/httpHost:port lines");
    }
    List<String> voters = new ArrayList<>();
    String v = p.getProperty("voters");
    if (v == null) {
      voters.addAll(servers.keySet());
    } else {
      for (String s : v.split(",")) {
        if (!s.isBlank()) {
          voters.add(s.trim());
        }
      }
    }
    Limits d = Limits.DEFAULT;
    Limits limits = new Limits(intProp(p, "limit.key.bytes", d.maxKeyBytes()),
        intProp(p, "limit.value.bytes", d.maxValueBytes()), intProp(p, "limit.request.bytes", d.maxRequestBytes()),
        intProp(p, "limit.pending.proposals", d.maxPendingProposals()),
        intProp(p, "limit.request.timeout.ms", d.requestTimeoutMillis()),
        intProp(p, "limit.frame.bytes", d.maxFrameBytes()), intProp(p, "http.threads", d.httpThreads()));
    return new ServerConfig(required(p, "node.id"), p.getProperty("cluster.id", "raftproof"), servers, voters,
        path(base, required(p, "data.dir")), optPath(base, p.getProperty("trace.dir")),
        optPath(base, p.getProperty("history.dir")), intProp(p, "tick.ms", 100), intProp(p, "election.ticks", 10),
        intProp(p, "heartbeat.ticks", 1), intProp(p, "snapshot.entries", 10000), limits);
  }

  private static String required(Properties p, String key) {
    String v = p.getProperty(key);
    if (v == null || v.isBlank()) {
      throw new IllegalArgumentException("missing " + key);
    }
    return v.trim();
  }

  private static int intProp(Properties p, String key, int dflt) {
    String v = p.getProperty(key);
    if (v == null) {
      return dflt;
    }
    try {
      return Integer.parseInt(v.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(key + ": not an integer: " + v);
    }
  }

  private static Path path(@Nullable Path base, String s) {
    Path p = Path.of(s);
    return base == null || p.isAbsolute() ? p : base.resolve(p);
  }

  private static @Nullable Path optPath(@Nullable Path base, @Nullable String s) {
    return s == null || s.isBlank() ? null : path(base, s.trim());
  }
}
