package dev.raftproof.tlc;

import java.util.List;
import java.util.Optional;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Outcome of one TLC run.
 *
 * @param verdict how the run ended
 * @param violation the violation, when {@code verdict == VIOLATION}
 * @param counterexample the behaviour leading to the violation (empty if none); step 1 is the initial state
 * @param figures final figures (states, distinct states, depth, time)
 * @param parseError SANY's complaint, when {@code verdict == PARSE_ERROR}
 * @param errorMessage TLC's error text, when {@code verdict == TLC_ERROR} (also set on TIMEOUT to say why)
 * @param tlcExitCode exit code of the TLC process (-1 when it was destroyed)
 * @param simulation whether this was a {@code -simulate} run
 * @param budgetExhausted for a simulation with a time budget: the budget ran out (a PASS for simulation)
 * @param pid the operating-system process id of the TLC JVM (it is gone when this result exists)
 * @param output TLC's raw output lines (capped at {@link TlcRunner#MAX_KEPT_LINES} lines)
 * @param command the command line that started TLC (its temporary paths are deleted by now)
 */
public record TlcResult(
    Verdict verdict,
    @Nullable Violation violation,
    List<TraceState> counterexample,
    TlcFigures figures,
    @Nullable SpecParseError parseError,
    @Nullable String errorMessage,
    int tlcExitCode,
    boolean simulation,
    boolean budgetExhausted,
    long pid,
    List<String> output,
    List<String> command) {

  public TlcResult {
    counterexample = List.copyOf(counterexample);
    output = List.copyOf(output);
    command = List.copyOf(command);
  }

  public boolean passed() {
    return verdict == Verdict.PASS;
  }

  /** True if TLC found a violation of the invariant or property with this name. */
  public boolean violates(String propertyName) {
    return verdict == Verdict.VIOLATION && violation != null && propertyName.equals(violation.name());
  }

  public Optional<Violation> violationOpt() {
    return Optional.ofNullable(violation);
  }

  /** One-line summary, e.g. {@code VIOLATION of invariant SumSmall (4 states)}. */
  public String summary() {
    return switch (verdict) {
      case PASS -> simulation
          ? "PASS: simulation finished with no violation"
          : "PASS: model fully explored, no violation";
      case VIOLATION -> "VIOLATION of " + (violation == null ? "a property" : violation.describe())
          + " (counterexample of " + counterexample.size() + " states)";
      case PARSE_ERROR -> "PARSE ERROR: " + (parseError == null ? "spec does not parse" : parseError.toParagraph());
      case TIMEOUT -> "TIMEOUT: " + (errorMessage == null ? "time limit reached" : errorMessage);
      case TLC_ERROR -> "TLC ERROR: " + (errorMessage == null ? "TLC stopped without a verdict" : errorMessage);
    };
  }
}
