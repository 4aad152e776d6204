package dev.raftproof.tlc;

import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * A violation found by TLC.
 *
 * @param kind what was violated
 * @param name the invariant or property name as TLC reports it ({@code null} for a deadlock or a temporal property);
 *     for an assertion, the message given to {@code Assert}
 * @param message TLC's own text for the violation (first line), plus the location TLC reported, if any
 */
public record Violation(ViolationKind kind, @Nullable String name, String message) {

  /** One-line human description, e.g. {@code invariant SumSmall}. */
  public String describe() {
    String k = switch (kind) {
      case INVARIANT -> "invariant";
      case ACTION_PROPERTY -> "action property";
      case DEADLOCK -> "deadlock";
      case ASSERTION -> "assertion";
      case TEMPORAL -> "temporal property";
      case ASSUMPTION -> "assumption";
    };
    return name == null ? k : k + " " + name;
  }
}
