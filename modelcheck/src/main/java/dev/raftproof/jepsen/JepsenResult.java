package dev.raftproof.jepsen;

import java.nio.file.Path;
import java.util.Map;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * What one run found.
 *
 * @param exitCode 0 every check passed, 1 a check found a violation, 3 no verdict (time limit, the cluster never
 *     served, a check UNKNOWN), 70 the harness itself failed
 * @param checks each check's outcome (every {@link Check} is present)
 * @param artifacts the kept directory (history.edn, traces/, logs/, nemesis.txt, summary.txt), or null if it was
 *     deleted after a pass without {@code keep}
 * @param summary the figures
 * @param report the summary text printed at the end of the run
 */
public record JepsenResult(int exitCode, Map<Check, CheckOutcome> checks, @Nullable Path artifacts, Summary summary,
    String report) {
  public JepsenResult {
    checks = Map.copyOf(checks);
  }

  public CheckOutcome check(Check c) {
    CheckOutcome o = checks.get(c);
    if (o == null) {
      throw new IllegalStateException("no outcome for " + c);
    }
    return o;
  }

  /**
   * Figures of a run.
   *
   * @param seed the run's seed (replays the nemesis schedule and the clients' choices)
   * @param ops f -> {ok, fail, info} counts of client ops
   * @param faults fault -> times injected
   * @param elections BecomeCandidate events in the traces (-1 when there are no traces)
   * @param leaderChanges BecomeLeader events in the traces (-1 when there are no traces)
   * @param traceEvents events in all traces
   * @param tornRecoveries restarts that logged a repaired torn WAL tail
   * @param wallMillis the whole run
   */
  public record Summary(long seed, Map<String, int[]> ops, Map<Fault, Integer> faults, int elections,
      int leaderChanges, long traceEvents, int tornRecoveries, long wallMillis) {
    public Summary {
      ops = Map.copyOf(ops);
      faults = Map.copyOf(faults);
    }
  }
}
