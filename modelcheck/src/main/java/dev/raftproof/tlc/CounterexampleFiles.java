package dev.raftproof.tlc;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.checkerframework.checker.nullness.qual.Nullable;

/** Saves a counterexample as text ({@code counterexample.txt}) and JSON ({@code counterexample.json}). */
public final class CounterexampleFiles {
  private CounterexampleFiles() {}

  /** The two files written. */
  public record Saved(Path text, Path json) {}

  /**
   * Writes both files into {@code dir} (created if needed).
   *
   * @param title first line of the text file, e.g. the module and config names
   */
  public static Saved save(Path dir, String title, TlcResult result) throws IOException {
    Files.createDirectories(dir);
    Path txt = dir.resolve("counterexample.txt");
    Path json = dir.resolve("counterexample.json");
    StringBuilder sb = new StringBuilder();
    sb.append(title).append('\n').append(result.summary()).append('\n');
    Violation v = result.violation();
    if (v != null) {
      sb.append(v.message()).append('\n');
    }
    sb.append('\n').append(new CounterexampleFormatter(false).format(result.counterexample()));
    List<TraceState> ce = result.counterexample();
    if (!ce.isEmpty()) {
      sb.append("Full last state (").append(ce.size()).append("):\n");
      for (Map.Entry<String, String> e : ce.get(ce.size() - 1).variables().entrySet()) {
        sb.append("    ").append(e.getKey()).append(" = ").append(e.getValue().replace("\n", "\n      "))
            .append('\n');
      }
    }
    Files.writeString(txt, sb.toString(), StandardCharsets.UTF_8);

    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("title", title);
    doc.put("verdict", result.verdict().name());
    if (v != null) {
      Map<String, @Nullable Object> vm = new LinkedHashMap<>();
      vm.put("kind", v.kind().name());
      vm.put("name", v.name());
      vm.put("message", v.message());
      doc.put("violation", vm);
    }
    List<Object> states = new ArrayList<>();
    for (int i = 0; i < ce.size(); i++) {
      TraceState s = ce.get(i);
      Map<String, @Nullable Object> sm = new LinkedHashMap<>();
      sm.put("step", s.step());
      sm.put("action", s.action());
      sm.put("location", s.location());
      sm.put("changed", CounterexampleFormatter.changedVariables(ce, i));
      sm.put("variables", s.variables());
      states.add(sm);
    }
    doc.put("states", states);
    new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(json.toFile(), doc);
    return new Saved(txt, json);
  }
}
