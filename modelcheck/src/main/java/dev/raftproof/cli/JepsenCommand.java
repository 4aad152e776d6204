package dev.raftproof.cli;

import dev.raftproof.jepsen.Check;
import dev.raftproof.jepsen.CheckOutcome;
import dev.raftproof.jepsen.Fault;
import dev.raftproof.jepsen.Harness;
import dev.raftproof.jepsen.HarnessOptions;
import dev.raftproof.jepsen.JepsenResult;
import java.io.File;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.checkerframework.checker.nullness.qual.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code raft jepsen}: real kv-server processes under a seeded nemesis, then the history and trace checks. */
@Command(name = "jepsen", mixinStandardHelpOptions = true,
    description = {"Start real kv-server processes on 127.0.0.1 behind per-link TCP proxies, run concurrent clients"
        + " and a seeded nemesis (kill -9 and restart, SIGSTOP/SIGCONT, partitions, a bridge, one-way loss, delay,"
        + " membership changes, a torn WAL tail), heal and restart everything, then check: the history is"
        + " linearizable (kv model), every acknowledged write is in the final state, the merged traces are accepted"
        + " by TLC, and the five safety properties hold on them.",
        "Artifacts (history.edn, traces/, logs/, nemesis-schedule.txt, nemesis.log, summary.txt) are kept in one"
            + " directory on failure or with --keep, and its path printed; deleted after a pass otherwise."},
    exitCodeListHeading = ExitCodes.HELP_HEADING,
    exitCodeList = {"0:every run passed every check", "1:a check found a violation (linearizability, a lost"
        + " acknowledged write, a trace TLC rejects, a safety property)", "3:no verdict (time limit, no leader,"
        + " a check UNKNOWN)", "64:usage error", "70:internal error"})
