package dev.raftproof.lin;

import java.util.List;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Why a partition is not linearizable: the longest linearizable prefix the search reached (all ops completed before
 * event {@code prefixEnd}, in the order {@code linearized}), the state after it, the op whose completion could not be
 * reached ({@code blocked}), and every op that could still have been linearized there with the model's reason why it
 * cannot.
 */
public record Explanation(List<Operation> linearized, @Nullable Object stateAfter, Operation blocked, int prefixEnd,
    List<Operation> stuck, List<String> reasons) {

  public Explanation {
    linearized = List.copyOf(linearized);
    stuck = List.copyOf(stuck);
    reasons = List.copyOf(reasons);
  }

  /** Human-readable, several lines. */
  public String describe(String indent) {
    StringBuilder sb = new StringBuilder();
    sb.append(indent).append("longest linearizable prefix: ").append(linearized.size())
        .append(" ops, up to history event #").append(prefixEnd).append(", then the state is ")
        .append(Edn.write(stateAfter)).append('\n');
    sb.append(indent).append("cannot be linearized: ").append(blocked).append(" must complete by event #")
        .append(blocked.ret()).append(", but none of the possible next ops applies:\n");
    for (int i = 0; i < stuck.size(); i++) {
      sb.append(indent).append("  ").append(stuck.get(i)).append(": ").append(reasons.get(i)).append('\n');
    }
    return sb.toString();
  }
}
