package dev.raftproof.cli;

/** Exit codes of every {@code raft} command (documented in EXIT-CODES.md and in each command's help footer). */
public final class ExitCodes {
  private ExitCodes() {}

  /** The check passed. */
  public static final int PASS = 0;
  /** A violation was found (TLC counterexample, failed trace validation, non-linearizable history...). */
  public static final int VIOLATION = 1;
  /** The spec (or a .cfg) does not parse. */
  public static final int SPEC_PARSE_ERROR = 2;
  /** No verdict: time limit reached, interrupted, or the checker stopped on an error. */
  public static final int NO_VERDICT = 3;
  /** Usage error or bad input (unknown option, missing file...); like sysexits EX_USAGE. */
  public static final int USAGE = 64;
  /** Internal error: a bug in raft itself; like sysexits EX_SOFTWARE. */
  public static final int INTERNAL = 70;

  /** For {@code @Command(exitCodeListHeading = ExitCodes.HELP_HEADING)}; list the codes in exitCodeList. */
  public static final String HELP_HEADING = "%nExit codes:%n";
}
