package dev.raftproof.sim;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * {@code SimulateMain --runs K --steps S --seed X --nodes 3 --spares 1 --faults all|none|loss,dup,...
 * --clients C --keys K --trace-dir DIR --history-dir DIR --no-check --replay FILE}. Prints the run count, steps,
 * violations and wall time. Exit code 0 if no run violated safety, 1 if one did, 64 on a usage error.
 */
public final class SimulateMain {
  private SimulateMain() {}

  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err));
  }

  /** The command without {@code System.exit}: returns the exit code. */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    int runs = 1;
    SimConfig cfg = SimConfig.defaults(1);
    Path traceDir = null;
    Path historyDir = null;
    Path replayFile = null;
    int shrinkBudget = 2000;
    boolean stopAtFirst = false;
    try {
      for (int i = 0; i < args.length; i++) {
        String a = args[i];
        switch (a) {
          case "--runs" -> runs = Integer.parseInt(value(args, ++i, a));
          case "--steps" -> cfg = cfg.withSteps(Integer.parseInt(value(args, ++i, a)));
          case "--seed" -> cfg = cfg.withSeed(Long.parseLong(value(args, ++i, a)));
          case "--nodes" -> cfg = cfg.withNodes(Integer.parseInt(value(args, ++i, a)), cfg.spares());
          case "--spares" -> cfg = cfg.withNodes(cfg.nodes(), Integer.parseInt(value(args, ++i, a)));
          case "--faults" -> cfg = cfg.withFaults(Fault.parse(value(args, ++i, a)));
          case "--clients" -> cfg = cfg.withClients(Integer.parseInt(value(args, ++i, a)), cfg.keys());
          case "--keys" -> cfg = cfg.withClients(cfg.clients(), Integer.parseInt(value(args, ++i, a)));
          case "--trace-dir" -> traceDir = Path.of(value(args, ++i, a));
          case "--history-dir" -> historyDir = Path.of(value(args, ++i, a));
          case "--replay" -> replayFile = Path.of(value(args, ++i, a));
          case "--shrink-budget" -> shrinkBudget = Integer.parseInt(value(args, ++i, a));
          case "--no-check" -> cfg = cfg.withCheckSafety(false);
          case "--stop-at-first" -> stopAtFirst = true;
          case "--help", "-h" -> {
            out.println(usage());
            return 0;
          }
          default -> throw new IllegalArgumentException("unknown option " + a);
        }
      }
      if (runs < 1) {
        throw new IllegalArgumentException("--runs must be at least 1");
      }
    } catch (IllegalArgumentException e) {
      err.println("simulate: " + e.getMessage());
      err.println(usage());
      return 64;
    }
    try {
      if (traceDir != null) {
        Files.createDirectories(traceDir);
      }
      if (historyDir != null) {
        Files.createDirectories(historyDir);
      }
      if (replayFile != null) {
        return replay(cfg, replayFile, traceDir, historyDir, out);
      }
    } catch (IOException e) {
      err.println("simulate: " + e.getMessage());
      return 64;
    }
    out.printf(Locale.ROOT, "simulate: %d run(s) x %d steps, seeds %d..%d, %d nodes + %d spare(s), faults %s%n", runs,
        cfg.steps(), cfg.seed(), cfg.seed() + runs - 1, cfg.nodes(), cfg.spares(), Fault.format(cfg.faults()));
    Batch.Result r = Batch.run(cfg, runs, traceDir, historyDir, out, shrinkBudget, stopAtFirst);
    out.printf(Locale.ROOT, "runs: %d%n", r.runs());
    out.printf(Locale.ROOT, "steps: %d (node steps %d, %.0f node-steps/s)%n", r.steps(), r.nodeSteps(),
        r.nodeSteps() / Math.max(1e-9, r.wallSeconds()));
    if (traceDir != null) {
      out.printf(Locale.ROOT, "trace events: %d in %s%n", r.traceEvents(), traceDir);
    }
    out.printf(Locale.ROOT, "highest commit index reached: %d%n", r.maxCommitted());
    out.printf(Locale.ROOT, "client ops: %d (%d ok)%s%n", r.clientOps(), r.clientOk(),
        historyDir == null ? "" : " histories in " + historyDir);
    out.printf(Locale.ROOT, "safety checked: %s%n", cfg.checkSafety() ? "after every step" : "no (--no-check)");
    out.printf(Locale.ROOT, "violations: %d%n", r.failures().size());
    if (!r.failures().isEmpty()) {
      Batch.Failure f = r.failures().get(0);
      out.printf(Locale.ROOT, "first violation: run %d (seed %d): %s%n", f.seed() - cfg.seed() + 1, f.seed(),
          f.violation().property());
    }
    out.printf(Locale.ROOT, "wall time: %.1f s%n", r.wallSeconds());
    return r.failures().isEmpty() ? 0 : 1;
  }

  private static int replay(SimConfig cfg, Path file, @Nullable Path traceDir, @Nullable Path historyDir,
      PrintStream out) throws IOException {
    List<Decision> schedule = Decision.parseAll(Files.readString(file, StandardCharsets.UTF_8));
    SimConfig c = cfg.withTrace(traceDir == null ? null : traceDir.resolve("replay-" + cfg.seed() + ".ndjson"))
        .withHistory(historyDir == null ? null : historyDir.resolve("replay-" + cfg.seed() + ".edn"));
    SimResult r = Simulation.replay(c, schedule);
    out.printf(Locale.ROOT, "replay: seed %d, %d decisions, %d steps taken%n", cfg.seed(), schedule.size(), r.steps());
    for (SimViolation v : r.violations()) {
      out.println("VIOLATION " + v);
    }
    out.printf(Locale.ROOT, "violations: %d%n", r.violations().size());
    return r.ok() ? 0 : 1;
  }

  private static String value(String[] args, int i, String option) {
    if (i >= args.length) {
      throw new IllegalArgumentException(option + " needs a value");
    }
    return args[i];
  }

  static String usage() {
    return "usage: SimulateMain [--runs K] [--steps S] [--seed X] [--nodes N] [--spares M] [--faults all|none|LIST]\n"
        + "                    [--clients C] [--keys K] [--trace-dir DIR] [--history-dir DIR] [--no-check]\n"
        + "                    [--replay FILE] [--shrink-budget R] [--stop-at-first]\n"
        + "  faults: " + Fault.names() + "\n"
        + "  run i uses seed X+i; a failing run is shrunk and printed with its seed; exit 0 safe, 1 violation, 64 usage";
  }
}
