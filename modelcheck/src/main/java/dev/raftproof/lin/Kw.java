package dev.raftproof.lin;

import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * An EDN keyword ({@code :name}), independent of the Clojure runtime. Immutable, compared by name. {@code equals} and
 * {@code hashCode} are written out: the record defaults (ObjectMethods bootstrap) were measurably slow in model steps.
 */
public record Kw(String name) {
  public static Kw of(String name) {
    return new Kw(name);
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return this == o || (o instanceof Kw k && k.name.equals(name));
  }

  @Override
  public int hashCode() {
    return name.hashCode() * 31 + 7;
  }

  @Override
  public String toString() {
    return ":" + name;
  }
}
