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
    } else {
      long start = System.nanoTime();
      ValidationResult r = new TraceValidator().validate(t,
          TraceValidator.Options.of(ValidationSpec.embedded()).withTimeLimit(Duration.ofMinutes(10)));
      System.out.printf("tlc: %d events, verdict %s, matched %d, %.1f s wall%n", t.events().size(), r.verdict(),
          r.matched(), (System.nanoTime() - start) / 1e9);
    }
  }
}
