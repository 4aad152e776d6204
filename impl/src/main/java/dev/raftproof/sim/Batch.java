package dev.raftproof.sim;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Many seeded runs: run {@code i} uses seed {@code base.seed() + i}. A failing run is shrunk and reported with its
 * seed, its violation and the shrunk schedule (replay it with {@link Simulation#replay}).
 */
public final class Batch {
  private Batch() {}

  /** A failing run: its seed, its first violation, the shrunk schedule and what that schedule violates. */
  public record Failure(long seed, SimViolation violation, List<Decision> shrunk, SimViolation shrunkViolation) {
    public Failure {
      shrunk = List.copyOf(shrunk);
    }
  }

  /** Totals of a batch. */
  public record Result(int runs, long steps, long nodeSteps, long traceEvents, long clientOps, long clientOk,
      long maxCommitted, List<Failure> failures, long wallNanos) {
    public Result {
      failures = List.copyOf(failures);
    }

    public double wallSeconds() {
      return wallNanos / 1e9;
    }
  }

  /**
   * Runs {@code runs} simulations. {@code traceDir}/{@code historyDir}, when set, receive
   * {@code trace-<seed>.ndjson} / {@code history-<seed>.edn} per run. Progress and failures go to {@code log} (may
   * be null). {@code maxShrinkReplays} 0 skips shrinking.
   */
  public static Result run(SimConfig base, int runs, @Nullable Path traceDir, @Nullable Path historyDir,
      @Nullable PrintStream log, int maxShrinkReplays) {
    return run(base, runs, traceDir, historyDir, log, maxShrinkReplays, false);
  }

  /** As above; with {@code stopAtFirst} the batch ends after the first failing run. */
  public static Result run(SimConfig base, int runs, @Nullable Path traceDir, @Nullable Path historyDir,
      @Nullable PrintStream log, int maxShrinkReplays, boolean stopAtFirst) {
    long t0 = System.nanoTime();
    long steps = 0;
    long nodeSteps = 0;
    long events = 0;
    long ops = 0;
    long ok = 0;
    long committed = 0;
    List<Failure> failures = new ArrayList<>();
    int done = 0;
    for (int i = 0; i < runs; i++) {
      done++;
      long seed = base.seed() + i;
      SimConfig cfg = base.withSeed(seed)
          .withTrace(traceDir == null ? null : traceDir.resolve("trace-" + seed + ".ndjson"))
          .withHistory(historyDir == null ? null : historyDir.resolve("history-" + seed + ".edn"));
      SimResult r = Simulation.run(cfg);
      steps += r.steps();
      nodeSteps += r.nodeSteps();
      events += r.traceEvents();
      ops += r.clientOps();
      ok += r.clientOk();
      committed = Math.max(committed, r.committed());
      if (!r.ok()) {
        SimViolation v = r.violations().get(0);
        List<Decision> shrunk = r.schedule();
        SimViolation sv = v;
        if (maxShrinkReplays > 0) {
          Shrinker.Shrunk s = Shrinker.shrink(cfg, r.schedule(), v.property(), maxShrinkReplays);
          shrunk = s.schedule();
          sv = s.violation();
        }
        Failure f = new Failure(seed, v, shrunk, sv);
        failures.add(f);
        if (log != null) {
          log.println("VIOLATION seed=" + seed + " " + v);
          log.println("  shrunk schedule (" + shrunk.size() + " of " + r.schedule().size() + " decisions) still fails: "
              + sv);
          log.print(indent(Decision.format(shrunk)));
          log.println("  replay: SimulateMain --seed " + seed + " --replay <file with the decisions above>");
        }
        if (stopAtFirst) {
          break;
        }
      }
    }
    return new Result(done, steps, nodeSteps, events, ops, ok, committed, failures, System.nanoTime() - t0);
  }

  private static String indent(String s) {
    StringBuilder sb = new StringBuilder();
    for (String line : s.split("\n", -1)) {
      if (!line.isEmpty()) {
        sb.append("    ").append(line).append('\n');
      }
    }
    return sb.toString();
  }
}
