package dev.raftproof.tlc;

/** What kind of property TLC found violated. */
public enum ViolationKind {
  INVARIANT,
  ACTION_PROPERTY,
  DEADLOCK,
  ASSERTION,
  /** A temporal (liveness) property; TLC does not name it in tool output. */
  TEMPORAL,
  /** An ASSUME in the spec is false. */
  ASSUMPTION
}
