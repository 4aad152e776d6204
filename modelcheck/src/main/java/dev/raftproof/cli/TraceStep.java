package dev.raftproof.cli;

import dev.raftproof.trace.TraceReader;
import dev.raftproof.tlc.SpecSource;
import dev.raftproof.validate.TraceValidator;
import dev.raftproof.validate.ValidationResult;
import dev.raftproof.validate.Verdict;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;

/** The demo's trace-validation step: the trace against the spec embedded in the jar, with TLC. */
final class TraceStep {
  private TraceStep() {}

  /** Prints the outcome; returns 0 if the trace was accepted, 1 otherwise. */
  static int validate(Path trace, PrintWriter o) throws Exception {
    ValidationResult r = new TraceValidator().validate(TraceReader.readLogged(trace),
        TraceValidator.Options.of(SpecSource.classpath("spec")).withTimeLimit(Duration.ofMinutes(5)));
    if (r.verdict() == Verdict.PASS) {
      o.printf("   PASS: the spec can take all %,d steps (TLC %.1f s); left free (not logged): %s%n", r.matched(),
          r.tlcTime().toMillis() / 1000.0, r.freeFields().isEmpty() ? "nothing" : String.join(", ", r.freeFields()));
      return 0;
    }
    o.printf("   %s after %,d matched events%n", r.verdict(), r.matched());
    if (r.failure() != null) {
      for (String reason : r.failure().reasons()) {
        o.printf("     %s%n", reason);
      }
    } else if (r.message() != null) {
      o.printf("     %s%n", r.message());
    }
    o.printf("   (re-run: bin/raft validate %s --report report.html)%n", trace);
    return 1;
  }
}
