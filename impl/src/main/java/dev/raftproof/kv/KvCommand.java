package dev.raftproof.kv;

import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * A write command as carried in a log entry's value: {@code "w <key> <value>"} (both non-negative integers). Other
 * entry values are not commands and leave the store unchanged.
 */
public record KvCommand(long key, long value) {
  public KvCommand {
    if (key < 0 || value < 0) {
      throw new IllegalArgumentException("key and value must be non-negative");
    }
  }

  /** The log entry value for this command. */
  public String encode() {
    return "w " + key + " " + value;
  }

  /** The command in an entry value, or null if the value is not a well-formed write. */
  public static @Nullable KvCommand decode(String entryValue) {
    if (!entryValue.startsWith("w ")) {
      return null;
    }
    int sp = entryValue.indexOf(' ', 2);
    if (sp < 0) {
      return null;
    }
    try {
      return new KvCommand(Long.parseLong(entryValue.substring(2, sp)), Long.parseLong(entryValue.substring(sp + 1)));
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
