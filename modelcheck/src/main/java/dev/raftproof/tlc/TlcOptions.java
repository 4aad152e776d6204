package dev.raftproof.tlc;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * How to run TLC. Immutable; use the {@code with...} methods, e.g.
 * {@code TlcOptions.defaults().withWorkers(2).withTimeLimit(Duration.ofMinutes(5))}.
 *
 * @param workers TLC worker threads ({@code -workers})
 * @param heap maximum heap of the TLC JVM, e.g. {@code 2g} ({@code -Xmx}); {@code null} = JVM default
 * @param timeLimit wall-clock limit after which TLC is destroyed; {@code null} = none. In simulation mode this is the
 *     time budget: when it runs out with no violation the verdict is PASS (with {@code budgetExhausted}), not TIMEOUT
 * @param simulate run {@code -simulate} (random behaviours) instead of exhaustive model checking
 * @param depth {@code -depth} for simulation (TLC's default is 100); -1 = TLC's default
 * @param traces maximum number of simulated behaviours ({@code -simulate num=N}); -1 = unbounded
 * @param seed simulation seed ({@code -seed}); {@code null} = random
 * @param dfid iterative-deepening depth-first search with this initial depth ({@code -dfid}); -1 = BFS
 * @param checkDeadlock false passes {@code -deadlock} (do not check for deadlock)
 * @param jvmArgs extra arguments for the TLC JVM (before the main class)
 * @param tlcArgs extra arguments for TLC (before the spec file), e.g. {@code -dump}
 */
public record TlcOptions(
    int workers,
    @Nullable String heap,
    @Nullable Duration timeLimit,
    boolean simulate,
    int depth,
    long traces,
    @Nullable Long seed,
    int dfid,
    boolean checkDeadlock,
    List<String> jvmArgs,
    List<String> tlcArgs) {

  public TlcOptions {
    if (workers < 1) {
      throw new IllegalArgumentException("workers must be >= 1, got " + workers);
    }
    if (timeLimit != null && (timeLimit.isNegative() || timeLimit.isZero())) {
      throw new IllegalArgumentException("time limit must be positive, got " + timeLimit);
    }
    if (simulate && dfid >= 0) {
      throw new IllegalArgumentException("-simulate and -dfid cannot be combined");
    }
    jvmArgs = List.copyOf(jvmArgs);
    tlcArgs = List.copyOf(tlcArgs);
  }

  /** One worker, JVM-default heap, no time limit, exhaustive BFS, deadlock checked. */
  public static TlcOptions defaults() {
    return new TlcOptions(1, null, null, false, -1, -1, null, -1, true, List.of(), List.of());
  }

  public TlcOptions withWorkers(int n) {
    return new TlcOptions(n, heap, timeLimit, simulate, depth, traces, seed, dfid, checkDeadlock, jvmArgs, tlcArgs);
  }

  public TlcOptions withHeap(@Nullable String xmx) {
    return new TlcOptions(workers, xmx, timeLimit, simulate, depth, traces, seed, dfid, checkDeadlock, jvmArgs,
        tlcArgs);
  }

  public TlcOptions withTimeLimit(@Nullable Duration limit) {
    return new TlcOptions(workers, heap, limit, simulate, depth, traces, seed, dfid, checkDeadlock, jvmArgs, tlcArgs);
  }

  /** Simulation mode with the given {@code -depth} (-1 = TLC's default of 100). */
  public TlcOptions withSimulation(int simDepth) {
    return new TlcOptions(workers, heap, timeLimit, true, simDepth, traces, seed, dfid, checkDeadlock, jvmArgs,
        tlcArgs);
  }

  public TlcOptions withTraces(long n) {
    return new TlcOptions(workers, heap, timeLimit, simulate, depth, n, seed, dfid, checkDeadlock, jvmArgs, tlcArgs);
  }

  public TlcOptions withSeed(@Nullable Long s) {
    return new TlcOptions(workers, heap, timeLimit, simulate, depth, traces, s, dfid, checkDeadlock, jvmArgs, tlcArgs);
  }

  public TlcOptions withDfid(int initialDepth) {
    return new TlcOptions(workers, heap, timeLimit, simulate, depth, traces, seed, initialDepth, checkDeadlock, jvmArgs,
        tlcArgs);
  }

  public TlcOptions withCheckDeadlock(boolean check) {
    return new TlcOptions(workers, heap, timeLimit, simulate, depth, traces, seed, dfid, check, jvmArgs, tlcArgs);
  }

  public TlcOptions withJvmArgs(List<String> args) {
    return new TlcOptions(workers, heap, timeLimit, simulate, depth, traces, seed, dfid, checkDeadlock, args, tlcArgs);
  }

  public TlcOptions withTlcArgs(List<String> args) {
    return new TlcOptions(workers, heap, timeLimit, simulate, depth, traces, seed, dfid, checkDeadlock, jvmArgs, args);
  }

  /** TLC's own arguments (after {@code tlc2.TLC}, before the spec), without -metadir, -config and the spec. */
  List<String> tlcModeArgs() {
    List<String> a = new ArrayList<>();
    a.add("-workers");
    a.add(Integer.toString(workers));
    if (simulate) {
      a.add("-simulate");
      if (traces > 0) {
        a.add("num=" + traces);
      }
      if (depth > 0) {
        a.add("-depth");
        a.add(Integer.toString(depth));
      }
      if (seed != null) {
        a.add("-seed");
        a.add(Long.toString(seed));
      }
    }
    if (dfid >= 0) {
      a.add("-dfid");
      a.add(Integer.toString(dfid));
    }
    if (!checkDeadlock) {
      a.add("-deadlock");
    }
    a.addAll(tlcArgs);
    return a;
  }
}
