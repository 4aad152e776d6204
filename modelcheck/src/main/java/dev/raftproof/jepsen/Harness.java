package dev.raftproof.jepsen;

import dev.raftproof.server.ClientHistory;
import dev.raftproof.server.KvClient;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * One Jepsen-style run against real kv-server processes (README.md in this package): start the cluster behind the
 * per-link proxies, run the clients and the seeded nemesis for the run's duration, heal and restart everything, read
 * every key, stop the processes, then check the history (linearizability, acknowledged writes) and the traces (TLC,
 * the five safety properties). Every process is killed in a finally block and by a shutdown hook; the cluster part
 * is bounded by {@link HarnessOptions#hardLimit()}, the checks by their own time limits.
 */
public final class Harness {
  private static final Duration LEADER_WAIT = Duration.ofSeconds(180);
  private final HarnessOptions options;
  private final PrintWriter progress;
  private @Nullable Cluster cluster;
  private @Nullable Network network;

  private Harness(HarnessOptions options, PrintWriter progress) {
    this.options = options;
    this.progress = progress;
  }

  /** Runs once; progress lines and the summary go to {@code progress}. */
  public static JepsenResult run(HarnessOptions options, PrintWriter progress) {
    return start(options, progress).finish();
  }

  /** The checks of a run whose processes have stopped: {@link #finish} runs the trace checks (TLC) and reports. */
  public interface Deferred {
    JepsenResult finish();
  }

  /**
   * Runs the cluster part of a run now (processes, clients, nemesis, final reads, the history checks) and returns
   * the rest (the trace checks, the report) to run later: {@code raft jepsen --runs N} validates run k's traces with
   * TLC while run k+1's cluster runs. Every process of this run has stopped when this returns.
   */
  public static Deferred start(HarnessOptions options, PrintWriter progress) {
    Callable<JepsenResult> rest = new Harness(options.validated(), progress).runBounded();
    return () -> {
      try {
        return rest.call();
      } catch (Exception e) {
        throw new IllegalStateException("the checks failed: " + e, e);
      }
    };
  }

  /** Runs once, printing to stdout. */
  public static JepsenResult run(HarnessOptions options) {
    return run(options, new PrintWriter(System.out, true));
  }

  private void say(String s) {
    synchronized (progress) {
      progress.println("jepsen[seed " + options.seed() + "]: " + s);
      progress.flush();
    }
  }

  private Callable<JepsenResult> runBounded() {
    long t0 = System.nanoTime();
    Path dir;
    try {
      Path root = options.workDir();
      if (root == null) {
        root = Path.of(System.getProperty("java.io.tmpdir"));
      }
      String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS"));
      dir = Files.createDirectories(root.toAbsolutePath().resolve("jepsen-" + stamp + "-seed" + options.seed()));
    } catch (IOException e) {
      JepsenResult r = internal("cannot create the artifacts directory: " + e, null, t0);
      return () -> r;
    }
    Thread hook = new Thread(this::stopEverything, "jepsen-stop");
    Runtime.getRuntime().addShutdownHook(hook);
    FutureTask<Callable<JepsenResult>> task = new FutureTask<>(() -> body(dir, t0));
    Thread worker = new Thread(task, "jepsen-run");
    worker.setDaemon(true);
    worker.start();
    try {
      return task.get(options.hardLimit().toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      task.cancel(true);
      stopEverything();
      say("hard time limit of " + options.hardLimit().toSeconds() + " s reached; every process killed");
      return () -> finish(dir, t0, noVerdict("hard time limit of " + options.hardLimit().toSeconds()
          + " s reached"), emptySummary(t0), true);
    } catch (InterruptedException e) {
      task.cancel(true);
      stopEverything();
      Thread.currentThread().interrupt();
      return () -> finish(dir, t0, noVerdict("interrupted"), emptySummary(t0), true);
    } catch (ExecutionException e) {
      stopEverything();
      JepsenResult r = internal("the run failed: " + e.getCause(), dir, t0);
      return () -> r;
    } finally {
      stopEverything();
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException e) {
        // shutting down already
      }
    }
  }

  private synchronized void stopEverything() {
    Cluster c = cluster;
    if (c != null) {
      c.close();
    }
    Network n = network;
    if (n != null) {
      n.close();
    }
  }

  private JepsenResult.Summary emptySummary(long t0) {
    return new JepsenResult.Summary(options.seed(), Map.of(), Map.of(), -1, -1, -1, 0, ms(t0));
  }

  private static long ms(long t0) {
    return (System.nanoTime() - t0) / 1_000_000;
  }

  private Map<Check, CheckOutcome> noVerdict(String why) {
    Map<Check, CheckOutcome> m = new EnumMap<>(Check.class);
    for (Check c : Check.values()) {
      m.put(c, new CheckOutcome(c, CheckOutcome.Status.UNKNOWN, why, 0));
    }
    return m;
  }

  private JepsenResult internal(String why, @Nullable Path dir, long t0) {
    say("internal error: " + why);
    Map<Check, CheckOutcome> m = noVerdict(why);
    return new JepsenResult(70, m, dir, emptySummary(t0), "internal error: " + why);
  }

  /** The cluster part of a run; returns the rest (trace checks, report). */
  private Callable<JepsenResult> body(Path dir, long t0) throws Exception {
    NemesisSchedule schedule = NemesisSchedule.generate(options.seed(), options.faults(), options.duration());
    Files.writeString(dir.resolve("nemesis-schedule.txt"), "# " + options + "\n" + schedule.text(),
        StandardCharsets.UTF_8);
    say("seed " + options.seed() + ", artifacts in " + dir);
    say(options.toString());
    progress.print(schedule.text());
    progress.flush();
    List<String> ids = new ArrayList<>();
    for (int i = 1; i <= options.nodes() + options.spares(); i++) {
      ids.add("s" + i);
    }
    List<String> voters = ids.subList(0, options.nodes());
    Map<String, int[]> ports = Cluster.reservePorts(ids);
    Map<String, Integer> raftPorts = new LinkedHashMap<>();
    ports.forEach((id, p) -> raftPorts.put(id, p[0]));
    Network net = new Network(raftPorts);
    Cluster cl = new Cluster(dir, ports, voters, options.serverClasspathPrefix());
    synchronized (this) {
      network = net;
      cluster = cl;
    }
    Path traceDir = dir.resolve("traces");
    cl.writeConfigs(net, options.tickMillis(), options.snapshotEntries(), traceDir, options.checkTraces());
    for (String v : voters) {
      cl.start(v);
    }
    // Generous: five JVMs starting on a loaded 2-core machine took 50-56 s to elect a first leader (load 45-80).
    String first = cl.awaitLeader(LEADER_WAIT);
    if (first == null) {
      say("no leader within " + LEADER_WAIT.toSeconds() + " s; see " + dir.resolve("logs"));
      return () -> finish(dir, t0, noVerdict("the cluster elected no leader within " + LEADER_WAIT.toSeconds()
          + " s"), emptySummary(t0), false);
    }
    say("cluster up, leader " + first + " after " + ms(t0) + " ms; running clients and nemesis for "
        + options.duration().toSeconds() + " s");
    long start = System.nanoTime();
    HistoryRecorder history = new HistoryRecorder(dir.resolve("history.edn"), start);
    Workload load = new Workload(history, cl.urls(), options.nodes(), options.pinnedClients(), options.clients(),
        options.keys(), options.rate(), options.seed(), start);
    Nemesis nemesis;
    try (PrintWriter nlog = new PrintWriter(Files.newBufferedWriter(dir.resolve("nemesis.log"),
        StandardCharsets.UTF_8))) {
      nemesis = new Nemesis(cl, net, history, nlog, start);
      load.start();
      Thread nt = new Thread(() -> {
        try {
          nemesis.run(schedule);
        } catch (InterruptedException e) {
          // end of the run
        }
      }, "nemesis");
      nt.setDaemon(true);
      nt.start();
      Thread.sleep(options.duration().toMillis());
      nt.interrupt();
      nt.join(30_000);
      load.stop();
      nemesis.healAll();
    }
    say("workload done; healing, restarting every node, letting the cluster settle");
    String leader = cl.awaitLeader(LEADER_WAIT);
    Map<String, String> finals = new LinkedHashMap<>();
    Set<String> unread = new LinkedHashSet<>();
    if (leader != null) {
      settle(cl, nemesis.voters(), leader);
      finalReads(cl, history, load.keysUsed(), finals, unread);
    } else {
      unread.addAll(load.keysUsed());
    }
    history.close();
    Map<String, int[]> ops = history.counts();
    cl.close(); // SIGTERM: clean stops, traces complete
    int torn = countTornRecoveries(dir.resolve("logs"));
    say("stopped every node; checking");
    Map<Check, CheckOutcome> checks = new EnumMap<>(Check.class);
    checks.put(Check.LINEARIZABLE, RunChecks.linearizable(dir.resolve("history.edn"), options.linTimeLimit(), dir));
    say(line(checks.get(Check.LINEARIZABLE)));
    checks.put(Check.ACKED_WRITES_PRESENT, leader == null
        ? new CheckOutcome(Check.ACKED_WRITES_PRESENT, CheckOutcome.Status.UNKNOWN,
            "no leader after the final heal: the final state could not be read", 0)
        : RunChecks.ackedWrites(load.writes(), finals, unread));
    say(line(checks.get(Check.ACKED_WRITES_PRESENT)));
    Map<Fault, Integer> injected = nemesis.injected();
    return () -> traceChecksAndFinish(dir, t0, traceDir, checks, ops, injected, torn);
  }

  private JepsenResult traceChecksAndFinish(Path dir, long t0, Path traceDir, Map<Check, CheckOutcome> checks,
      Map<String, int[]> ops, Map<Fault, Integer> injected, int torn) {
    long events = -1;
    int elections = -1;
    int leaders = -1;
    if (options.checkTraces()) {
      RunChecks.TraceOutcomes t = RunChecks.traces(traceDir, options.traceTimeLimit(), dir);
      checks.put(Check.TRACE_VALID, t.valid());
      checks.put(Check.TRACE_SAFETY, t.safety());
      events = t.events();
      elections = t.elections();
      leaders = t.leaders();
      say(line(t.safety()));
      say(line(t.valid()));
    } else {
      checks.put(Check.TRACE_VALID, RunChecks.skipped(Check.TRACE_VALID, "traces off"));
      checks.put(Check.TRACE_SAFETY, RunChecks.skipped(Check.TRACE_SAFETY, "traces off"));
    }
    JepsenResult.Summary s = new JepsenResult.Summary(options.seed(), ops, injected, elections, leaders,
        events, torn, ms(t0));
    return finish(dir, t0, checks, s, false);
  }

  private static String line(@Nullable CheckOutcome o) {
    if (o == null) {
      return "";
    }
    return String.format(Locale.ROOT, "%-20s %-7s %s", o.check(), o.status(), o.detail());
  }

  /** Waits (at most 20 s) until every running voter has applied what the leader has committed. */
  private void settle(Cluster cl, Set<String> voters, String leader) throws InterruptedException {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (System.nanoTime() < end) {
      KvClient.Response l = cl.status(leader);
      if (l == null || !l.body().path("role").asText().equals("Leader")) {
        String again = cl.awaitLeader(Duration.ofSeconds(10));
        if (again == null) {
          return;
        }
        leader = again;
        continue;
      }
      long commit = l.body().path("commitIndex").asLong();
      boolean all = true;
      for (String v : voters) {
        KvClient.Response r = cl.status(v);
        all &= r != null && r.body().path("appliedIndex").asLong() >= commit;
      }
      if (all) {
        return;
      }
      Thread.sleep(200);
    }
  }

  /** A linearizable read of every key written, recorded in the history (new processes), retried until it answers. */
  private static void finalReads(Cluster cl, HistoryRecorder history, List<String> keys, Map<String, String> finals,
      Set<String> unread) throws InterruptedException {
    KvClient c = new KvClient(cl.urls(), Duration.ofSeconds(3), Duration.ofSeconds(5));
    long process = 1_000_000;
    for (String k : keys) {
      boolean done = false;
      for (int attempt = 0; attempt < 10 && !done; attempt++) {
        history.record(process, "invoke", "get", k, null);
        try {
          KvClient.Response r = c.get(k, false);
          ClientOutcome o = ClientOutcome.of("get", r.status());
          if (o == ClientOutcome.OK) {
            String v = Workload.valueOf(r.body(), r.status());
            history.record(process, "ok", "get", k, ClientHistory.str(v));
            finals.put(k, v);
            done = true;
          } else {
            history.record(process, o == ClientOutcome.FAIL ? "fail" : "info", "get", k, null);
          }
        } catch (IOException e) {
          history.record(process, "info", "get", k, null);
          // The node it asked may be the broken one: start the next attempt at another node.
          List<String> urls = new ArrayList<>(cl.urls());
          java.util.Collections.rotate(urls, -(attempt + 1));
          c = new KvClient(urls, Duration.ofSeconds(3), Duration.ofSeconds(5));
        }
        process++;
        if (!done) {
          Thread.sleep(300);
        }
      }
      if (!done) {
        unread.add(k);
      }
    }
  }

  private static int countTornRecoveries(Path logs) throws IOException {
    int n = 0;
    try (Stream<Path> s = Files.list(logs)) {
      for (Path p : s.toList()) {
        for (String l : Files.readAllLines(p, StandardCharsets.UTF_8)) {
          if (l.contains("torn write at the end of")) {
            n++;
          }
        }
      }
    }
    return n;
  }

  /** Exit code, summary text, artifacts kept or deleted. */
  private JepsenResult finish(Path dir, long t0, Map<Check, CheckOutcome> checks, JepsenResult.Summary s,
      boolean forceKeep) {
    boolean fail = checks.values().stream().anyMatch(o -> o.status() == CheckOutcome.Status.FAIL);
    boolean unknown = checks.values().stream().anyMatch(o -> o.status() == CheckOutcome.Status.UNKNOWN);
    int exit = fail ? 1 : unknown ? 3 : 0;
    String report = Report.text(options, checks, s, exit);
    boolean keep = options.keep() || exit != 0 || forceKeep;
    try {
      Files.writeString(dir.resolve("summary.txt"), report, StandardCharsets.UTF_8);
    } catch (IOException e) {
      say("could not write summary.txt: " + e.getMessage());
    }
    Path kept = dir;
    if (!keep) {
      try {
        Report.deleteRecursively(dir);
        kept = null;
      } catch (IOException e) {
        say("could not delete " + dir + ": " + e.getMessage());
      }
    }
    synchronized (progress) {
      progress.print(report);
      progress.println(kept == null ? "artifacts: deleted (pass; --keep keeps them)" : "artifacts: " + kept);
      progress.flush();
    }
    return new JepsenResult(exit, checks, kept, s, report);
  }
}
