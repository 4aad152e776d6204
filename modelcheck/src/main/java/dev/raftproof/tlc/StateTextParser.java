package dev.raftproof.tlc;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.checkerframework.checker.nullness.qual.Nullable;

/** Parses the states TLC prints in a counterexample ({@code 2: <IncX line 7, ... of module M>} then variables). */
final class StateTextParser {
  private StateTextParser() {}

  private static final Pattern HEADER = Pattern.compile("^(\\d+): <(.*)>\\s*$");
  /** DFID prints states without the action: just {@code 2:} (message 2216). */
  private static final Pattern BARE_HEADER = Pattern.compile("^(\\d+):\\s*$");
  private static final Pattern ACTION_LOC =
      Pattern.compile("^(.*?) (line \\d+, col \\d+ to line \\d+, col \\d+ of module \\S+)$");

  /** Parses a 2217 message body; {@code null} if the header is not recognised. */
  static @Nullable TraceState parse(String body) {
    String[] lines = body.split("\n", -1);
    if (lines.length == 0) {
      return null;
    }
    Matcher h = HEADER.matcher(lines[0]);
    String inner;
    int step;
    if (h.matches()) {
      step = Integer.parseInt(nn(h.group(1)));
      inner = nn(h.group(2));
    } else {
      Matcher b = BARE_HEADER.matcher(lines[0]);
      if (!b.matches()) {
        return null;
      }
      step = Integer.parseInt(nn(b.group(1)));
      inner = step == 1 ? "Initial predicate" : "(action not reported)";
    }
    String action = inner;
    String location = null;
    Matcher al = ACTION_LOC.matcher(inner);
    if (al.matches()) {
      action = nn(al.group(1));
      location = al.group(2);
    }
    List<String> rest = new ArrayList<>();
    for (int i = 1; i < lines.length; i++) {
      rest.add(lines[i]);
    }
    return new TraceState(step, action, location, parseVariables(rest));
  }

  /** Variables from {@code /\ x = 1} lines (several variables) or {@code x = 1} (a single variable). */
  static Map<String, String> parseVariables(List<String> lines) {
    Map<String, String> vars = new LinkedHashMap<>();
    String name = null;
    StringBuilder value = new StringBuilder();
    boolean conj = false;
    for (String l : lines) {
      if (l.startsWith("/\\ ")) {
        conj = true;
        break;
      }
      if (!l.isBlank()) {
        break;
      }
    }
    for (String l : lines) {
      boolean starts = conj ? l.startsWith("/\\ ") : (name == null && !l.isBlank());
      if (starts) {
        if (name != null) {
          vars.put(name, value.toString().stripTrailing());
        }
        String s = conj ? l.substring(3) : l;
        int eq = s.indexOf(" = ");
        if (eq < 0) {
          name = s.strip();
          value = new StringBuilder();
        } else {
          name = s.substring(0, eq).strip();
          value = new StringBuilder(s.substring(eq + 3));
        }
      } else if (name != null && !l.isBlank()) {
        value.append('\n').append(l);
      }
    }
    if (name != null) {
      vars.put(name, value.toString().stripTrailing());
    }
    return vars;
  }

  private static String nn(@Nullable String s) {
    return s == null ? "" : s;
  }
}
