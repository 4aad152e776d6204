package dev.raftproof.validate;

/** Outcome of validating one trace, with the CLI exit code of each. */
public enum Verdict {
  /** Every event was matched by a spec step. */
  PASS(0),
  /** Some event cannot be matched (or the files have no consistent order). */
  REJECTED(1),
  /** The time limit ran out before TLC decided. */
  TIME_LIMIT(3),
  /** TLC failed for a reason that is not the trace's fault (spec does not parse, crash...). */
  INTERNAL(70);

  private final int exitCode;

  Verdict(int exitCode) {
    this.exitCode = exitCode;
  }

  public int exitCode() {
    return exitCode;
  }
}
