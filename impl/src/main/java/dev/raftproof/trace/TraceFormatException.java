package dev.raftproof.trace;

import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * A trace file that cannot be read — format v1, or a foreign format being imported (etcd/raft): says which file,
 * which line (1-based) and which field. Bad input: exit code 64.
 */
public final class TraceFormatException extends Exception {
  private static final long serialVersionUID = 1L;

  private final String file;
  private final long line;
  private final @Nullable String field;

  public TraceFormatException(String file, long line, @Nullable String field, String problem) {
    super(file + ":" + line + (field == null ? "" : ": field '" + field + "'") + ": " + problem);
    this.file = file;
    this.line = line;
    this.field = field;
  }

  public String file() {
    return file;
  }

  public long line() {
    return line;
  }

  /** The JSON path of the offending field ({@code state.log[2].term}), or null for a whole-line problem. */
  public @Nullable String field() {
    return field;
  }
}
