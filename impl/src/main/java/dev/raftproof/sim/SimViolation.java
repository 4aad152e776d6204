package dev.raftproof.sim;

/**
 * A violation found by the simulator at step {@code step}: one of the five safety properties of Figure 3
 * ({@code property} is a {@link dev.raftproof.safety.Property} name) or one of the simulator's extra invariants
 * ({@code CommitIndexMonotonic}, {@code MatchIndexMonotonic}, {@code AppliedAgreement}).
 */
public record SimViolation(long step, String property, String description) {
  @Override
  public String toString() {
    return "step " + step + ": " + property + ": " + description;
  }
}
