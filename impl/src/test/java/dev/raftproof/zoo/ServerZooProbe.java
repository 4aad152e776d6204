package dev.raftproof.zoo;

import dev.raftproof.core.Entry;
import dev.raftproof.core.HardState;
import dev.raftproof.core.PersistentState;
import dev.raftproof.core.Ready;
import dev.raftproof.server.Answer;
import dev.raftproof.server.KvOp;
import dev.raftproof.server.KvServer;
import dev.raftproof.server.ServerConfig;
import dev.raftproof.storage.DiskStorage;
import dev.raftproof.storage.StorageOptions;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A child-JVM probe of one {@link ServerBug}'s behaviour, run with (or without) the mutant's classes in front of the
 * classpath exactly as the jepsen harness runs kv-server processes: each scenario prints one line {@code <scenario>:
 * <observation>} on stdout that differs between the real classes and the mutant. {@code ServerZooProbeTest} compares
 * them. Usage: {@code ServerZooProbe SCENARIO DIR} with SCENARIO one of ack, wal, vote, read.
 */
public final class ServerZooProbe {
  private ServerZooProbe() {}

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[1]);
    String out = switch (args[0]) {
      case "ack" -> ack(dir);
      case "wal" -> wal(dir);
      case "vote" -> vote(dir);
      case "read" -> read(dir);
      default -> throw new IllegalArgumentException("unknown scenario " + args[0]);
    };
    System.out.println(args[0] + ": " + out);
    System.exit(0);
  }

  private static Ready step(HardState hs, long from, List<Entry> es) {
    return new Ready(List.of(), hs, from, es, null, null, 1, List.of(), List.of(), List.of());
  }

  /** Is a step's future complete while the writer is held just before its fsync? */
  static String ack(Path dir) throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    AtomicBoolean hold = new AtomicBoolean();
    StorageOptions o = StorageOptions.DEFAULT.withFsyncHook(p -> {
      if (hold.get()) {
        try {
          release.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    });
    try (DiskStorage s = DiskStorage.open(dir, o)) {
      hold.set(true);
      CompletableFuture<?> f = s.persistAsync(step(new HardState(1, "s1", 0), 1, List.of(Entry.value(1, "a"))));
      boolean done;
      try {
        f.get(300, TimeUnit.MILLISECONDS);
        done = true;
      } catch (TimeoutException e) {
        done = false;
      }
      release.countDown();
      f.get(10, TimeUnit.SECONDS);
      return "acknowledged before its fsync=" + done;
    }
  }

  /** Entries a..d of term 1, then x of term 2 replacing b.. (a conflicting append); the log recovered after reopen. */
  static String wal(Path dir) throws IOException {
    try (DiskStorage s = DiskStorage.open(dir)) {
      s.persist(step(new HardState(1, "s1", 0), 1, List.of(Entry.value(1, "a"), Entry.value(1, "b"),
          Entry.value(1, "c"), Entry.value(1, "d"))));
      s.persist(step(new HardState(2, "s2", 1), 2, List.of(Entry.value(2, "x"))));
    }
    try (DiskStorage s = DiskStorage.open(dir)) {
      return "recovered log " + log(s.recovered());
    }
  }

  private static String log(PersistentState ps) {
    StringJoiner j = new StringJoiner(" ", "[", "]");
    for (Entry e : ps.entries()) {
      j.add(e.term() + ":" + e.value());
    }
    return j.toString();
  }

  /** votedFor s2 in term 3, reopened. */
  static String vote(Path dir) throws IOException {
    try (DiskStorage s = DiskStorage.open(dir)) {
      s.persist(step(new HardState(3, "s2", 0), 1, List.of()));
    }
    try (DiskStorage s = DiskStorage.open(dir)) {
      return "recovered votedFor=" + s.recovered().hardState().votedFor();
    }
  }

  /**
   * Three in-process servers; a write at the leader, then both followers stop: is a linearizable read at the
   * leader (which can no longer confirm its leadership) answered, and with what?
   */
  static String read(Path dir) throws Exception {
    TreeMap<String, ServerConfig.Peer> servers = new TreeMap<>();
    for (int i = 1; i <= 3; i++) {
      servers.put("s" + i, new ServerConfig.Peer(new InetSocketAddress("127.0.0.1", freePort()),
          new InetSocketAddress("127.0.0.1", freePort())));
    }
    List<KvServer> nodes = new ArrayList<>();
    try {
      for (String id : servers.keySet()) {
        nodes.add(KvServer.start(new ServerConfig(id, "probe", servers, List.copyOf(servers.keySet()),
            dir.resolve(id), null, null, 20, 10, 1, 10000, ServerConfig.Limits.DEFAULT)));
      }
      KvServer leader = null;
      for (int t = 0; t < 200 && leader == null; t++) {
        for (KvServer n : nodes) {
          if (n.driver().status().get(5, TimeUnit.SECONDS).role().equals("Leader")) {
            leader = n;
          }
        }
        Thread.sleep(25);
      }
      if (leader == null) {
        throw new IllegalStateException("no leader within 5 s");
      }
      Answer w = leader.driver().propose(KvOp.put("k", "v1")).get(10, TimeUnit.SECONDS);
      if (w.kind() != Answer.Kind.OK) {
        throw new IllegalStateException("write not applied: " + w);
      }
      for (KvServer n : nodes) {
        if (n != leader) {
          n.close();
        }
      }
      Answer r;
      try {
        r = leader.driver().read("k").get(3, TimeUnit.SECONDS);
      } catch (TimeoutException e) {
        return "read at a leader without a quorum: no answer within 3 s";
      }
      return "read at a leader without a quorum: " + r.kind() + (r.kind() == Answer.Kind.OK ? " " + r.value() : "");
    } finally {
      for (KvServer n : nodes) {
        n.close();
      }
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}
