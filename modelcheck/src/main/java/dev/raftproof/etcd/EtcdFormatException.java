package dev.raftproof.etcd;

import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Bad input (exit code 64): a line of an etcd/raft trace that cannot be read. Names the file, the line and, if
 * known, the field, e.g. {@code run.ndjson:12: field 'event.msg.type': unknown etcd message type "MsgFoo"}.
 */
public final class EtcdFormatException extends Exception {
  private static final long serialVersionUID = 1L;

  private final String file;
  private final int line;
  private final @Nullable String field;

  public EtcdFormatException(String file, int line, @Nullable String field, String problem) {
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
