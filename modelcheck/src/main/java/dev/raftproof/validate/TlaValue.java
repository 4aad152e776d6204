package dev.raftproof.validate;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.LinkedHashSet;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * TLA+ values as TLC prints them, as plain Java objects so that equality is structural: {@link Long},
 * {@link Boolean}, {@link String} (a TLA+ string), {@link ModelValue}, {@code List<Object>} (a sequence),
 * {@code Set<Object>} (a set), {@code Map<Object, Object>} (a record or function; record fields are Strings, so
 * {@code [s1 |-> 0]} equals {@code ("s1" :> 0)}).
 */
public final class TlaValue {
  private TlaValue() {}

  /** A model value or other bare identifier, e.g. {@code Nil}. */
  public record ModelValue(String name) {
    @Override
    public String toString() {
      return name;
    }
  }

  /** A value in TLA+ syntax, for messages (strings quoted, sets in braces). */
  public static String show(@Nullable Object v) {
    if (v instanceof String s) {
      return TraceDataWriter.str(s);
    }
    if (v instanceof Boolean b) {
      return b ? "TRUE" : "FALSE";
    }
    if (v instanceof List<?> l) {
      return "<<" + join(l) + ">>";
    }
    if (v instanceof Set<?> s) {
      return "{" + join(s) + "}";
    }
    if (v instanceof Map<?, ?> m) {
      List<String> parts = new ArrayList<>();
      boolean record = m.keySet().stream().allMatch(k -> k instanceof String s && s.matches("[A-Za-z_][A-Za-z0-9_]*"));
      for (Map.Entry<?, ?> e : m.entrySet()) {
        Object k = e.getKey();
        parts.add(record ? k + " |-> " + show(e.getValue()) : show(k) + " :> " + show(e.getValue()));
      }
      return record ? "[" + String.join(", ", parts) + "]" : "(" + String.join(" @@ ", parts) + ")";
    }
    return String.valueOf(v);
  }

  /** Like {@link #show} but server ids and other strings unquoted: how a Raft engineer writes {s1, s2}. */
  public static String plain(@Nullable Object v) {
    return show(v).replace("\"", "");
  }

  /** The elements of a set value (nulls never occur in TLC values; skipped for the type system). */
  public static Set<Object> setOf(@Nullable Object v) {
    Set<Object> out = new LinkedHashSet<>();
    if (v instanceof Collection<?> c) {
      for (Object o : c) {
        if (o != null) {
          out.add(o);
        }
      }
    }
    return out;
  }

  /** The elements of a sequence value. */
  public static List<Object> listOf(@Nullable Object v) {
    List<Object> out = new ArrayList<>();
    if (v instanceof List<?> c) {
      for (Object o : c) {
        if (o != null) {
          out.add(o);
        }
      }
    }
    return out;
  }

  private static String join(Collection<?> c) {
    List<String> parts = new ArrayList<>();
    for (Object o : c) {
      parts.add(show(o));
    }
    return String.join(", ", parts);
  }
}
