package dev.raftproof.validate;

import org.checkerframework.checker.nullness.qual.Nullable;

/** Bad input (exit code 64): a trace file that is not format v1. Names the file, the line and, if known, the field. */
public final class TraceInputException extends Exception {
  private static final long serialVersionUID = 1L;

  private final String file;
  private final int line;
  private final @Nullable String field;

  public TraceInputException(String file, int line, @Nullable String field, String problem) {
    super(file + ":" + line + (field == null ? "" : ": field '" + field + "'") + ": " + problem);
    this.file = file;
    this.line = line;
    this.field = field;
  }

  public String file() {
    return file;
  }

  public int line() {
    return line;
  }

  public @Nullable String field() {
    return field;
  }
}
