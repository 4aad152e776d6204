package dev.raftproof.sim;

import dev.raftproof.core.RaftOptions;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Set;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * One simulation run's parameters. Build with {@link #defaults(long)} and the {@code with...} methods.
 *
 * @param seed the only source of randomness
 * @param nodes initial voters ({@code s1..sN})
 * @param spares extra servers in {@code servers} that start as non-voters (membership changes can add them)
 * @param steps scheduler steps to take
 * @param faults the fault kinds switched on
 * @param clients client processes (each has at most one operation in flight, as in Jepsen)
 * @param keys distinct keys the clients use
 * @param clientTimeoutSteps a client operation not answered within this many steps completes as {@code :info}
 * @param maxDelaySteps with {@link Fault#DELAY}: a message waits up to this many steps before it is deliverable
 * @param checkSafety check the safety properties after every step
 * @param tracePath write a format-v1 trace here (null: tracing off)
 * @param historyPath write the EDN client history here (null: none)
 * @param options the nodes' options (tracing is switched on iff {@code tracePath} is set)
 * @param varyFlowControl draw each run's entries-per-append and in-flight window from the seed (else as in
 *     {@code options})
 */
public record SimConfig(long seed, int nodes, int spares, int steps, Set<Fault> faults, int clients, int keys,
    int clientTimeoutSteps, int maxDelaySteps, boolean checkSafety, @Nullable Path tracePath,
    @Nullable Path historyPath, RaftOptions options, boolean varyFlowControl) {

  public SimConfig {
    faults = faults.isEmpty() ? EnumSet.noneOf(Fault.class) : EnumSet.copyOf(faults);
    if (nodes < 1 || spares < 0 || nodes + spares > 9) {
      throw new IllegalArgumentException("need 1 <= nodes and nodes + spares <= 9");
    }
    if (steps < 0 || clients < 0 || keys < 1 || clientTimeoutSteps < 1 || maxDelaySteps < 1) {
      throw new IllegalArgumentException("steps, clients >= 0; keys, timeouts, delays >= 1");
    }
  }

  /** 3 voters plus 1 spare, 1,000 steps, every fault, 3 clients on 3 keys, safety checked, no files. */
  public static SimConfig defaults(long seed) {
    return new SimConfig(seed, 3, 1, 1000, EnumSet.allOf(Fault.class), 3, 3, 120, 10, true, null, null,
        RaftOptions.DEFAULT.withTimeouts(8, 2), true);
  }

  public SimConfig withSeed(long s) {
    return new SimConfig(s, nodes, spares, steps, faults, clients, keys, clientTimeoutSteps, maxDelaySteps,
        checkSafety, tracePath, historyPath, options, varyFlowControl);
  }

  public SimConfig withNodes(int n, int spare) {
    return new SimConfig(seed, n, spare, steps, faults, clients, keys, clientTimeoutSteps, maxDelaySteps,
        checkSafety, tracePath, historyPath, options, varyFlowControl);
  }

  public SimConfig withSteps(int s) {
    return new SimConfig(seed, nodes, spares, s, faults, clients, keys, clientTimeoutSteps, maxDelaySteps,
        checkSafety, tracePath, historyPath, options, varyFlowControl);
  }

  public SimConfig withFaults(Set<Fault> f) {
    return new SimConfig(seed, nodes, spares, steps, f, clients, keys, clientTimeoutSteps, maxDelaySteps,
        checkSafety, tracePath, historyPath, options, varyFlowControl);
  }

  public SimConfig withClients(int c, int k) {
    return new SimConfig(seed, nodes, spares, steps, faults, c, k, clientTimeoutSteps, maxDelaySteps, checkSafety,
        tracePath, historyPath, options, varyFlowControl);
  }

  public SimConfig withCheckSafety(boolean on) {
    return new SimConfig(seed, nodes, spares, steps, faults, clients, keys, clientTimeoutSteps, maxDelaySteps, on,
        tracePath, historyPath, options, varyFlowControl);
  }

  public SimConfig withTrace(@Nullable Path p) {
    return new SimConfig(seed, nodes, spares, steps, faults, clients, keys, clientTimeoutSteps, maxDelaySteps,
        checkSafety, p, historyPath, options, varyFlowControl);
  }

  public SimConfig withHistory(@Nullable Path p) {
    return new SimConfig(seed, nodes, spares, steps, faults, clients, keys, clientTimeoutSteps, maxDelaySteps,
        checkSafety, tracePath, p, options, varyFlowControl);
  }

  public SimConfig withOptions(RaftOptions o) {
    return new SimConfig(seed, nodes, spares, steps, faults, clients, keys, clientTimeoutSteps, maxDelaySteps,
        checkSafety, tracePath, historyPath, o, varyFlowControl);
  }

  public SimConfig withVaryFlowControl(boolean on) {
    return new SimConfig(seed, nodes, spares, steps, faults, clients, keys, clientTimeoutSteps, maxDelaySteps,
        checkSafety, tracePath, historyPath, options, on);
  }

  public boolean has(Fault f) {
    return faults.contains(f);
  }
}
