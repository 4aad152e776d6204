package dev.raftproof.lin;

import org.checkerframework.checker.nullness.qual.Nullable;

/** An EDN symbol (e.g. {@code free} in {@code --init free}), independent of the Clojure runtime. */
public record EdnSymbol(String name) {
  @Override
  public boolean equals(@Nullable Object o) {
    return this == o || (o instanceof EdnSymbol s && s.name.equals(name));
  }

  @Override
  public int hashCode() {
    return name.hashCode() * 31 + 11;
  }

  @Override
  public String toString() {
    return name;
  }
}
