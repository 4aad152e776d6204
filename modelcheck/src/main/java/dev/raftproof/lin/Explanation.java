package dev.raftproof.lin;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.checkerframework.checker.nullness.qual.MonotonicNonNull;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Why a partition is not linearizable: the longest linearizable prefix the search reached (all ops completed before
 * event {@code prefixEnd}, in the order {@code linearized}), the state after it, the op whose completion could not be
 * reached ({@code blocked}), and every op that could still have been linearized there ({@code stuck}) with the model's
 * reason why it cannot ({@code reasons}, worded lazily: the checker's verdict does not pay for the prose).
 */
public final class Explanation {
  private final List<Operation> linearized;
  private final @Nullable Object stateAfter;
  private final Operation blocked;
  private final int prefixEnd;
  private final List<Operation> stuck;
  private final List<@Nullable Object> nextStates; // Model.ILLEGAL where the op cannot apply
  private final Model model;
  private @MonotonicNonNull List<String> reasons;

  Explanation(List<Operation> linearized, @Nullable Object stateAfter, Operation blocked, int prefixEnd,
      List<Operation> stuck, List<@Nullable Object> nextStates, Model model) {
    this.linearized = Collections.unmodifiableList(linearized);
    this.stateAfter = stateAfter;
    this.blocked = blocked;
    this.prefixEnd = prefixEnd;
    this.stuck = Collections.unmodifiableList(stuck);
    this.nextStates = nextStates;
    this.model = model;
  }

  public List<Operation> linearized() {
    return linearized;
  }

  public @Nullable Object stateAfter() {
    return stateAfter;
  }

  public Operation blocked() {
    return blocked;
  }

  public int prefixEnd() {
    return prefixEnd;
  }

  public List<Operation> stuck() {
    return stuck;
  }

  /** One reason per {@link #stuck} op. */
  public synchronized List<String> reasons() {
    List<String> r = reasons;
    if (r == null) {
      r = new ArrayList<>(stuck.size());
      for (int i = 0; i < stuck.size(); i++) {
        Object ns = nextStates.get(i);
        r.add(ns == Model.ILLEGAL ? model.whyIllegal(stateAfter, stuck.get(i))
            : "applies (→ " + Edn.write(ns) + ") but every way on from there fails");
      }
      r = Collections.unmodifiableList(r);
      reasons = r;
    }
    return r;
  }

  /** Human-readable, several lines. */
  public String describe(String indent) {
    StringBuilder sb = new StringBuilder();
    sb.append(indent).append("longest linearizable prefix: ").append(linearized.size())
        .append(" ops, up to history event #").append(prefixEnd).append(", then the state is ")
        .append(Edn.write(stateAfter)).append('\n');
    sb.append(indent).append("cannot be linearized: ").append(blocked).append(" must complete by event #")
        .append(blocked.ret()).append(", but none of the possible next ops applies:\n");
    List<String> rs = reasons();
    for (int i = 0; i < stuck.size(); i++) {
      sb.append(indent).append("  ").append(stuck.get(i)).append(": ").append(rs.get(i)).append('\n');
    }
    return sb.toString();
  }
}
