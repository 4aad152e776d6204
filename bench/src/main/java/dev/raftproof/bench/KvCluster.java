package dev.raftproof.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A 3-member key-value cluster on 127.0.0.1 started by the benchmark: {@link Etcd} (etcd 3.4 through its v3
 * HTTP/JSON gateway) or {@link Ours} (raftproof kv-server processes). Every process runs under {@code timeout} so
 * that it ends by itself even if the benchmark is killed; {@link #close} stops it (SIGTERM, then SIGKILL).
 */
abstract class KvCluster implements AutoCloseable {
  static final ObjectMapper JSON = new ObjectMapper();
  /** Every live process of every cluster, for the shutdown hook. */
  static final List<Process> ALL = new CopyOnWriteArrayList<>();

  static {
    Runtime.getRuntime().addShutdownHook(new Thread(KvCluster::killAll, "kv-bench-stop"));
  }

  /** One HTTP request as the load generator sends it. */
  record Request(String method, String path, byte[] body, String contentType) {}

  final Path dir;
  final int members;
  final List<Process> procs = new ArrayList<>();
  final List<Integer> clientPorts = new ArrayList<>();
  final List<Integer> peerPorts = new ArrayList<>();
  int leader = -1;

  KvCluster(Path dir, int members) {
    this.dir = dir;
    this.members = members;
  }

  abstract String name();

  /** Starts the members and waits until a leader is known and accepts writes; sets {@link #leader}. */
  abstract void start(long lifetimeSeconds) throws Exception;

  abstract Request put(String key, byte[] value);

  abstract Request get(String key);

  /** What a successful get's body contains for {@code value} (the check that a read saw the write). */
  abstract byte[] expected(byte[] value);

  int leaderPort() {
    return clientPorts.get(leader);
  }

  /** The pid of each member's server process (the child of {@code timeout}). */
  long pid(int member) {
    Process p = procs.get(member);
    return p.toHandle().children().findFirst().map(ProcessHandle::pid).orElse(p.pid());
  }

  Process launch(List<String> command, Path log, long lifetimeSeconds) throws IOException {
    return launch(command, log, lifetimeSeconds, List.of());
  }

  /** Starts {@code command} under {@code timeout}, with extra environment variables {@code KEY=VALUE}. */
  Process launch(List<String> command, Path log, long lifetimeSeconds, List<String> env) throws IOException {
    List<String> cmd = new ArrayList<>(List.of("timeout", "-k", "5", Long.toString(lifetimeSeconds)));
    cmd.addAll(command);
    ProcessBuilder pb = new ProcessBuilder(cmd);
    for (String e : env) {
      int eq = e.indexOf('=');
      pb.environment().put(e.substring(0, eq), e.substring(eq + 1));
    }
    pb.redirectErrorStream(true);
    pb.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    Process p = pb.start();
    procs.add(p);
    ALL.add(p);
    return p;
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  void allocatePorts() throws IOException {
    for (int i = 0; i < members; i++) {
      clientPorts.add(freePort());
      peerPorts.add(freePort());
    }
  }

  void checkAlive() throws IOException {
    for (int i = 0; i < procs.size(); i++) {
      if (!procs.get(i).isAlive()) {
        throw new IOException(name() + " member " + (i + 1) + " exited (code " + procs.get(i).exitValue()
            + "); see " + dir);
      }
    }
  }

  static JsonNode call(int port, String method, String path, String body) throws IOException {
    try (HttpConn c = new HttpConn("127.0.0.1", port)) {
      int st = c.send(method, path, body.getBytes(StandardCharsets.UTF_8), "application/json");
      JsonNode j = c.bodyLength == 0 ? JSON.nullNode() : JSON.readTree(c.bodyText());
      if (st != 200) {
        throw new IOException("HTTP " + st + " " + c.bodyText());
      }
      return j;
    }
  }

  /** Stops every member: SIGTERM, up to 10 s, then SIGKILL; deletes the data directories. */
  @Override
  public void close() {
    for (Process p : procs) {
      p.destroy();
    }
    for (Process p : procs) {
      try {
        if (!p.waitFor(10, TimeUnit.SECONDS)) {
          p.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
          p.destroyForcibly();
          p.waitFor(5, TimeUnit.SECONDS);
        }
      } catch (InterruptedException e) {
        p.destroyForcibly();
        Thread.currentThread().interrupt();
      }
      ALL.remove(p);
    }
    deleteData();
  }

  void deleteData() {
    for (int i = 1; i <= members; i++) {
      deleteTree(dir.resolve("data-" + i));
    }
  }

  static void deleteTree(Path p) {
    if (!Files.exists(p)) {
      return;
    }
    try (Stream<Path> s = Files.walk(p)) {
      s.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    } catch (IOException e) {
      // best effort: a temporary directory
    }
  }

  static void killAll() {
    for (Process p : ALL) {
      p.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
    }
  }

  // =============================================================================================================

  /** etcd 3.4: {@code /usr/bin/etcd}, default fsync and timing (heartbeat 100 ms, election 1000 ms). */
  static final class Etcd extends KvCluster {
    private final String etcd;

    Etcd(Path dir, int members, String etcd) {
      super(dir, members);
      this.etcd = etcd;
    }

    @Override
    String name() {
      return "etcd";
    }

    @Override
    void start(long lifetimeSeconds) throws Exception {
      allocatePorts();
      StringBuilder initial = new StringBuilder();
      for (int i = 0; i < members; i++) {
        initial.append(i == 0 ? "" : ",").append("e").append(i + 1).append("=http://127.0.0.1:")
            .append(peerPorts.get(i));
      }
      String token = "kvbench-" + ProcessHandle.current().pid() + "-" + System.nanoTime();
      for (int i = 0; i < members; i++) {
        String c = "http://127.0.0.1:" + clientPorts.get(i);
        String p = "http://127.0.0.1:" + peerPorts.get(i);
        launch(List.of(etcd, "--name", "e" + (i + 1), "--data-dir", dir.resolve("data-" + (i + 1)).toString(),
            "--listen-client-urls", c, "--advertise-client-urls", c, "--listen-peer-urls", p,
            "--initial-advertise-peer-urls", p, "--initial-cluster", initial.toString(),
            "--initial-cluster-token", token, "--initial-cluster-state", "new", "--logger", "zap",
            "--log-outputs", "stderr", "--log-level", "warn"),
            dir.resolve("etcd-" + (i + 1) + ".log"), lifetimeSeconds);
      }
      long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      String last = "";
      while (System.nanoTime() < end) {
        checkAlive();
        try {
          int l = findLeader();
          if (l >= 0) {
            leader = l;
            return;
          }
        } catch (IOException e) {
          last = e.toString();
        }
        Thread.sleep(100);
      }
      throw new IOException("etcd: no leader within 60 s (" + last + "); logs in " + dir);
    }

    /** The member whose {@code /v3/maintenance/status} says it is the leader, or -1. */
    private int findLeader() throws IOException {
      for (int i = 0; i < members; i++) {
        JsonNode s = call(clientPorts.get(i), "POST", "/v3/maintenance/status", "{}");
        String self = s.path("header").path("member_id").asText();
        String l = s.path("leader").asText();
        if (!self.isEmpty() && self.equals(l)) {
          return i;
        }
      }
      return -1;
    }

    private static String b64(byte[] b) {
      return Base64.getEncoder().encodeToString(b);
    }

    @Override
    Request put(String key, byte[] value) {
      byte[] body = ("{\"key\":\"" + b64(key.getBytes(StandardCharsets.UTF_8)) + "\",\"value\":\"" + b64(value)
          + "\"}").getBytes(StandardCharsets.US_ASCII);
      return new Request("POST", "/v3/kv/put", body, "application/json");
    }

    @Override
    Request get(String key) {
      byte[] body = ("{\"key\":\"" + b64(key.getBytes(StandardCharsets.UTF_8)) + "\"}")
          .getBytes(StandardCharsets.US_ASCII);
      return new Request("POST", "/v3/kv/range", body, "application/json"); // linearizable: etcd's default
    }

    @Override
    byte[] expected(byte[] value) {
      return b64(value).getBytes(StandardCharsets.US_ASCII);
    }
  }

  // =============================================================================================================

  /** raftproof: {@code dev.raftproof.server.ServerMain} processes, fsync on, no trace, no history. */
  static final class Ours extends KvCluster {
    private final List<String> jvm;
    private final String classpath;
    private final List<String> extraProps;
    private final List<String> env;

    Ours(Path dir, int members, List<String> jvmFlags, String classpath, List<String> extraProps, List<String> env) {
      super(dir, members);
      this.env = env;
      this.jvm = jvmFlags;
      this.classpath = classpath;
      this.extraProps = extraProps;
    }

    @Override
    String name() {
      return "raftproof";
    }

    @Override
    void start(long lifetimeSeconds) throws Exception {
      allocatePorts();
      String java = ProcessHandle.current().info().command().orElse("java");
      for (int i = 0; i < members; i++) {
        StringBuilder b = new StringBuilder();
        b.append("node.id=s").append(i + 1).append('\n').append("cluster.id=kvbench\n");
        for (int j = 0; j < members; j++) {
          b.append("server.s").append(j + 1).append("=127.0.0.1:").append(peerPorts.get(j)).append("/127.0.0.1:")
              .append(clientPorts.get(j)).append('\n');
        }
        b.append("data.dir=").append(dir.resolve("data-" + (i + 1))).append('\n');
        b.append("tick.ms=100\nelection.ticks=10\nheartbeat.ticks=1\n"); // etcd's defaults: 100 ms, 1000 ms
        for (String p : extraProps) {
          b.append(p).append('\n');
        }
        Path props = dir.resolve("s" + (i + 1) + ".properties");
        Files.writeString(props, b.toString(), StandardCharsets.UTF_8);
        List<String> cmd = new ArrayList<>();
        cmd.add(java);
        for (String f : jvm) {
          cmd.add(f.replace("{id}", "s" + (i + 1))); // e.g. a per-member JFR file name
        }
        cmd.addAll(List.of("-cp", classpath, "dev.raftproof.server.ServerMain", props.toString()));
        launch(cmd, dir.resolve("s" + (i + 1) + ".log"), lifetimeSeconds, env);
      }
      long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      String last = "";
      while (System.nanoTime() < end) {
        checkAlive();
        for (int i = 0; i < members; i++) {
          try {
            JsonNode s = call(clientPorts.get(i), "GET", "/v1/status", "");
            if (s.path("role").asText().equals("Leader") && s.path("commitIndex").asLong() > 0) {
              leader = i;
              return;
            }
          } catch (IOException e) {
            last = e.toString();
          }
        }
        Thread.sleep(100);
      }
      throw new IOException("raftproof: no leader within 60 s (" + last + "); logs in " + dir);
    }

    @Override
    Request put(String key, byte[] value) {
      return new Request("PUT", "/v1/kv/" + key, value, "application/octet-stream");
    }

    @Override
    Request get(String key) {
      return new Request("GET", "/v1/kv/" + key, new byte[0], "application/octet-stream");
    }

    @Override
    byte[] expected(byte[] value) {
      return value;
    }
  }
}
