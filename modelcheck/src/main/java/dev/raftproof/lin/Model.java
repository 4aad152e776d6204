package dev.raftproof.lin;

import java.util.List;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * A sequential specification. To add a model, implement this interface (states must be immutable values with
 * {@code equals}/{@code hashCode}; the checker interns them) and register it in {@link Models}, or pass its class name
 * to {@code --model}.
 */
public interface Model {
  /** Returned by {@link #step} when the operation cannot happen in the state. */
  Object ILLEGAL = new Object() {
    @Override
    public String toString() {
      return "ILLEGAL";
    }
  };

  /** Name with arguments, e.g. {@code cas-register(init=0)}. */
  String name();

  /** The initial state (may be null, e.g. a register holding nil). */
  @Nullable Object initialState();

  /** The state after {@code op} in {@code state}, or {@link #ILLEGAL} if {@code op} cannot happen there. */
  @Nullable Object step(@Nullable Object state, Operation op);

  /** Why {@code op} cannot happen in {@code state}, for explanations. */
  default String whyIllegal(@Nullable Object state, Operation op) {
    return "cannot apply " + op + " to state " + Edn.write(state);
  }

  /** True if {@code op} never changes the state (a read). Pending read-only ops are dropped: they may never happen. */
  default boolean readOnly(Operation op) {
    return false;
  }

  /** True if {@code op} is legal in every state (a read of nil in Knossos's models). */
  default boolean alwaysLegal(Operation op) {
    return false;
  }

  /**
   * P-compositionality: splits the operations into independent parts that can be checked one by one (e.g. by key).
   * The default keeps them together.
   */
  default List<List<Operation>> partition(List<Operation> ops) {
    return List.of(ops);
  }

  /**
   * The model to check one partition with (called once per part returned by {@link #partition}). A model may return a
   * smaller one with a cheaper state, e.g. the kv model returns a model of the single key's value. Default: itself.
   */
  default Model partitionModel(List<Operation> part) {
    return this;
  }

  /** A short label for a partition (e.g. its key), for reports. */
  default String partitionLabel(List<Operation> part) {
    return "all";
  }
}
