package dev.raftproof.tlc;

/** How a TLC run ended. */
public enum Verdict {
  /** Model fully explored (or the simulation budget was used up) and no violation was found. */
  PASS,
  /** TLC found a violation: see {@link TlcResult#violation()} and {@link TlcResult#counterexample()}. */
  VIOLATION,
  /** SANY could not parse the spec, or TLC could not parse the .cfg: see {@link TlcResult#parseError()}. */
  PARSE_ERROR,
  /** The wall-clock time limit was reached (or the run was interrupted) before a verdict; TLC was destroyed. */
  TIMEOUT,
  /** TLC stopped without a verdict (evaluation error, crash, out of memory...): see {@link TlcResult#errorMessage()}. */
  TLC_ERROR
}
