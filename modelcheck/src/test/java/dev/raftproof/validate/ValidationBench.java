package dev.raftproof.validate;

import dev.raftproof.trace.TraceFile;
import dev.raftproof.trace.TraceReader;
import dev.raftproof.core.ActionEvent;
import dev.raftproof.safety.SafetyMonitor;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Not a test: the measurements of BENCH-RESULTS.md. Usage: java ... ValidationBench safety|tlc TRACE.
 * safety: events/second of the core's SafetyMonitor over the trace (best of 10 passes after 3 warm-up passes).
 * tlc: wall time of one validation (TLC JVM start, SANY, BFS), 1 worker.
 * tlc-keep-all: the same TLC run with the events' keep fields removed, i.e. the encoding before 2026-11-23 13:30
 * (every received message stays in the network), for a side-by-side comparison.
 * Wrap in {@code /usr/bin/time -f "%e s wall %U+%S s CPU"} for the CPU time including the TLC child.
 */
public final class ValidationBench {
  private ValidationBench() {}

  public static void main(String[] args) throws Exception {
    TraceFile t = TraceReader.readLogged(Path.of(args[1]));
    if (args[0].equals("safety")) {
      List<ActionEvent> events = TraceReader.typedEvents(t);
      double best = 0;
      for (int pass = 0; pass < 13; pass++) {
        long start = System.nanoTime();
        int v = SafetyMonitor.check(events).size();
        double secs = (System.nanoTime() - start) / 1e9;
        if (pass >= 3) {
          best = Math.max(best, events.size() / secs);
        }
        if (v != 0) {
          throw new IllegalStateException("violations in a valid trace: " + v);
        }
      }
      System.out.printf("safety: %d events, best %.0f events/s%n", events.size(), best);
    } else if (args[0].equals("tlc-keep-all")) {
      long start = System.nanoTime();
      String data = TraceDataWriter.module(t, 0).replaceAll(", keep \\|-> (TRUE|FALSE)", "");
      dev.raftproof.tlc.TlcResult r = new dev.raftproof.tlc.TlcRunner().run(ValidationSpec.embedded()
              .withFile("TraceData.tla", data)
              .withFile("TraceRaftRun.cfg", String.format(TraceValidator.RUN_CFG, "TraceNext", "")),
          "TraceRaft", "TraceRaftRun", dev.raftproof.tlc.TlcOptions.defaults().withCheckDeadlock(false)
              .withTimeLimit(Duration.ofMinutes(15)), dev.raftproof.tlc.TlcListener.NONE);
      System.out.printf("tlc-keep-all: %d events, TLC %s depth %d (PASS iff %d), %.1f s wall%n", t.events().size(),
          r.verdict(), r.figures().depth(), t.events().size() + 1, (System.nanoTime() - start) / 1e9);
    } else {
      long start = System.nanoTime();
      ValidationResult r = new TraceValidator().validate(t,
          TraceValidator.Options.of(ValidationSpec.embedded()).withTimeLimit(Duration.ofMinutes(10)));
      System.out.printf("tlc: %d events, verdict %s, matched %d, %.1f s wall%n", t.events().size(), r.verdict(),
          r.matched(), (System.nanoTime() - start) / 1e9);
    }
  }
}
