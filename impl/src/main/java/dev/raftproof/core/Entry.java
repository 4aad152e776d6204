package dev.raftproof.core;

import dev.raftproof.core.qual.Term;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * A log entry {@code [term, type, value]} (Figure 2). {@code value} is the client value of a {@link EntryType#VALUE}
 * entry and null otherwise; {@code voters} is the new configuration of a {@link EntryType#CONFIG} entry (sorted) and
 * empty otherwise.
 */
public record Entry(@Term long term, EntryType type, @Nullable String value, List<String> voters) {
  public Entry {
    voters = voters.isEmpty() ? List.of() : NodeState.sortedDistinct(voters);
    if (type == EntryType.VALUE && value == null) {
      throw new IllegalArgumentException("a value entry needs a value");
    }
    if (type != EntryType.VALUE && value != null) {
      throw new IllegalArgumentException(type + " entry with a value");
    }
    if (type == EntryType.CONFIG && voters.isEmpty()) {
      throw new IllegalArgumentException("a config entry needs voters");
    }
    if (type != EntryType.CONFIG && !voters.isEmpty()) {
      throw new IllegalArgumentException(type + " entry with voters");
    }
  }

  public static Entry value(@Term long term, String value) {
    return new Entry(term, EntryType.VALUE, value, List.of());
  }

  public static Entry noop(@Term long term) {
    return new Entry(term, EntryType.NOOP, null, List.of());
  }

  public static Entry config(@Term long term, Iterable<String> voters) {
    TreeSet<String> set = new TreeSet<>();
    voters.forEach(set::add);
    return new Entry(term, EntryType.CONFIG, null, List.copyOf(set));
  }

  /** Bytes this entry counts against the leader's uncommitted-bytes cap (the value's UTF-16 length; else 0). */
  public long sizeBytes() {
    String v = value;
    return v == null ? 0 : 2L * v.length();
  }

  @Override
  public String toString() {
    return switch (type) {
      case VALUE -> term + ":" + value;
      case NOOP -> term + ":noop";
      case CONFIG -> term + ":config" + voters;
    };
  }

  /** Same entry (term, type and content). */
  public boolean sameAs(Entry other) {
    return term == other.term && type == other.type && Objects.equals(value, other.value)
        && (voters == other.voters || voters.equals(other.voters));
  }
}
