package dev.raftproof.cli;

import dev.raftproof.server.ServerConfig;
import dev.raftproof.server.ServerMain;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import org.checkerframework.checker.nullness.qual.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code raft kv-server}: one key-value server process (one Raft node). Configured by a properties file
 * ({@code --config}, keys in impl's dev/raftproof/server/README.md) or by flags; flags given with {@code --config}
 * override the file. Runs until SIGTERM/SIGINT.
 */
@Command(name = "kv-server", mixinStandardHelpOptions = true,
    description = {"Run one key-value server (a Raft node with durable storage, peer TCP transport and an HTTP/JSON"
        + " client API). Example:",
        "  raft kv-server --id s1 --server s1=127.0.0.1:7001/127.0.0.1:8001 --server s2=127.0.0.1:7002/127.0.0.1:8002"
            + " --server s3=127.0.0.1:7003/127.0.0.1:8003 --data-dir data/s1"},
    exitCodeListHeading = ExitCodes.HELP_HEADING,
    exitCodeList = {"0:stopped cleanly (SIGTERM/SIGINT)",
        "64:bad configuration, a port in use, or corrupt storage (refused to start; the message says what to do)",
        "70:the node stopped on an I/O error"})
public final class KvServerCommand implements Callable<Integer> {
  @Option(names = "--config", paramLabel = "FILE", description = "a properties file (node.id, cluster.id,"
      + " server.<id>=raftHost:port/httpHost:port, voters, data.dir, trace.dir, history.dir, tick.ms, limit.*)")
  @Nullable Path config;

  @Option(names = "--id", description = "this server's id (one of the --server ids)")
  @Nullable String id;

  @Option(names = "--cluster-id", description = "carried in every peer frame; other clusters' frames are refused"
      + " (default: raftproof)")
  @Nullable String clusterId;

  @Option(names = "--server", paramLabel = "ID=RAFT/HTTP",
      description = "a server and its peer and client addresses, e.g. s1=127.0.0.1:7001/127.0.0.1:8001; repeat for"
          + " every server that can ever be a member")
  List<String> servers = new ArrayList<>();

  @Option(names = "--voters", split = ",", description = "initial voters (default: every --server)")
  List<String> voters = new ArrayList<>();

  @Option(names = "--data-dir", description = "write-ahead log and snapshots") @Nullable Path dataDir;

  @Option(names = "--trace-dir", description = "write this node's trace (format v1) to DIR/<id>.ndjson")
  @Nullable Path traceDir;

  @Option(names = "--history-dir", description = "write this node's client history (EDN) to DIR/<id>.edn")
  @Nullable Path historyDir;

  @Option(names = "--tick-ms", description = "one Raft tick (default 100; election timeout 10-20 ticks)")
  @Nullable Integer tickMs;

  @Option(names = "--snapshot-entries", description = "compact the log every N applied entries (default 10000)")
  @Nullable Integer snapshotEntries;

  @Option(names = "--max-value-bytes", description = "default 65536") @Nullable Integer maxValue;

  @Option(names = "--max-key-bytes", description = "default 1024") @Nullable Integer maxKey;

  @Option(names = "--max-pending", description = "pending proposals on a leader (default 4096)")
  @Nullable Integer maxPending;

  @Option(names = "--request-timeout-ms", description = "default 5000") @Nullable Integer timeoutMs;

  @Option(names = "--exit-with-parent", paramLabel = "PID", hidden = true,
      description = "stop cleanly when process PID ends (used by raft cluster up)")
  @Nullable Long parentPid;

  @Override
  public Integer call() throws IOException {
    ServerConfig c = build();
    Long ppid = parentPid;
    if (ppid != null) {
      Thread w = new Thread(() -> {
        while (ProcessHandle.of(ppid).map(ProcessHandle::isAlive).orElse(false)) {
          try {
            Thread.sleep(500);
          } catch (InterruptedException e) {
            return;
          }
        }
        System.exit(0); // the shutdown hook stops the server cleanly
      }, "exit-with-parent");
      w.setDaemon(true);
      w.start();
    }
    return ServerMain.run(c, System.out, System.err);
  }

  private ServerConfig build() throws IOException {
    java.util.Properties p = new java.util.Properties();
    Path base = null;
    Path cf = config;
    if (cf != null) {
      if (!java.nio.file.Files.isRegularFile(cf)) {
        throw new UserInputException("--config " + cf + ": no such file");
      }
      try (var r = java.nio.file.Files.newBufferedReader(cf)) {
        p.load(r);
      }
      base = cf.toAbsolutePath().getParent();
    } else if (servers.isEmpty()) {
      throw new UserInputException("give --config FILE or --id, --server (one per server) and --data-dir");
    }
    set(p, "node.id", id);
    set(p, "cluster.id", clusterId);
    if (!servers.isEmpty()) {
      Map<String, String> ss = new TreeMap<>();
      for (String s : servers) {
        int eq = s.indexOf('=');
        if (eq <= 0) {
          throw new UserInputException("--server " + s + ": expected ID=raftHost:port/httpHost:port");
        }
        ss.put(s.substring(0, eq), s.substring(eq + 1));
      }
      p.stringPropertyNames().stream().filter(k -> k.startsWith("server.")).toList().forEach(p::remove);
      ss.forEach((k, v) -> p.setProperty("server." + k, v));
    }
    if (!voters.isEmpty()) {
      p.setProperty("voters", String.join(",", voters));
    }
    set(p, "data.dir", dataDir == null ? null : dataDir.toAbsolutePath().toString());
    set(p, "trace.dir", traceDir == null ? null : traceDir.toAbsolutePath().toString());
    set(p, "history.dir", historyDir == null ? null : historyDir.toAbsolutePath().toString());
    set(p, "tick.ms", tickMs);
    set(p, "snapshot.entries", snapshotEntries);
    set(p, "limit.value.bytes", maxValue);
    set(p, "limit.key.bytes", maxKey);
    set(p, "limit.pending.proposals", maxPending);
    set(p, "limit.request.timeout.ms", timeoutMs);
    try {
      return ServerConfig.fromProperties(p, base);
    } catch (IllegalArgumentException e) {
      throw new UserInputException((cf == null ? "" : cf + ": ") + e.getMessage());
    }
  }

  private static void set(java.util.Properties p, String key, @Nullable Object v) {
    if (v != null) {
      p.setProperty(key, v.toString());
    }
  }
}