@SuppressWarnings("initialization.field.uninitialized") // picocli injects @Spec
public final class JepsenCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--nodes", description = "initial voters (default 5)") int nodes = 5;

  @Option(names = "--spares", description = "servers known to all but started only when the nemesis adds them"
      + " (default 2)") int spares = 2;

  @Option(names = "--clients", description = "concurrent client threads (default 6)") int clients = 6;

  @Option(names = "--keys", description = "keys in use at a time; the set rotates every 10 s (default 3)")
  int keys = 3;

  @Option(names = "--rate", paramLabel = "OPS", description = "client ops per second, all clients together"
      + " (default 10: each op is ~15 trace events that TLC validates; raise it with --no-trace-check)")
  double rate = 10;

  @Option(names = "--time", paramLabel = "S", description = "seconds of workload and faults per run (default 60)")
  int seconds = 60;

  @Option(names = "--runs", description = "consecutive runs (seeds seed, seed+1, ...); run k's traces are"
      + " validated while run k+1 runs; no run starts after one that did not pass (default 1)") int runs = 1;

  @Option(names = "--seed", description = "seed of the first run (default: from the clock; printed)")
  @Nullable Long seed;

  @Option(names = "--faults", paramLabel = "LIST", description = "all (default), none, or a comma list of: kill,"
      + " pause, partition-leader, partition-halves, bridge, one-way, delay, membership, torn-wal")
  String faults = "all";

  @Option(names = "--server-classpath", paramLabel = "PATHS", description = "class path entries (':'-separated)"
      + " put before the tool's own on the kv-server processes' class path: e.g. a mutant's classes")
  @Nullable String serverClasspath;

  @Option(names = "--dir", description = "where each run's artifacts directory is made (default: the temp dir)")
  @Nullable Path dir;

  @Option(names = "--pinned-clients", description = "each op starts at the client's home node (client i: node i"
      + " mod N) instead of the last leader it found: clients of an isolated old leader keep using it")
  boolean pinnedClients;

  @Option(names = "--snapshot-entries", paramLabel = "N", description = "the servers' snapshot.entries (default 50:"
      + " frequent compaction keeps trace events small)") int snapshotEntries = 50;

  @Option(names = "--keep", description = "keep the artifacts of passing runs too") boolean keep;

  @Option(names = "--no-trace-check", description = "do not write or validate traces (faster)")
  boolean noTraceCheck;

  @Option(names = "--trace-time-limit", paramLabel = "S", description = "TLC time limit per run (default 600)")
  int traceTimeLimit = 600;

  @Option(names = "--lin-time-limit", paramLabel = "S", description = "linearizability check limit (default 120)")
  int linTimeLimit = 120;

  /** 70 beats 1 beats 3 beats 0 (as lin-check orders several files). */
  private static int worse(int a, int b) {
    int[] rank = {0, 3, 1, 70};
    int ra = 0;
    int rb = 0;
    for (int i = 0; i < rank.length; i++) {
      ra = rank[i] == a ? i : ra;
      rb = rank[i] == b ? i : rb;
    }
    return ra >= rb ? a : b;
  }

  private static boolean anyFailed(List<Future<JepsenResult>> pending) throws InterruptedException {
    for (Future<JepsenResult> f : pending) {
      if (f.isDone()) {
        try {
          if (f.get().exitCode() != 0) {
            return true;
          }
        } catch (ExecutionException e) {
          return true;
        }
      }
    }
    return false;
  }

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    Set<Fault> fs;
    try {
      fs = Fault.parseList(faults);
    } catch (IllegalArgumentException e) {
      throw new UserInputException("--faults: " + e.getMessage());
    }
    if (runs < 1) {
      throw new UserInputException("--runs must be at least 1");
    }
    List<Path> prefix = new ArrayList<>();
    String scp = serverClasspath;
    if (scp != null) {
      for (String p : scp.split(File.pathSeparator)) {
        if (!p.isBlank()) {
          Path q = Path.of(p);
          if (!Files.exists(q)) {
            throw new UserInputException("--server-classpath: " + q + " does not exist");
          }
          prefix.add(q);
        }
      }
    }
    Path d = dir;
    if (d != null && Files.exists(d) && !Files.isDirectory(d)) {
      throw new UserInputException("--dir: " + d + " is not a directory");
    }
    Long sd = seed;
    long first = sd != null ? sd : System.currentTimeMillis() % 1_000_000_000L;
    HarnessOptions base = HarnessOptions.defaults().nodes(nodes).spares(spares).clients(clients).keys(keys)
        .duration(Duration.ofSeconds(seconds)).faults(fs).serverClasspathPrefix(prefix).workDir(d).keep(keep)
        .checkTraces(!noTraceCheck).traceTimeLimit(Duration.ofSeconds(traceTimeLimit))
        .linTimeLimit(Duration.ofSeconds(linTimeLimit)).pinnedClients(pinnedClients).rate(rate)
        .snapshotEntries(snapshotEntries);
    try {
      base.validated();
    } catch (IllegalArgumentException e) {
      throw new UserInputException(String.valueOf(e.getMessage()));
    }
    int exit = 0;
    int passed = 0;
    List<String> lines = new ArrayList<>();
    // Run k's traces are validated (TLC, one at a time) while run k+1's cluster runs; no new run starts once a
    // finished one did not pass.
    ExecutorService checker = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "jepsen-checks");
      t.setDaemon(true);
      return t;
    });
    List<Future<JepsenResult>> pending = new ArrayList<>();
    try {
      for (int i = 0; i < runs && !anyFailed(pending); i++) {
        HarnessOptions o = base.seed(first + i);
        if (runs > 1) {
          out.println("==== run " + (i + 1) + " of " + runs + " (seed " + (first + i) + ")");
          out.flush();
        }
        Harness.Deferred deferred = Harness.start(o, out);
        pending.add(checker.submit(deferred::finish));
      }
      for (int i = 0; i < pending.size(); i++) {
        JepsenResult r;
        try {
          r = pending.get(i).get();
        } catch (ExecutionException e) {
          throw new IllegalStateException("run " + (i + 1) + ": " + e.getCause(), e.getCause());
        }
        StringBuilder l = new StringBuilder(String.format(Locale.ROOT, "run %2d seed %d: exit %d, %.0f s", i + 1,
            first + i, r.exitCode(), r.summary().wallMillis() / 1000.0));
        for (Check c : Check.values()) {
          CheckOutcome co = r.check(c);
          l.append(", ").append(c.name().toLowerCase(Locale.ROOT)).append(' ').append(co.status());
        }
        lines.add(l.toString());
        exit = worse(exit, r.exitCode());
        if (r.exitCode() == 0) {
          passed++;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return ExitCodes.NO_VERDICT;
    } finally {
      checker.shutdownNow();
    }
    if (runs > 1) {
      out.println("==== " + passed + " of " + pending.size() + " runs passed" + (pending.size() < runs
          ? " (stopped after a run that did not pass; " + runs + " requested)" : ""));
      lines.forEach(out::println);
    }
    out.flush();
    return exit;
  }
}
