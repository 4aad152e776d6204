package dev.raftproof.validate;

import java.util.LinkedHashMap;
import java.util.Map;
import org.checkerframework.checker.nullness.qual.Nullable;

/** One state of the spec (all variables, parsed), e.g. from a TLC counterexample or a {@code -dump} file. */
public record SpecState(Map<String, Object> vars) {
  public SpecState {
    vars = Map.copyOf(vars);
  }

  /** Parses TLC's variable texts. */
  public static SpecState fromText(Map<String, String> texts) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (Map.Entry<String, String> e : texts.entrySet()) {
      m.put(e.getKey(), TlaValueParser.parse(e.getValue()));
    }
    return new SpecState(m);
  }

  /** {@code var[node]}, or null if the variable is absent or not a function of servers. */
  public @Nullable Object of(String var, String node) {
    Object v = vars.get(var);
    return v instanceof Map<?, ?> m ? m.get(node) : null;
  }

  /** The trace position variable {@code l} of TraceRaft, or -1. */
  public long position() {
    Object v = vars.get("l");
    return v instanceof Long x ? x : -1;
  }

  /** The state without TraceRaft's own variable: the spec's variables only. */
  public SpecState specOnly() {
    Map<String, Object> m = new LinkedHashMap<>(vars);
    m.remove("l");
    return new SpecState(m);
  }
}
