package dev.raftproof.jepsen;

/**
 * One check's answer.
 *
 * @param check which check
 * @param status PASS, FAIL (a violation: the detail names it), UNKNOWN (no verdict: time limit, cluster never
 *     settled) or SKIPPED (switched off)
 * @param detail one or a few lines for the summary
 * @param millis how long the check took
 */
public record CheckOutcome(Check check, Status status, String detail, long millis) {
  /** A check's verdict. */
  public enum Status {
    PASS, FAIL, UNKNOWN, SKIPPED
  }
}
