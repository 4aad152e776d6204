package dev.raftproof.lin;

/** Bad input: unreadable file, syntax error, a malformed op. The message names the source (and line if known). */
public final class BadHistoryException extends Exception {
  private static final long serialVersionUID = 1L;

  public BadHistoryException(String message) {
    super(message);
  }
}
