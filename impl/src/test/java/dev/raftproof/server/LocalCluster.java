package dev.raftproof.server;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Test helper: the configuration of an n-server cluster on loopback with free ports and its own directories. */
final class LocalCluster {
  private LocalCluster() {}

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  /** Configs of servers s1..s{total}; s1..s{voters} are the initial voters. */
  static List<ServerConfig> configs(Path root, int voters, int total, String clusterId) throws IOException {
    TreeMap<String, ServerConfig.Peer> servers = new TreeMap<>();
    for (int i = 1; i <= total; i++) {
      servers.put("s" + i, new ServerConfig.Peer(InetSocketAddress.createUnresolved("127.0.0.1", freePort()),
          InetSocketAddress.createUnresolved("127.0.0.1", freePort())));
    }
    List<String> init = new ArrayList<>();
    for (int i = 1; i <= voters; i++) {
      init.add("s" + i);
    }
    List<ServerConfig> out = new ArrayList<>();
    for (String id : servers.keySet()) {
      out.add(new ServerConfig(id, clusterId, servers, init, root.resolve(id), null, null, 20, 10, 1, 10000,
          ServerConfig.Limits.DEFAULT));
    }
    return out;
  }

  static List<String> urls(List<ServerConfig> cs) {
    List<String> u = new ArrayList<>();
    for (ServerConfig c : cs) {
      u.add("http://" + ServerConfig.hostPort(c.self().http()));
    }
    return u;
  }

  static KvClient client(List<ServerConfig> cs) {
    return new KvClient(urls(cs), Duration.ofSeconds(10), Duration.ofSeconds(30));
  }

  /** Waits until some node reports itself leader; returns its id. */
  static String awaitLeader(List<ServerConfig> cs, Duration max) throws Exception {
    KvClient c = client(cs);
    long end = System.nanoTime() + max.toNanos();
    Map<String, String> last = new TreeMap<>();
    while (System.nanoTime() < end) {
      for (String u : urls(cs)) {
        try {
          KvClient.Response r = c.status(u);
          last.put(u, r.body().toString());
          if (r.ok() && r.body().path("role").asText().equals("Leader")) {
            return r.body().path("id").asText();
          }
        } catch (IOException e) {
          last.put(u, e.toString());
        }
      }
      Thread.sleep(50);
    }
    throw new AssertionError("no leader within " + max + ": " + last);
  }

  static Map<String, String> props(ServerConfig c) {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("node.id", c.nodeId());
    p.put("cluster.id", c.clusterId());
    c.servers().forEach((k, v) -> p.put("server." + k, v.toString()));
    p.put("voters", String.join(",", c.initialVoters()));
    p.put("data.dir", c.dataDir().toString());
    p.put("tick.ms", Integer.toString(c.tickMillis()));
    Path t = c.traceDir();
    if (t != null) {
      p.put("trace.dir", t.toString());
    }
    Path h = c.historyDir();
    if (h != null) {
      p.put("history.dir", h.toString());
    }
    return p;
  }
}
