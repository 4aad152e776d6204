package dev.raftproof.sim;

import java.nio.file.Path;
import java.util.List;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * What one simulation run did.
 *
 * @param seed the run's seed
 * @param steps scheduler steps taken
 * @param nodeSteps inputs handed to nodes (ticks, deliveries, client and admin requests)
 * @param traceEvents trace events written (0 when tracing is off)
 * @param committed the highest commit index any server reached
 * @param clientOps client operations invoked; {@code clientOk} of them completed with {@code :ok}
 * @param violations what broke, first first (empty for a safe run); the run stops at the first step with one
 * @param schedule the decisions taken, in order (replay them with {@link Simulation#replay})
 * @param tracePath the trace file, if one was written
 * @param historyPath the EDN client history, if one was written
 */
public record SimResult(long seed, long steps, long nodeSteps, long traceEvents, long committed, long clientOps,
    long clientOk, List<SimViolation> violations, List<Decision> schedule, @Nullable Path tracePath,
    @Nullable Path historyPath) {
  public SimResult {
    violations = List.copyOf(violations);
    schedule = List.copyOf(schedule);
  }

  public boolean ok() {
    return violations.isEmpty();
  }
}
