package dev.raftproof.lin;

/** The checker's answer. UNKNOWN means a time or memory limit was reached, never a guess. */
public enum Verdict {
  VALID, INVALID, UNKNOWN
}
