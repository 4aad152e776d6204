package dev.raftproof.lin;

import java.util.List;
import java.util.Objects;
import org.checkerframework.checker.nullness.qual.Nullable;

/** Small helpers shared by the models. */
final class Values {
  private Values() {}

  static boolean eq(@Nullable Object a, @Nullable Object b) {
    return Objects.equals(a, b);
  }

  /** {@code m.get(k)} for maps that may hold a nil key (EDN allows it). */
  @SuppressWarnings("nullness") // java.util.Map is annotated as non-null keys; ours are HashMaps that accept null
  static @Nullable Object get(java.util.Map<?, ?> m, @Nullable Object k) {
    return m.get(k);
  }

  @SuppressWarnings("nullness") // as above
  static boolean containsKey(java.util.Map<?, ?> m, @Nullable Object k) {
    return m.containsKey(k);
  }

  /** The pair {@code [a b]} of a cas value, or null if it is not a two-element vector. */
  static @Nullable List<?> pair(@Nullable Object v) {
    if (v instanceof List<?> l && l.size() == 2) {
      return l;
    }
    return null;
  }
}
