package dev.raftproof.tlc;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Renders a counterexample for people: one block per state, the action on the header line, the full state for
 * step 1 and afterwards only the variables that changed, marked with {@code *} (and in ANSI bold on a terminal).
 */
public final class CounterexampleFormatter {
  private static final String BOLD = "\u001b[1m";
  private static final String RESET = "\u001b[0m";

  private final boolean ansi;

  /** @param ansi use ANSI bold for changed variables (only when writing to a terminal) */
  public CounterexampleFormatter(boolean ansi) {
    this.ansi = ansi;
  }

  public String format(List<TraceState> states) {
    StringBuilder sb = new StringBuilder();
    Map<String, String> prev = null;
    for (TraceState s : states) {
      sb.append("State ").append(s.step()).append(": ").append(s.action());
      if (s.location() != null) {
        sb.append("   (").append(s.location()).append(')');
      }
      sb.append('\n');
      if (prev == null) {
        for (Map.Entry<String, String> e : s.variables().entrySet()) {
          appendVar(sb, "  ", e.getKey(), e.getValue(), false);
        }
      } else {
        int unchanged = 0;
        for (Map.Entry<String, String> e : s.variables().entrySet()) {
          if (Objects.equals(prev.get(e.getKey()), e.getValue())) {
            unchanged++;
          } else {
            appendVar(sb, "* ", e.getKey(), e.getValue(), ansi);
          }
        }
        if (s.variables().isEmpty()) {
          sb.append("  (no state printed)\n");
        } else if (unchanged > 0) {
          sb.append("  (").append(unchanged).append(unchanged == 1 ? " variable" : " variables")
              .append(" unchanged)\n");
        }
      }
      sb.append('\n');
      if (!s.variables().isEmpty()) {
        prev = s.variables();
      }
    }
    return sb.toString();
  }

  /** Names of the variables whose value differs from the previous state (all variables for the first state). */
  public static List<String> changedVariables(List<TraceState> states, int index) {
    TraceState s = states.get(index);
    if (index == 0) {
      return new java.util.ArrayList<String>(s.variables().keySet());
    }
    Map<String, String> prev = states.get(index - 1).variables();
    return s.variables().entrySet().stream()
        .filter(e -> !Objects.equals(prev.get(e.getKey()), e.getValue()))
        .map(e -> (String) e.getKey())
        .collect(java.util.stream.Collectors.toList());
  }

  private void appendVar(StringBuilder sb, String marker, String name, String value, boolean bold) {
    String v = value.replace("\n", "\n      ");
    sb.append(marker).append("  ");
    if (bold) {
      sb.append(BOLD).append(name).append(" = ").append(v).append(RESET);
    } else {
      sb.append(name).append(" = ").append(v);
    }
    sb.append('\n');
  }
}
