package dev.raftproof.lin;

/** An EDN symbol (e.g. {@code free} in {@code --init free}), independent of the Clojure runtime. */
public record EdnSymbol(String name) {
  @Override
  public String toString() {
    return name;
  }
}
