package dev.raftproof.zoo.inside;

import dev.raftproof.sim.Fault;
import dev.raftproof.sim.SimConfig;
import dev.raftproof.sim.SimResult;
import dev.raftproof.sim.Simulation;
import java.nio.file.Path;

/**
 * Runs INSIDE {@code MutantCore}'s child-first class loader (this package is loaded anew there, so it drives the
 * mutated core): one seeded simulation with a fault profile that {@code SimulateMain}'s options do not reach — a
 * longer message-delay cap — writing a format-v1 trace. Test scope: the simulator's main code is not changed for the
 * zoo.
 */
public final class ZooRun {
  private ZooRun() {}

  /**
   * One run: {@code faults} as for {@code --faults}, {@code nodes} voters plus one spare, messages delayed up to
   * {@code maxDelaySteps} steps (one in 20 up to ten times that); the trace goes to {@code tracePath}. Returns a
   * one-line summary: steps, trace events, violations.
   */
  public static String run(long seed, int steps, String faults, int nodes, int maxDelaySteps, String tracePath) {
    SimConfig d = SimConfig.defaults(seed).withSteps(steps).withFaults(Fault.parse(faults)).withNodes(nodes, 1)
        .withTrace(Path.of(tracePath));
    SimConfig c = new SimConfig(d.seed(), d.nodes(), d.spares(), d.steps(), d.faults(), d.clients(), d.keys(),
        d.clientTimeoutSteps(), maxDelaySteps, d.checkSafety(), d.tracePath(), d.historyPath(), d.options(),
        d.varyFlowControl());
    SimResult r = Simulation.run(c);
    return "steps " + r.steps() + ", trace events " + r.traceEvents() + ", violations " + r.violations();
  }
}
