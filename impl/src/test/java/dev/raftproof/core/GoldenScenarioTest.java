package dev.raftproof.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.raftproof.trace.TraceHeader;
import dev.raftproof.trace.TraceReader;
import dev.raftproof.trace.TraceWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Golden-file scenarios: each {@code src/test/resources/golden/NAME.script} is a small script of steps for a
 * hand-driven cluster; its expected output is the whole trace, {@code NAME.ndjson} (format v1). Run with
 * {@code -Dgolden.update=true} to rewrite the expected files after an intended change (then read the diff).
 *
 * <p>Script lines ({@code #} starts a comment): {@code servers s1 s2 s3 [init s1 s2]}, {@code options KEY=N...}
 * (election, heartbeat, inflight, bytes, entries), {@code tick NODE [N]}, {@code timeout NODE},
 * {@code deliver all}, {@code deliver FROM TO [MTYPE]} (the first such message), {@code deliver-last FROM TO [MTYPE]}, {@code deliver-all-except NODE},
 * {@code drop FROM TO}, {@code drop all}, {@code restart NODE}, {@code propose NODE VALUE}, {@code read NODE CTX},
 * {@code add NODE SERVER}, {@code remove NODE SERVER}, {@code transfer NODE SERVER}, {@code snapshot NODE INDEX},
 * {@code expect role NODE ROLE}, {@code expect term NODE N}, {@code expect commit NODE N},
 * {@code expect refused NODE value} (the last request of NODE was refused), {@code expect applied NODE v1,v2}, {@code expect reads NODE N} (read answers so far).
 */
class GoldenScenarioTest {
  private static final Path DIR = Path.of("src/test/resources/golden");
  private static final boolean UPDATE = Boolean.getBoolean("golden.update");

  @TestFactory
  Stream<DynamicTest> scenarios() throws IOException {
    List<Path> scripts;
    try (Stream<Path> s = Files.list(DIR)) {
      scripts = s.filter(p -> p.toString().endsWith(".script")).sorted().toList();
    }
    assertTrue(scripts.size() >= 5, "golden scenarios present in " + DIR.toAbsolutePath());
    return scripts.stream().map(p -> DynamicTest.dynamicTest(p.getFileName().toString(), () -> run(p)));
  }

  private static void run(Path script) throws Exception {
    List<String> lines = Files.readAllLines(script, StandardCharsets.UTF_8);
    Scenario sc = new Scenario();
    for (int n = 0; n < lines.size(); n++) {
      String line = lines.get(n).replaceAll("#.*", "").trim();
      if (line.isEmpty()) {
        continue;
      }
      try {
        sc.step(line.split("\\s+"));
      } catch (AssertionError | RuntimeException e) {
        throw new AssertionError(script.getFileName() + ":" + (n + 1) + ": " + line + ": " + e.getMessage(), e);
      }
    }
    assertEquals(List.of(), sc.cluster().violations, "safety");
    String actual = sc.trace();
    Path golden = Path.of(script.toString().replaceAll("\\.script$", ".ndjson"));
    if (UPDATE) {
      Files.writeString(golden, actual, StandardCharsets.UTF_8);
      return;
    }
    if (!Files.exists(golden)) {
      fail("no golden file " + golden + ": run with -Dgolden.update=true");
    }
    String expected = Files.readString(golden, StandardCharsets.UTF_8);
    TraceReader.parse(golden.toString(), expected); // the golden file is a valid v1 trace
    if (!expected.equals(actual)) {
      String[] e = expected.split("\n");
      String[] a = actual.split("\n");
      for (int k = 0; k < Math.max(e.length, a.length); k++) {
        String el = k < e.length ? e[k] : "<none>";
        String al = k < a.length ? a[k] : "<none>";
        if (!el.equals(al)) {
          fail(golden.getFileName() + " differs at line " + (k + 1) + "\nexpected: " + el + "\nactual:   " + al
              + "\n(rerun with -Dgolden.update=true if the change is intended)");
        }
      }
    }
  }

  /** Interprets script lines against a TestCluster. */
  private static final class Scenario {
    private List<String> servers = List.of("s1", "s2", "s3");
    private List<String> init = servers;
    private RaftOptions options = RaftOptions.DEFAULT;
    private TestCluster cluster;
    private final java.util.Map<String, Outcome> last = new java.util.HashMap<>();

    TestCluster cluster() {
      if (cluster == null) {
        cluster = new TestCluster(servers, init, options);
      }
      return cluster;
    }

    String trace() throws IOException {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      try (TraceWriter w = new TraceWriter(out, TraceHeader.cluster(servers, init, "golden", null))) {
        w.write(cluster().trace);
      }
      return out.toString(StandardCharsets.UTF_8);
    }

    void step(String[] w) {
      TestCluster c;
      switch (w[0]) {
        case "servers" -> {
          List<String> all = new ArrayList<>(Arrays.asList(w).subList(1, w.length));
          int i = all.indexOf("init");
          if (i >= 0) {
            init = List.copyOf(all.subList(i + 1, all.size()));
            servers = List.copyOf(all.subList(0, i));
          } else {
            servers = List.copyOf(all);
            init = servers;
          }
        }
        case "options" -> {
          int election = options.electionTimeoutTicks();
          int heartbeat = options.heartbeatTicks();
          int inflight = options.maxInflightAppends();
          long bytes = options.maxUncommittedBytes();
          int entries = options.maxEntriesPerAppend();
          for (int k = 1; k < w.length; k++) {
            String[] kv = w[k].split("=");
            long v = Long.parseLong(kv[1]);
            switch (kv[0]) {
              case "election" -> election = (int) v;
              case "heartbeat" -> heartbeat = (int) v;
              case "inflight" -> inflight = (int) v;
              case "bytes" -> bytes = v;
              case "entries" -> entries = (int) v;
              default -> throw new IllegalArgumentException("unknown option " + kv[0]);
            }
          }
          options = new RaftOptions(election, heartbeat, inflight, bytes, entries, false);
        }
        case "tick" -> cluster().tick(w[1], w.length > 2 ? Integer.parseInt(w[2]) : 1);
        case "timeout" -> cluster().timeout(w[1]);
        case "deliver" -> {
          c = cluster();
          if (w[1].equals("all")) {
            c.deliverAll();
          } else {
            Predicate<Message> p = m -> m.source().equals(w[1]) && m.dest().equals(w[2])
                && (w.length < 4 || m.type().name().equals(w[3]));
            if (!c.deliverFirst(p)) {
              throw new AssertionError("no such message in the network: " + c.network);
            }
          }
        }
        case "deliver-last" -> {
          c = cluster();
          Message found = null;
          for (Message m : c.network) {
            if (m.source().equals(w[1]) && m.dest().equals(w[2]) && (w.length < 4 || m.type().name().equals(w[3]))) {
              found = m;
            }
          }
          if (found == null) {
            throw new AssertionError("no such message in the network: " + c.network);
          }
          c.deliver(found);
        }
        case "deliver-all-except" -> cluster().deliverAllExcept(TestCluster.touching(w[1]));
        case "drop" -> {
          c = cluster();
          if (w[1].equals("all")) {
            c.drop(m -> true);
          } else {
            c.drop(m -> m.source().equals(w[1]) && m.dest().equals(w[2]));
          }
        }
        case "restart" -> cluster().restart(w[1]);
        case "propose" -> request(w[1], cluster().node(w[1]).propose(w[2]));
        case "read" -> request(w[1], cluster().node(w[1]).readIndex(Long.parseLong(w[2])));
        case "add" -> request(w[1], cluster().node(w[1]).addServer(w[2]));
        case "remove" -> request(w[1], cluster().node(w[1]).removeServer(w[2]));
        case "transfer" -> request(w[1], cluster().node(w[1]).transferLeadership(w[2]));
        case "snapshot" -> request(w[1], cluster().node(w[1]).takeSnapshot(Long.parseLong(w[2]),
            w[2].getBytes(StandardCharsets.UTF_8)));
        case "expect" -> expect(w);
        default -> throw new IllegalArgumentException("unknown command " + w[0]);
      }
    }

    private void request(String node, Outcome o) {
      last.put(node, o);
      cluster().process(node);
    }

    private void expect(String[] w) {
      RaftNode n = cluster().node(w[2]);
      switch (w[1]) {
        case "role" -> assertEquals(Role.valueOf(w[3]), n.role(), w[2] + " role");
        case "term" -> assertEquals(Long.parseLong(w[3]), n.currentTerm(), w[2] + " term");
        case "commit" -> assertEquals(Long.parseLong(w[3]), n.commitIndex(), w[2] + " commitIndex");
        case "refused" -> assertEquals(w[3], String.valueOf(last.get(w[2]).refusal()), w[2] + " refusal");
        case "reads" -> assertEquals(Integer.parseInt(w[3]), cluster().reads.get(w[2]).size(), w[2] + " reads");
        case "applied" -> assertEquals(w.length > 3 ? List.of(w[3].split(",")) : List.of(),
            cluster().appliedValues(w[2]), w[2] + " applied");
        default -> throw new IllegalArgumentException("unknown expectation " + w[1]);
      }
    }
  }
}
