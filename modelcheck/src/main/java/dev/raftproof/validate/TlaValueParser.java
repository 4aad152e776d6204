package dev.raftproof.validate;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Parses a TLA+ value as TLC prints it (in counterexamples and {@code -dump} files) into {@link TlaValue} form. */
public final class TlaValueParser {
  private final String s;
  private int p;

  private TlaValueParser(String s) {
    this.s = s;
  }

  /** @throws IllegalArgumentException if the text is not a value TLC prints */
  public static Object parse(String text) {
    TlaValueParser q = new TlaValueParser(text);
    Object v = q.value();
    q.ws();
    if (q.p != q.s.length()) {
      throw q.error("trailing text");
    }
    return v;
  }

  private Object value() {
    ws();
    if (p >= s.length()) {
      throw error("value expected");
    }
    char c = s.charAt(p);
    Object v;
    if (s.startsWith("<<", p)) {
      p += 2;
      List<Object> l = new ArrayList<>();
      ws();
      if (!s.startsWith(">>", p)) {
        do {
          l.add(value());
          ws();
        } while (eat(','));
      }
      expect(">>");
      v = l;
    } else if (c == '{') {
      p++;
      Set<Object> set = new LinkedHashSet<>();
      ws();
      if (!peek('}')) {
        do {
          set.add(value());
          ws();
        } while (eat(','));
      }
      expect("}");
      v = set;
    } else if (c == '[') {
      p++;
      Map<Object, Object> m = new LinkedHashMap<>();
      ws();
      if (!peek(']')) {
        do {
          ws();
          String f = ident();
          ws();
          expect("|->");
          m.put(f, value());
          ws();
        } while (eat(','));
      }
      expect("]");
      v = m;
    } else if (c == '(') {
      p++;
      Map<Object, Object> m = new LinkedHashMap<>();
      do {
        Object k = value();
        ws();
        expect(":>");
        m.put(k, value());
        ws();
      } while (eatStr("@@"));
      expect(")");
      v = m;
    } else if (c == '"') {
      v = string();
    } else if (c == '-' || Character.isDigit(c)) {
      v = number();
    } else {
      String id = ident();
      v = switch (id) {
        case "TRUE" -> Boolean.TRUE;
        case "FALSE" -> Boolean.FALSE;
        default -> new TlaValue.ModelValue(id);
      };
    }
    ws();
    if (v instanceof Long lo && s.startsWith("..", p)) {
      p += 2;
      ws();
      long hi = number();
      Set<Object> set = new LinkedHashSet<>();
      for (long x = lo; x <= hi; x++) {
        set.add(x);
      }
      v = set;
    }
    return v;
  }

  private long number() {
    int start = p;
    if (peek('-')) {
      p++;
    }
    while (p < s.length() && Character.isDigit(s.charAt(p))) {
      p++;
    }
    try {
      return Long.parseLong(s.substring(start, p));
    } catch (NumberFormatException e) {
      throw error("number expected");
    }
  }

  private String string() {
    StringBuilder b = new StringBuilder();
    p++;
    while (p < s.length() && s.charAt(p) != '"') {
      char c = s.charAt(p++);
      if (c == '\\' && p < s.length()) {
        char n = s.charAt(p++);
        b.append(switch (n) {
          case 'n' -> '\n';
          case 't' -> '\t';
          default -> n;
        });
      } else {
        b.append(c);
      }
    }
    expect("\"");
    return b.toString();
  }

  private String ident() {
    int start = p;
    while (p < s.length() && (Character.isLetterOrDigit(s.charAt(p)) || s.charAt(p) == '_')) {
      p++;
    }
    if (start == p) {
      throw error("identifier expected");
    }
    return s.substring(start, p);
  }

  private void ws() {
    while (p < s.length() && Character.isWhitespace(s.charAt(p))) {
      p++;
    }
  }

  private boolean peek(char c) {
    return p < s.length() && s.charAt(p) == c;
  }

  private boolean eat(char c) {
    ws();
    if (peek(c)) {
      p++;
      return true;
    }
    return false;
  }

  private boolean eatStr(String t) {
    ws();
    if (s.startsWith(t, p)) {
      p += t.length();
      return true;
    }
    return false;
  }

  private void expect(String t) {
    ws();
    if (!s.startsWith(t, p)) {
      throw error("'" + t + "' expected");
    }
    p += t.length();
  }

  private IllegalArgumentException error(String what) {
    int from = Math.max(0, p - 30);
    int to = Math.min(s.length(), p + 30);
    return new IllegalArgumentException(what + " at offset " + p + " near: " + s.substring(from, to));
  }
}
