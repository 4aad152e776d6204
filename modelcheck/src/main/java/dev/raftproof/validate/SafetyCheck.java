package dev.raftproof.validate;

import dev.raftproof.safety.SafetyMonitor;
import dev.raftproof.safety.Violation;
import dev.raftproof.trace.TraceFile;
import dev.raftproof.trace.TraceFormatException;
import dev.raftproof.trace.TraceReader;
import java.util.List;

/**
 * The five safety properties checked directly on a (merged) trace, by the core's {@link SafetyMonitor} — the one
 * implementation of them in Java. The events become the core's typed events through the one trace reader
 * ({@link TraceReader#typedEvents}), so the monitor sees exactly the typed states the core would have written.
 */
public final class SafetyCheck {
  private SafetyCheck() {}

  /** Throws (bad input) if a state field is missing: the properties need every one. */
  public static List<Violation> check(TraceFile trace) throws TraceFormatException {
    return SafetyMonitor.check(TraceReader.typedEvents(trace));
  }
}
