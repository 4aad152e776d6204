package dev.raftproof.cli;

import dev.raftproof.lin.CheckResult;
import dev.raftproof.lin.HistoryFormat;
import dev.raftproof.lin.HistoryReader;
import dev.raftproof.lin.LinearizabilityChecker;
import dev.raftproof.lin.Models;
import dev.raftproof.lin.Operation;
import dev.raftproof.safety.SafetyMonitor;
import dev.raftproof.safety.Violation;
import dev.raftproof.sim.SimConfig;
import dev.raftproof.sim.SimResult;
import dev.raftproof.sim.Simulation;
import dev.raftproof.trace.Trace;
import dev.raftproof.trace.TraceEvent;
import dev.raftproof.trace.TraceReader;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.checkerframework.checker.nullness.qual.MonotonicNonNull;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code raft demo}, the main job: simulate a 3-node cluster under every fault, record its trace and client history,
 * then check them — the five safety properties on the trace, the trace against the spec with TLC, and the
 * linearizability of the history — and print one verdict and where the artifacts are.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
    description = "End-to-end verification on embedded defaults: simulate a 3-node cluster under faults, record the "
        + "trace and the client history, check safety, validate the trace against the spec, check linearizability.",
    exitCodeListHeading = ExitCodes.HELP_HEADING,
    exitCodeList = {"0:every check passed", "1:a check failed", "3:a check reached its time limit",
        "64:usage error", "70:internal error"})
public final class DemoCommand implements Callable<Integer> {
  @Option(names = "--seed", defaultValue = "1", description = "Simulation seed (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--steps", defaultValue = "1000",
      description = "Scheduler steps to simulate (default: ${DEFAULT-VALUE}).")
  int steps;

  @Option(names = "--out", defaultValue = "raft-demo",
      description = "Directory for the artifacts (default: ${DEFAULT-VALUE}).")
  Path out = Path.of("raft-demo");

  @Spec @MonotonicNonNull CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    PrintWriter o = spec != null ? spec.commandLine().getOut() : new PrintWriter(System.out, true);
    Files.createDirectories(out);
    Path trace = out.resolve("trace.ndjson");
    Path history = out.resolve("history.edn");
    int failures = 0;

    o.printf("1. Simulating a 3-node cluster (seed %d, %d steps, every fault kind on) ...%n", seed, steps);
    SimResult sim = Simulation.run(SimConfig.defaults(seed).withSteps(steps).withTrace(trace).withHistory(history));
    o.printf("   %,d steps, %,d node steps, %,d trace events, highest commit index %d, %,d client ops (%,d ok)%n",
        sim.steps(), sim.nodeSteps(), sim.traceEvents(), sim.committed(), sim.clientOps(), sim.clientOk());
    if (!sim.ok()) {
      failures++;
      o.printf("   SAFETY VIOLATION during simulation: %s%n", sim.violations().get(0));
    }
    o.flush();

    o.println("2. Checking the five safety properties on the recorded trace ...");
    Trace t = TraceReader.read(trace);
    List<Violation> violations = SafetyMonitor.check(t.events().stream().map(TraceEvent::event).toList());
    if (violations.isEmpty()) {
      o.printf("   PASS: Election Safety, Leader Append-Only, Log Matching, Leader Completeness, State Machine "
          + "Safety hold on all %,d events%n", t.events().size());
    } else {
      failures++;
      o.printf("   FAIL: %s%n", violations.get(0));
    }
    o.flush();

    o.println("3. Validating the trace against the TLA+ spec with TLC ...");
    failures += TraceStep.validate(trace, o);
    o.flush();

    o.println("4. Checking the client history for linearizability (key-value model) ...");
    List<Operation> ops = Operation.complete(HistoryReader.read(history, HistoryFormat.EDN));
    CheckResult lin = LinearizabilityChecker.check(Models.create("kv", null), ops,
        LinearizabilityChecker.Options.defaults().timeLimitSeconds(60), null);
    o.printf("   %s: %,d operations%s%n", lin.verdict(), lin.ops(), lin.reason().isEmpty() ? "" : " (" + lin.reason() + ")");
    if (lin.verdict() != dev.raftproof.lin.Verdict.VALID) {
      failures++;
    }

    o.println();
    o.printf("Verdict: %s. Artifacts in %s (trace.ndjson, history.edn).%n",
        failures == 0 ? "PASS" : "FAIL (" + failures + " check(s) failed)", out.toAbsolutePath());
    o.flush();
    return failures == 0 ? ExitCodes.PASS : ExitCodes.VIOLATION;
  }
}
