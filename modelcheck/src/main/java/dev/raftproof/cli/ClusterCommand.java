package dev.raftproof.cli;

import dev.raftproof.server.HistoryMerge;
import dev.raftproof.server.KvClient;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.checkerframework.checker.nullness.qual.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code raft cluster up}: a local cluster of key-value server processes on loopback. */
@Command(name = "cluster", mixinStandardHelpOptions = true, description = "A local cluster of kv-server processes.",
    subcommands = {ClusterCommand.Up.class, ClusterCommand.MergeHistory.class})
@SuppressWarnings("initialization.field.uninitialized") // picocli injects @Spec
public final class ClusterCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** Starts the processes, waits for a leader, prints how to talk to them, stops them on Ctrl-C. */
  @Command(name = "up", mixinStandardHelpOptions = true,
      description = {"Start N kv-server processes on 127.0.0.1 with their own data directories, wait until a leader"
          + " is elected, print how to talk to them; Ctrl-C stops them cleanly (no process is left behind).",
          "Layout of --dir: <id>.properties (each node's configuration), <id>/ (its data), <id>.log (its output),"
              + " traces/ and histories/ (with --trace / --history)."},
      exitCodeListHeading = ExitCodes.HELP_HEADING,
      exitCodeList = {"0:stopped cleanly", "3:no leader was elected in time", "64:usage error or a port in use",
          "70:a node exited by itself"})
  @SuppressWarnings("initialization.field.uninitialized")
  static final class Up implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(names = "--nodes", description = "voters to start (default 3)") int nodes = 3;

    @Option(names = "--spares", description = "extra servers known to every node but not voters (for membership"
        + " changes: start one with raft kv-server --config DIR/<id>.properties, then raft kv members add <id>)")
    int spares;

    @Option(names = "--dir", description = "working directory (default raft-cluster)") Path dir =
        Path.of("raft-cluster");

    @Option(names = "--raft-port", description = "first peer port (default 7001)") int raftPort = 7001;

    @Option(names = "--http-port", description = "first client port (default 8001)") int httpPort = 8001;

    @Option(names = "--cluster-id", description = "default raftproof") String clusterId = "raftproof";

    @Option(names = "--tick-ms", description = "one Raft tick (default 100)") int tickMs = 100;

    @Option(names = "--trace", description = "each node writes its trace to DIR/traces/<id>.ndjson")
    boolean trace;

    @Option(names = "--history", description = "each node writes its clients' history to DIR/histories/<id>.edn;"
        + " merged into DIR/history.edn on exit") boolean history;

    @Option(names = "--fresh", description = "delete the data, traces and histories of a previous run first")
    boolean fresh;

    @Option(names = "--duration", description = "stop by itself after S seconds (default: run until Ctrl-C)")
    @Nullable Integer durationSeconds;

    @Option(names = "--leader-timeout", description = "seconds to wait for a leader (default 60)")
    int leaderTimeout = 60;

    @Option(names = "--heap", description = "-Xmx of each node (default 256m)") String heap = "256m";

    private final List<Process> procs = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
      PrintWriter out = spec.commandLine().getOut();
      if (nodes < 1 || spares < 0 || nodes + spares > 9) {
        throw new UserInputException("--nodes must be 1..9 (with --spares)");
      }
      Path d = dir.toAbsolutePath();
      if (fresh) {
        deleteRecursively(d);
      }
      Files.createDirectories(d);
      Map<String, String> servers = new LinkedHashMap<>();
      List<String> voters = new ArrayList<>();
      for (int i = 1; i <= nodes + spares; i++) {
        servers.put("s" + i, "127.0.0.1:" + (raftPort + i - 1) + "/127.0.0.1:" + (httpPort + i - 1));
        if (i <= nodes) {
          voters.add("s" + i);
        }
      }
      for (String id : servers.keySet()) {
        StringBuilder b = new StringBuilder("# written by raft cluster up; start this node alone with\n")
            .append("#   raft kv-server --config ").append(d.resolve(id + ".properties")).append('\n')
            .append("node.id=").append(id).append('\n')
            .append("cluster.id=").append(clusterId).append('\n');
        servers.forEach((k, v) -> b.append("server.").append(k).append('=').append(v).append('\n'));
        b.append("voters=").append(String.join(",", voters)).append('\n')
            .append("data.dir=").append(d.resolve(id)).append('\n')
            .append("tick.ms=").append(tickMs).append('\n');
        if (trace) {
          b.append("trace.dir=").append(d.resolve("traces")).append('\n');
        }
        if (history) {
          b.append("history.dir=").append(d.resolve("histories")).append('\n');
        }
        Files.writeString(d.resolve(id + ".properties"), b.toString(), StandardCharsets.UTF_8);
      }
      Thread hook = new Thread(this::stopAll, "cluster-stop");
      Runtime.getRuntime().addShutdownHook(hook);
      String java = ProcessHandle.current().info().command().orElse("java");
      String cp = System.getProperty("java.class.path");
      for (String id : voters) {
        ProcessBuilder pb = new ProcessBuilder(java, "-Xmx" + heap, "-XX:+UseSerialGC", "-cp", cp,
            RaftCli.class.getName(), "kv-server", "--config", d.resolve(id + ".properties").toString(),
            "--exit-with-parent", Long.toString(ProcessHandle.current().pid()));
        pb.redirectErrorStream(true);
        pb.redirectOutput(ProcessBuilder.Redirect.appendTo(d.resolve(id + ".log").toFile()));
        procs.add(pb.start());
      }
      List<String> urls = new ArrayList<>();
      for (int i = 1; i <= nodes; i++) {
        urls.add("http://127.0.0.1:" + (httpPort + i - 1));
      }
      String leader = awaitLeader(urls, Duration.ofSeconds(leaderTimeout));
      if (leader == null) {
        out.println("cluster: no leader within " + leaderTimeout + " s; see " + d + "/s*.log");
        out.flush();
        return ExitCodes.NO_VERDICT;
      }
      out.println("cluster '" + clusterId + "' is up: " + nodes + " nodes, leader " + leader);
      for (int i = 0; i < nodes; i++) {
        String id = "s" + (i + 1);
        out.printf("  %s  pid %-7d http %s  peer 127.0.0.1:%d  data %s  log %s%n", id, procs.get(i).pid(),
            urls.get(i), raftPort + i, d.resolve(id), d.resolve(id + ".log"));
      }
      String nodesFlag = String.join(",", urls);
      out.println("talk to it (another shell):");
      out.println("  raft kv put greeting hello --nodes " + nodesFlag);
      out.println("  raft kv get greeting --nodes " + nodesFlag);
      out.println("  curl -sL -X PUT " + urls.get(0) + "/v1/kv/greeting -d hello ; curl -sL " + urls.get(0)
          + "/v1/kv/greeting ; curl -s " + urls.get(0) + "/v1/status");
      out.println("  kill -9 <pid of the leader>, then keep going; restart a node with"
          + " raft kv-server --config " + d + "/<id>.properties");
      out.println("Ctrl-C stops every node.");
      out.flush();
      Integer dur = durationSeconds;
      long end = dur == null ? Long.MAX_VALUE : System.nanoTime() + TimeUnit.SECONDS.toNanos(dur);
      while (System.nanoTime() < end) {
        Thread.sleep(200);
        boolean allDead = procs.stream().noneMatch(Process::isAlive);
        if (allDead) {
          out.println("cluster: every node has exited; see " + d + "/s*.log");
          out.flush();
          break;
        }
      }
      stopAll();
      Runtime.getRuntime().removeShutdownHook(hook);
      out.println("cluster: stopped");
      out.flush();
      return ExitCodes.PASS;
    }

    private synchronized void stopAll() {
      for (Process p : procs) {
        p.destroy(); // SIGTERM: the node closes its API and makes queued writes durable
      }
      for (Process p : procs) {
        try {
          if (!p.waitFor(10, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            p.waitFor(5, TimeUnit.SECONDS);
          }
        } catch (InterruptedException e) {
          p.destroyForcibly();
        }
      }
      if (history) {
        Path h = dir.toAbsolutePath().resolve("histories");
        if (Files.isDirectory(h)) {
          try {
            int n = HistoryMerge.merge(h, dir.toAbsolutePath().resolve("history.edn"));
            System.out.println("cluster: merged " + n + " history lines into " + dir.resolve("history.edn")
                + " (check: raft lin-check --model kv " + dir.resolve("history.edn") + ")");
          } catch (IOException e) {
            System.err.println("cluster: could not merge histories: " + e);
          }
        }
      }
      if (trace) {
        System.out.println("cluster: traces in " + dir.resolve("traces") + " (check: raft validate "
            + dir.resolve("traces") + ")");
      }
    }

    private @Nullable String awaitLeader(List<String> urls, Duration max) throws InterruptedException {
      KvClient c = new KvClient(urls, Duration.ofSeconds(2), Duration.ofSeconds(2));
      long end = System.nanoTime() + max.toNanos();
      while (System.nanoTime() < end) {
        for (String u : urls) {
          try {
            KvClient.Response r = c.status(u);
            if (r.ok() && r.body().path("role").asText().equals("Leader")) {
              return r.body().path("id").asText();
            }
          } catch (IOException e) {
            // not up yet
          }
        }
        if (procs.stream().noneMatch(Process::isAlive)) {
          return null;
        }
        Thread.sleep(100);
      }
      return null;
    }

    private static void deleteRecursively(Path p) throws IOException {
      if (!Files.exists(p)) {
        return;
      }
      try (var s = Files.walk(p)) {
        for (Path q : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
          Files.delete(q);
        }
      }
    }
  }

  /** Merges the per-node histories of a run into one, in real-time order, for lin-check. */
  @Command(name = "merge-history", mixinStandardHelpOptions = true,
      description = "Merge DIR/*.edn (per-node client histories) into OUT by time, for raft lin-check --model kv.")
  @SuppressWarnings("initialization.field.uninitialized")
  static final class MergeHistory implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @CommandLine.Parameters(index = "0", paramLabel = "DIR") Path in;

    @CommandLine.Parameters(index = "1", paramLabel = "OUT") Path out;

    @Override
    public Integer call() throws IOException {
      if (!Files.isDirectory(in)) {
        throw new UserInputException(in + ": not a directory");
      }
      int n = HistoryMerge.merge(in, out);
      spec.commandLine().getOut().println("merged " + n + " lines into " + out);
      return ExitCodes.PASS;
    }
  }
}
