package dev.raftproof.validate;

import dev.raftproof.tlc.TraceState;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/** Reads the states of a TLC {@code -dump} file ("State n:" then {@code /\ var = value} lines). */
public final class DumpFileParser {
  private DumpFileParser() {}

  public static List<SpecState> read(Path dump) throws IOException {
    List<SpecState> out = new ArrayList<>();
    forEach(dump, out::add);
    return out;
  }

  /** Streams the states, so that a large dump need not fit in memory at once. */
  public static void forEach(Path dump, Consumer<SpecState> sink) throws IOException {
    try (BufferedReader r = Files.newBufferedReader(dump, StandardCharsets.UTF_8)) {
      List<String> block = new ArrayList<>();
      String line;
      while ((line = r.readLine()) != null) {
        if (line.startsWith("State ") && line.endsWith(":")) {
          flush(block, sink);
        } else {
          block.add(line);
        }
      }
      flush(block, sink);
    }
  }

  private static void flush(List<String> block, Consumer<SpecState> sink) {
    if (block.stream().anyMatch(s -> s.startsWith("/\\ "))) {
      Map<String, String> vars = new LinkedHashMap<>(variables(block));
      sink.accept(SpecState.fromText(vars));
    }
    block.clear();
  }

  /** Same {@code /\ x = v} layout as TLC's counterexample states. */
  static Map<String, String> variables(List<String> lines) {
    Map<String, String> vars = new LinkedHashMap<>();
    String name = null;
    StringBuilder value = new StringBuilder();
    for (String l : lines) {
      if (l.startsWith("/\\ ")) {
        if (name != null) {
          vars.put(name, value.toString());
        }
        String s = l.substring(3);
        int eq = s.indexOf(" = ");
        name = eq < 0 ? s.strip() : s.substring(0, eq).strip();
        value = new StringBuilder(eq < 0 ? "" : s.substring(eq + 3));
      } else if (name != null && !l.isBlank()) {
        value.append('\n').append(l);
      }
    }
    if (name != null) {
      vars.put(name, value.toString());
    }
    return vars;
  }

  /** A counterexample state from the TLC runner, parsed. */
  public static SpecState of(TraceState s) {
    return SpecState.fromText(s.variables());
  }
}
