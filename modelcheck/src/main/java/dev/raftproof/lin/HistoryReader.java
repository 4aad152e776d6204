package dev.raftproof.lin;

import clojure.lang.LineNumberingPushbackReader;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Reads histories. EDN goes through the Clojure runtime's own reader ({@code clojure.edn/read}); Porcupine's etcd
 * logs are split into fields and each value is read as EDN. Errors come as {@link BadHistoryException} naming the
 * source and, where the reader knows it, the line.
 */
public final class HistoryReader {
  private HistoryReader() {}

  private static final Kw PROCESS = new Kw("process");
  private static final Kw TYPE = new Kw("type");
  private static final Kw F = new Kw("f");
  private static final Kw VALUE = new Kw("value");
  private static final Kw KEY = new Kw("key");

  /** Reads a file in the given format ({@link HistoryFormat#AUTO} guesses). */
  public static History read(Path file, HistoryFormat format) throws BadHistoryException {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new BadHistoryException(file + ": no such file");
    } catch (MalformedInputException e) {
      throw new BadHistoryException(file + ": not UTF-8 text");
    } catch (IOException e) {
      throw new BadHistoryException(file + ": cannot read: " + e.getMessage());
    }
    return read(file.toString(), text, format == HistoryFormat.AUTO ? guess(file.toString(), text) : format);
  }

  /** Reads text in the given format; {@code source} names it in messages. */
  public static History read(String source, String text, HistoryFormat format) throws BadHistoryException {
    return switch (format) {
      case EDN, PORCUPINE_KV -> readEdn(source, new StringReader(text));
      case PORCUPINE_ETCD -> readEtcdLog(source, text);
      case AUTO -> read(source, text, guess(source, text));
    };
  }

  /** By extension ({@code .edn}, {@code .log}, {@code .txt}), else by the first non-blank character. */
  public static HistoryFormat guess(String name, String text) {
    String n = name.toLowerCase(java.util.Locale.ROOT);
    if (n.endsWith(".edn")) {
      return HistoryFormat.EDN;
    }
    if (n.endsWith(".log")) {
      return HistoryFormat.PORCUPINE_ETCD;
    }
    if (n.endsWith(".txt")) {
      return HistoryFormat.PORCUPINE_KV;
    }
    String t = text.stripLeading();
    if (t.startsWith("INFO")) {
      return HistoryFormat.PORCUPINE_ETCD;
    }
    return HistoryFormat.EDN;
  }

  /** Jepsen/Knossos EDN: one vector or list of op maps, or a bare stream of op maps. */
  public static History readEdn(String source, Reader text) throws BadHistoryException {
    LineNumberingPushbackReader in = new LineNumberingPushbackReader(text);
    List<HistoryEvent> events = new ArrayList<>();
    try {
      Object first = Edn.readRaw(in);
      if (first == Edn.EOF) {
        return new History(source, events);
      }
      int line = in.getLineNumber();
      Object v = Edn.toJava(first);
      if (v instanceof List<?> l) {
        for (Object o : l) {
          events.add(event(source, events.size(), 0, o));
        }
        Object rest = Edn.readRaw(in);
        if (rest != Edn.EOF) {
          throw new BadHistoryException(source + ": line " + in.getLineNumber()
              + ": unexpected form after the history vector");
        }
      } else {
        events.add(event(source, 0, line, v));
        while (true) {
          Object raw = Edn.readRaw(in);
          if (raw == Edn.EOF) {
            break;
          }
          events.add(event(source, events.size(), in.getLineNumber(), Edn.toJava(raw)));
        }
      }
    } catch (EdnSyntaxException e) {
      throw new BadHistoryException(source + ": line " + e.line() + ": EDN syntax error: " + e.getMessage());
    }
    return new History(source, events);
  }

  private static HistoryEvent event(String source, int index, int line, @Nullable Object o)
      throws BadHistoryException {
    String where = "op #" + index + (line > 0 ? " (line " + line + ")" : "");
    if (!(o instanceof Map<?, ?> m)) {
      throw new BadHistoryException(source + ": " + where + ": expected an op map, got " + Edn.write(o));
    }
    if (!m.containsKey(TYPE)) {
      throw new BadHistoryException(source + ": " + where + ": missing :type in " + Edn.write(o));
    }
    HistoryEvent.Type type = HistoryEvent.Type.of(m.get(TYPE));
    if (type == null) {
      throw new BadHistoryException(source + ": " + where + ": :type must be :invoke, :ok, :fail or :info, got "
          + Edn.write(m.get(TYPE)));
    }
    if (!m.containsKey(PROCESS)) {
      throw new BadHistoryException(source + ": " + where + ": missing :process in " + Edn.write(o));
    }
    if (!m.containsKey(F)) {
      throw new BadHistoryException(source + ": " + where + ": missing :f in " + Edn.write(o));
    }
    return new HistoryEvent(index, line, m.get(PROCESS), type, m.get(F), m.get(VALUE), m.get(KEY));
  }

  private static final Pattern ETCD_LINE =
      Pattern.compile("^INFO\\s+jepsen\\.util\\s+-\\s+(\\S+)\\s+(:\\S+)\\s+(:\\S+)\\s+(.*?)\\s*$");

  /**
   * Porcupine's Jepsen etcd logs: {@code INFO  jepsen.util - <proc> <:type> <:f> <value>} separated by tabs or spaces.
   * Lines that are not {@code jepsen.util} history lines are skipped, as Porcupine does; a {@code jepsen.util} line
   * that does not parse is an error.
   */
  public static History readEtcdLog(String source, String text) throws BadHistoryException {
    List<HistoryEvent> events = new ArrayList<>();
    try (BufferedReader r = new BufferedReader(new StringReader(text))) {
      String s;
      int line = 0;
      while ((s = r.readLine()) != null) {
        line++;
        if (!s.contains("jepsen.util")) {
          continue;
        }
        Matcher m = ETCD_LINE.matcher(s);
        if (!m.matches()) {
          throw new BadHistoryException(source + ": line " + line + ": not a Jepsen history line: " + s);
        }
        Object process;
        Object typeKw;
        Object f;
        Object value;
        try {
          process = Edn.parse(nonNull(m.group(1)));
          typeKw = Edn.parse(nonNull(m.group(2)));
          f = Edn.parse(nonNull(m.group(3)));
          String vs = nonNull(m.group(4));
          value = vs.isEmpty() ? null : Edn.parse(vs);
        } catch (EdnSyntaxException e) {
          throw new BadHistoryException(source + ": line " + line + ": EDN syntax error: " + e.getMessage());
        }
        HistoryEvent.Type type = HistoryEvent.Type.of(typeKw);
        if (type == null) {
          throw new BadHistoryException(source + ": line " + line + ": unknown type " + m.group(2));
        }
        events.add(new HistoryEvent(events.size(), line, process, type, f, value, null));
      }
    } catch (IOException e) {
      throw new BadHistoryException(source + ": cannot read: " + e.getMessage());
    }
    return new History(source, events);
  }

  private static String nonNull(@Nullable String s) {
    return s == null ? "" : s;
  }
}
