package dev.raftproof.lin;

/** An EDN keyword ({@code :name}), independent of the Clojure runtime. Immutable, compared by name. */
public record Kw(String name) {
  public static Kw of(String name) {
    return new Kw(name);
  }

  @Override
  public String toString() {
    return ":" + name;
  }
}
