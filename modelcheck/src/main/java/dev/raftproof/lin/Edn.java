package dev.raftproof.lin;

import clojure.java.api.Clojure;
import clojure.lang.IFn;
import clojure.lang.IPersistentMap;
import clojure.lang.Keyword;
import clojure.lang.LineNumberingPushbackReader;
import clojure.lang.PersistentHashMap;
import clojure.lang.Symbol;
import java.io.StringReader;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * EDN through the Clojure runtime's own reader ({@code clojure.edn/read}), converted to plain immutable Java values:
 * {@code nil} → null, integers → {@link Long} (or {@link BigInteger}), keywords → {@link Kw}, symbols → {@link
 * EdnSymbol}, vectors and lists → {@link List}, maps → {@link Map}, sets → {@link Set}; strings, booleans, doubles and
 * characters as themselves. Also prints such values back as EDN.
 */
public final class Edn {
  private Edn() {}

  private static final Object LOCK = new Object();
  private static @Nullable IFn reader;
  private static @Nullable IPersistentMap readOpts;
  /** The value {@code clojure.edn/read} returns at end of stream. */
  static final Object EOF = new Object();

  private static IFn readFn() {
    synchronized (LOCK) {
      IFn r = reader;
      if (r == null) {
        IFn require = Clojure.var("clojure.core", "require");
        require.invoke(Clojure.read("clojure.edn"));
        r = Clojure.var("clojure.edn", "read");
        reader = r;
        readOpts = PersistentHashMap.create(Keyword.intern("eof"), EOF);
      }
      return r;
    }
  }

  private static IPersistentMap opts() {
    readFn();
    synchronized (LOCK) {
      IPersistentMap o = readOpts;
      if (o == null) {
        throw new IllegalStateException("EDN reader not initialised");
      }
      return o;
    }
  }

  /**
   * Reads the next form from {@code in} with {@code clojure.edn/read}, returns its raw Clojure value or {@link #EOF}.
   * Errors come as {@link EdnSyntaxException} carrying the reader's line.
   */
  static @Nullable Object readRaw(LineNumberingPushbackReader in) {
    IFn read = readFn();
    IPersistentMap o = opts();
    try {
      return read.invoke(o, in);
    } catch (RuntimeException e) {
      throw new EdnSyntaxException(rootMessage(e), in.getLineNumber());
    }
  }

  /** Reads one EDN value from a string (for --init and model arguments). */
  public static @Nullable Object parse(String text) {
    LineNumberingPushbackReader in = new LineNumberingPushbackReader(new StringReader(text));
    Object raw = readRaw(in);
    if (raw == EOF) {
      throw new EdnSyntaxException("no EDN value in \"" + text + "\"", 1);
    }
    Object rest = readRaw(in);
    if (rest != EOF) {
      throw new EdnSyntaxException("more than one EDN value in \"" + text + "\"", 1);
    }
    return toJava(raw);
  }

  static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    String m = t.getMessage();
    return m == null ? t.getClass().getSimpleName() : m;
  }

  /** Converts a Clojure value into the plain Java values described above. */
  public static @Nullable Object toJava(@Nullable Object v) {
    if (v == null || v instanceof String || v instanceof Boolean || v instanceof Long || v instanceof Double
        || v instanceof Character) {
      return v;
    }
    if (v instanceof Keyword k) {
      return new Kw(k.sym.toString());
    }
    if (v instanceof Symbol s) {
      return new EdnSymbol(s.toString());
    }
    if (v instanceof Integer || v instanceof Short || v instanceof Byte) {
      return ((Number) v).longValue();
    }
    if (v instanceof clojure.lang.BigInt b) {
      BigInteger bi = b.toBigInteger();
      return bi.bitLength() < 64 ? (Object) bi.longValue() : bi;
    }
    if (v instanceof BigInteger bi) {
      return bi.bitLength() < 64 ? (Object) bi.longValue() : bi;
    }
    if (v instanceof Map<?, ?> m) {
      Map<@Nullable Object, @Nullable Object> out = new LinkedHashMap<>();
      for (Map.Entry<?, ?> e : m.entrySet()) {
        out.put(toJava(e.getKey()), toJava(e.getValue()));
      }
      return Collections.unmodifiableMap(out);
    }
    if (v instanceof Set<?> s) {
      Set<@Nullable Object> out = new LinkedHashSet<>();
      for (Object x : s) {
        out.add(toJava(x));
      }
      return Collections.unmodifiableSet(out);
    }
    if (v instanceof Collection<?> c) {
      List<@Nullable Object> out = new ArrayList<>(c.size());
      for (Object x : c) {
        out.add(toJava(x));
      }
      return Collections.unmodifiableList(out);
    }
    return v;
  }

  /** EDN text of a Java value (as produced by {@link #toJava}). */
  public static String write(@Nullable Object v) {
    StringBuilder sb = new StringBuilder();
    write(v, sb);
    return sb.toString();
  }

  public static void write(@Nullable Object v, StringBuilder sb) {
    if (v == null) {
      sb.append("nil");
    } else if (v instanceof String s) {
      sb.append('"');
      for (int i = 0; i < s.length(); i++) {
        char c = s.charAt(i);
        switch (c) {
          case '"' -> sb.append("\\\"");
          case '\\' -> sb.append("\\\\");
          case '\n' -> sb.append("\\n");
          case '\t' -> sb.append("\\t");
          case '\r' -> sb.append("\\r");
          default -> sb.append(c);
        }
      }
      sb.append('"');
    } else if (v instanceof Character c) {
      sb.append('\\').append(c);
    } else if (v instanceof BigInteger b) {
      sb.append(b).append('N');
    } else if (v instanceof Map<?, ?> m) {
      sb.append('{');
      boolean first = true;
      for (Map.Entry<?, ?> e : m.entrySet()) {
        if (!first) {
          sb.append(", ");
        }
        first = false;
        write(e.getKey(), sb);
        sb.append(' ');
        write(e.getValue(), sb);
      }
      sb.append('}');
    } else if (v instanceof Set<?> s) {
      sb.append("#{");
      boolean first = true;
      for (Object x : s) {
        if (!first) {
          sb.append(' ');
        }
        first = false;
        write(x, sb);
      }
      sb.append('}');
    } else if (v instanceof List<?> l) {
      sb.append('[');
      boolean first = true;
      for (Object x : l) {
        if (!first) {
          sb.append(' ');
        }
        first = false;
        write(x, sb);
      }
      sb.append(']');
    } else {
      sb.append(v);
    }
  }
}
