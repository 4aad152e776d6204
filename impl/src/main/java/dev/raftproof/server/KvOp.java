package dev.raftproof.server;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * A write command of the key-value server as carried in a log entry's value. Keys and values are arbitrary UTF-8
 * strings; in the entry they are base64url-encoded so that an entry value is plain ASCII without quotes or spaces
 * inside a field (it also appears in traces and in TLC configuration files as a {@code Value}).
 *
 * <p>Encoding: {@code P .<key> .<value>} (put), {@code D .<key>} (delete), {@code C .<key> <expect> .<value>}
 * (compare-and-set; {@code <expect>} is {@code -} for "the key is absent" or {@code .<value>}); each
 * {@code .<x>} is a dot followed by base64url of the UTF-8 bytes without padding (the dot keeps an empty string a
 * non-empty field).
 */
public record KvOp(Kind kind, String key, @Nullable String expect, @Nullable String value) {
  /** What the command does. */
  public enum Kind {
    PUT,
    DELETE,
    CAS
  }

  private static final Base64.Encoder ENC = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder DEC = Base64.getUrlDecoder();

  public static KvOp put(String key, String value) {
    return new KvOp(Kind.PUT, key, null, value);
  }

  public static KvOp delete(String key) {
    return new KvOp(Kind.DELETE, key, null, null);
  }

  /** Sets {@code key} to {@code value} if its current value is {@code expect} (null: if the key is absent). */
  public static KvOp cas(String key, @Nullable String expect, String value) {
    return new KvOp(Kind.CAS, key, expect, value);
  }

  /** The log entry value for this command. */
  public String encode() {
    String v = value;
    return switch (kind) {
      case PUT -> "P " + field(key) + " " + field(v == null ? "" : v);
      case DELETE -> "D " + field(key);
      case CAS -> {
        String e = expect;
        yield "C " + field(key) + " " + (e == null ? "-" : field(e)) + " " + field(v == null ? "" : v);
      }
    };
  }

  private static String field(String s) {
    return "." + ENC.encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }

  private static String unfield(String f) {
    if (!f.startsWith(".")) {
      throw new IllegalArgumentException("bad field: " + f);
    }
    return new String(DEC.decode(f.substring(1)), StandardCharsets.UTF_8);
  }

  /** The command in an entry value, or null if the value is not a command of this server. */
  public static @Nullable KvOp decode(String entryValue) {
    String[] p = entryValue.split(" ", -1);
    try {
      if (p.length == 3 && p[0].equals("P")) {
        return put(unfield(p[1]), unfield(p[2]));
      }
      if (p.length == 2 && p[0].equals("D")) {
        return delete(unfield(p[1]));
      }
      if (p.length == 4 && p[0].equals("C")) {
        return cas(unfield(p[1]), p[2].equals("-") ? null : unfield(p[2]), unfield(p[3]));
      }
    } catch (IllegalArgumentException e) {
      return null;
    }
    return null;
  }
}
