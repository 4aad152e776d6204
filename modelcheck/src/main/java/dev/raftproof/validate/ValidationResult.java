package dev.raftproof.validate;

import dev.raftproof.trace.TraceFile;
import java.time.Duration;
import java.util.List;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * What validating one trace found.
 *
 * @param matched how many events (a prefix) were matched by spec steps
 * @param behaviour the spec states of a matched behaviour when a caller asked TLC for them; currently always
 *     empty (printing them costs more than the search: see BENCH-RESULTS.md)
 * @param freeFields state fields the trace never logged, so the spec chose them freely
 * @param message for TIME_LIMIT/INTERNAL: what happened
 */
public record ValidationResult(TraceFile trace, Verdict verdict, int matched, @Nullable Failure failure,
    List<SpecState> behaviour, List<String> freeFields, Duration tlcTime, @Nullable String message) {
  public ValidationResult {
    behaviour = List.copyOf(behaviour);
    freeFields = List.copyOf(freeFields);
  }
}
