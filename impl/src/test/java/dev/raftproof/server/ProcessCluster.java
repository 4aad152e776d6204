package dev.raftproof.server;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Test helper: kv-server processes (ServerMain) on loopback; {@link #close} kills every one still running. */
final class ProcessCluster implements AutoCloseable {
  final List<ServerConfig> configs;
  private final Path root;
  private final Process[] procs;

  ProcessCluster(Path root, List<ServerConfig> configs) {
    this.root = root;
    this.configs = configs;
    this.procs = new Process[configs.size()];
  }

  Path propsFile(int i) {
    return root.resolve(configs.get(i).nodeId() + ".properties");
  }

  void start(int i) throws IOException {
    ServerConfig c = configs.get(i);
    StringBuilder b = new StringBuilder();
    for (Map.Entry<String, String> e : LocalCluster.props(c).entrySet()) {
      b.append(e.getKey()).append('=').append(e.getValue().replace("\\", "\\\\")).append('\n');
    }
    Files.writeString(propsFile(i), b.toString(), StandardCharsets.UTF_8);
    String java = ProcessHandle.current().info().command().orElse("java");
    ProcessBuilder pb = new ProcessBuilder(java, "-Xmx128m", "-XX:+UseSerialGC", "-cp",
        System.getProperty("java.class.path"), ServerMain.class.getName(), propsFile(i).toString());
    pb.redirectErrorStream(true);
    pb.redirectOutput(ProcessBuilder.Redirect.appendTo(root.resolve(c.nodeId() + ".log").toFile()));
    procs[i] = pb.start();
  }

  /** SIGKILL (kill -9). */
  void kill9(int i) throws InterruptedException {
    Process p = procs[i];
    if (p != null) {
      p.destroyForcibly();
      p.waitFor(10, TimeUnit.SECONDS);
    }
  }

  String log(int i) throws IOException {
    Path p = root.resolve(configs.get(i).nodeId() + ".log");
    return Files.exists(p) ? Files.readString(p) : "";
  }

  int index(String id) {
    for (int i = 0; i < configs.size(); i++) {
      if (configs.get(i).nodeId().equals(id)) {
        return i;
      }
    }
    throw new IllegalArgumentException(id);
  }

  List<String> logs() throws IOException {
    List<String> l = new ArrayList<>();
    for (int i = 0; i < configs.size(); i++) {
      l.add(log(i));
    }
    return l;
  }

  @Override
  public void close() throws InterruptedException {
    for (Process p : procs) {
      if (p != null && p.isAlive()) {
        p.destroy();
      }
    }
    for (Process p : procs) {
      if (p != null && !p.waitFor(10, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        p.waitFor(5, TimeUnit.SECONDS);
      }
    }
  }
}
