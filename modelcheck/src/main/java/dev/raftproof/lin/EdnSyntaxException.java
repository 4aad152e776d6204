package dev.raftproof.lin;

/** An EDN syntax error reported by the Clojure reader, with the line it was at. */
public final class EdnSyntaxException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final int line;

  public EdnSyntaxException(String message, int line) {
    super(message);
    this.line = line;
  }

  public int line() {
    return line;
  }
}
