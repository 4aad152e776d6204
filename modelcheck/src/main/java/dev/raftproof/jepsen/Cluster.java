package dev.raftproof.jepsen;

import dev.raftproof.server.KvClient;
import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * The kv-server processes of one run: their configurations (each node reaches every other node through the
 * harness's proxy for that direction), start, SIGKILL, SIGSTOP/SIGCONT, restart from the data directory, status.
 * Every process gets {@code --exit-with-parent} (it stops when the harness JVM ends) and {@link #close} kills what
 * is still running; a paused process also gets a detached {@code sleep; kill -CONT} so it cannot stay stopped.
 */
final class Cluster implements AutoCloseable {
  /** One server: ports, files, and its process if started. */
  static final class Node {
    final String id;
    final int raftPort;
    final int httpPort;
    final Path config;
    final Path dataDir;
    final Path log;
    @Nullable Process process;
    boolean paused;
    int starts;

    Node(String id, int raftPort, int httpPort, Path dir) {
      this.id = id;
      this.raftPort = raftPort;
      this.httpPort = httpPort;
      this.config = dir.resolve(id + ".properties");
      this.dataDir = dir.resolve("data").resolve(id);
      this.log = dir.resolve("logs").resolve(id + ".log");
    }

    String url() {
      return "http://127.0.0.1:" + httpPort;
    }

    boolean running() {
      Process p = process;
      return p != null && p.isAlive();
    }
  }

  private final Map<String, Node> nodes = new LinkedHashMap<>();
  private final List<String> initialVoters;
  private final String classpath;
  private final Path dir;
  private final KvClient admin;
  private final List<String> urls = new ArrayList<>();

  /**
   * Reserves ports (free at the time of the call) for every server, below the kernel's ephemeral range: a killed
   * server restarts on the same ports, and a port from the ephemeral range may meanwhile be taken as the source port
   * of some outgoing connection (a proxy's, a client's), so the restart would fail with "Address already in use".
   */
  static Map<String, int[]> reservePorts(List<String> ids) throws IOException {
    Map<String, int[]> out = new LinkedHashMap<>();
    List<ServerSocket> held = new ArrayList<>();
    int low = 10_000;
    int high = ephemeralLow();
    int candidate = low + java.util.concurrent.ThreadLocalRandom.current().nextInt(high - low);
    try {
      for (String id : ids) {
        int[] pair = new int[2];
        for (int k = 0; k < 2; k++) {
          ServerSocket s = null;
          for (int tries = 0; s == null; tries++) {
            if (tries > high - low) {
              throw new IOException("no free loopback port in " + low + ".." + (high - 1));
            }
            candidate = candidate + 1 >= high ? low : candidate + 1;
            s = tryBind(candidate);
          }
          held.add(s);
          pair[k] = s.getLocalPort();
        }
        out.put(id, pair);
      }
    } finally {
      for (ServerSocket s : held) {
        s.close();
      }
    }
    return out;
  }

  private static @Nullable ServerSocket tryBind(int port) {
    try {
      return new ServerSocket(port, 1, InetAddress.getLoopbackAddress());
    } catch (IOException e) {
      return null; // in use: the caller tries the next port
    }
  }

  /** The low end of the kernel's ephemeral port range (Linux default 32768). */
  private static int ephemeralLow() {
    try {
      String[] r = Files.readString(Path.of("/proc/sys/net/ipv4/ip_local_port_range")).trim().split("\\s+");
      int v = Integer.parseInt(r[0]);
      return v > 11_000 ? v : 32_768;
    } catch (IOException | RuntimeException e) {
      return 32_768;
    }
  }

  Cluster(Path dir, Map<String, int[]> ports, List<String> initialVoters, List<Path> classpathPrefix) {
    this.dir = dir;
    this.initialVoters = List.copyOf(initialVoters);
    ports.forEach((id, p) -> nodes.put(id, new Node(id, p[0], p[1], dir)));
    StringBuilder cp = new StringBuilder();
    for (Path p : classpathPrefix) {
      cp.append(p.toAbsolutePath()).append(File.pathSeparator);
    }
    this.classpath = cp.append(System.getProperty("java.class.path")).toString();
    nodes.values().forEach(n -> urls.add(n.url()));
    this.admin = new KvClient(urls, Duration.ofSeconds(2), Duration.ofSeconds(2));
  }

  /** Writes every node's configuration: peers are reached through {@code network}'s proxies. */
  void writeConfigs(Network network, int tickMillis, int snapshotEntries, Path traceDir, boolean trace)
      throws IOException {
    Files.createDirectories(dir.resolve("logs"));
    for (Node n : nodes.values()) {
      StringBuilder b = new StringBuilder("# written by raft jepsen: peers are the harness's per-link proxies\n")
          .append("node.id=").append(n.id).append('\n')
          .append("cluster.id=jepsen\n");
      for (Node m : nodes.values()) {
        int raft = m == n ? n.raftPort : network.proxyPort(n.id, m.id);
        b.append("server.").append(m.id).append("=127.0.0.1:").append(raft).append("/127.0.0.1:").append(m.httpPort)
            .append('\n');
      }
      b.append("voters=").append(String.join(",", initialVoters)).append('\n')
          .append("data.dir=").append(n.dataDir).append('\n')
          .append("tick.ms=").append(tickMillis).append('\n')
          .append("heartbeat.ticks=2\n")
          .append("snapshot.entries=").append(snapshotEntries).append('\n') // short logs in trace events
          .append("limit.request.timeout.ms=2000\n");
      if (trace) {
        b.append("trace.dir=").append(traceDir).append('\n');
      }
      Files.writeString(n.config, b.toString(), StandardCharsets.UTF_8);
    }
  }

  Map<String, Node> nodes() {
    return nodes;
  }

  Node node(String id) {
    Node n = nodes.get(id);
    if (n == null) {
      throw new IllegalArgumentException("no server " + id);
    }
    return n;
  }

  List<String> urls() {
    return urls;
  }

  List<String> initialVoters() {
    return initialVoters;
  }

  /** Starts (or restarts from its data directory) one node; does not wait for it to serve. */
  synchronized void start(String id) throws IOException {
    Node n = node(id);
    if (n.running()) {
      return;
    }
    String javaBin = ProcessHandle.current().info().command().orElse("java");
    ProcessBuilder pb = new ProcessBuilder(javaBin, "-Xmx192m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
        "-Xshare:auto", "-cp", classpath, "dev.raftproof.cli.RaftCli", "kv-server", "--config", n.config.toString(),
        "--exit-with-parent", Long.toString(ProcessHandle.current().pid()));
    pb.redirectErrorStream(true);
    Files.writeString(n.log, "---- harness: start #" + (n.starts + 1) + " of " + id + "\n", StandardCharsets.UTF_8,
        java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
    pb.redirectOutput(ProcessBuilder.Redirect.appendTo(n.log.toFile()));
    n.process = pb.start();
    n.paused = false;
    n.starts++;
  }

  /** SIGKILL (a crash: nothing is flushed or closed). Waits until the process is gone. */
  synchronized void kill(String id) throws InterruptedException {
    Node n = node(id);
    Process p = n.process;
    if (p != null) {
      p.destroyForcibly();
      p.waitFor(10, TimeUnit.SECONDS);
    }
    n.paused = false;
  }

  /** SIGSTOP; a detached {@code sleep S; kill -CONT} makes sure it resumes even if the harness dies. */
  synchronized void pause(String id, int maxSeconds) throws IOException, InterruptedException {
    Node n = node(id);
    Process p = n.process;
    if (p == null || !p.isAlive()) {
      return;
    }
    signal(p.pid(), "STOP");
    n.paused = true;
    new ProcessBuilder("sh", "-c", "sleep " + maxSeconds + "; kill -CONT " + p.pid() + " 2>/dev/null")
        .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD).start();
  }

  synchronized void resume(String id) throws IOException, InterruptedException {
    Node n = node(id);
    Process p = n.process;
    if (p != null && p.isAlive() && n.paused) {
      signal(p.pid(), "CONT");
    }
    n.paused = false;
  }

  private static void signal(long pid, String sig) throws IOException, InterruptedException {
    Process k = new ProcessBuilder("kill", "-" + sig, Long.toString(pid)).redirectErrorStream(true).start();
    k.getInputStream().readAllBytes();
    k.waitFor(5, TimeUnit.SECONDS);
  }

  /** One node's {@code /v1/status}, or null if it does not answer (down, paused, starting). */
  KvClient.@Nullable Response status(String id) {
    Node n = node(id);
    if (!n.running() || n.paused) {
      return null;
    }
    try {
      KvClient.Response r = admin.status(n.url());
      return r.ok() ? r : null;
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  /** The leader with the highest term among the nodes that answer, or null. */
  @Nullable String leader() {
    String best = null;
    long bestTerm = -1;
    for (Node n : nodes.values()) {
      KvClient.Response r = status(n.id);
      if (r != null && r.body().path("role").asText().equals("Leader")) {
        long t = r.body().path("term").asLong();
        if (t > bestTerm) {
          bestTerm = t;
          best = n.id;
        }
      }
    }
    return best;
  }

  /** Waits until some node is leader; null on timeout. */
  @Nullable String awaitLeader(Duration max) throws InterruptedException {
    long end = System.nanoTime() + max.toNanos();
    while (System.nanoTime() < end) {
      String l = leader();
      if (l != null) {
        return l;
      }
      Thread.sleep(100);
    }
    return null;
  }

  /** Waits until node {@code id} answers its status (it serves); false on timeout or if it exited. */
  boolean awaitServing(String id, Duration max) throws InterruptedException {
    long end = System.nanoTime() + max.toNanos();
    while (System.nanoTime() < end) {
      if (!node(id).running()) {
        return false;
      }
      if (status(id) != null) {
        return true;
      }
      Thread.sleep(50);
    }
    return false;
  }

  KvClient admin() {
    return admin;
  }

  /** SIGCONT, then SIGTERM (a clean stop), then SIGKILL what is left after a few seconds. */
  @Override
  public synchronized void close() {
    for (Node n : nodes.values()) {
      Process p = n.process;
      if (p != null && p.isAlive()) {
        try {
          signal(p.pid(), "CONT");
        } catch (IOException | InterruptedException e) {
          // we kill it below anyway
        }
        p.destroy();
      }
    }
    for (Node n : nodes.values()) {
      Process p = n.process;
      if (p != null) {
        try {
          if (!p.waitFor(5, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            p.waitFor(5, TimeUnit.SECONDS);
          }
        } catch (InterruptedException e) {
          p.destroyForcibly();
        }
      }
    }
  }
}
