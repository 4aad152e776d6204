package dev.raftproof.validate;

import dev.raftproof.trace.TraceFile;
import dev.raftproof.trace.TraceFormatException;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every trace in traces/EXPECTED.tsv gets its expected verdict, first failing event and reason keyword. */
class CuratedTracesTest {
  static Stream<Arguments> expected() throws Exception {
    List<Arguments> rows = new ArrayList<>();
    for (String line : Files.readAllLines(TestSpecs.traces().resolve("EXPECTED.tsv"), StandardCharsets.UTF_8)) {
      if (line.startsWith("#") || line.startsWith("path\t") || line.isBlank()) {
        continue;
      }
      String[] c = line.split("\t");
      rows.add(Arguments.of(c[0], c[1], c[2], c[3]));
    }
    return rows.stream();
  }

  @Test
  void everyCuratedTraceHasAnExpectation() throws Exception {
    List<String> listed = expected().map(a -> (String) a.get()[0]).toList();
    assertFalse(listed.isEmpty());
    try (Stream<Path> s = Files.walk(TestSpecs.traces())) {
      for (Path p : s.filter(x -> x.toString().endsWith(".ndjson")).toList()) {
        Path rel = TestSpecs.traces().relativize(p);
        String key = rel.getParent() != null && rel.getParent().toString().matches(".*(per-node|impossible-order)")
            ? rel.getParent().toString() : rel.toString();
        assertEquals(true, listed.contains(key), "traces/" + key + " has no row in EXPECTED.tsv");
      }
    }
  }

  @ParameterizedTest(name = "{0}: {1} {2} {3}")
  @MethodSource("expected")
  @Timeout(240)
  void verdictAndFirstFailingEventAreAsExpected(String path, String verdict, String event, String keyword)
      throws Exception {
    String[] got = outcome(TestSpecs.traces().resolve(path));
    assertEquals(verdict + " " + event + " " + keyword, got[0] + " " + got[1] + " " + got[2], got[3]);
  }

  /** verdict, event, keyword, details. */
  static String[] outcome(Path p) throws Exception {
    TraceFile t;
    try {
      List<TraceInputs.Input> in = TraceInputs.group(List.of(p));
      assertEquals(1, in.size());
      t = TraceMerger.merge(in.get(0).files());
    } catch (TraceFormatException e) {
      return new String[] {"BAD_INPUT", "-", String.valueOf(e.field()), e.getMessage()};
    } catch (TraceMerger.ImpossibleOrderException e) {
      return new String[] {"REJECTED", "-", "order", String.valueOf(e.getMessage())};
    }
    ValidationResult r = new TraceValidator().validate(t,
        TraceValidator.Options.of(TestSpecs.spec()).withTimeLimit(Duration.ofSeconds(200)));
    Failure f = r.failure();
    return new String[] {r.verdict().name(), f == null ? "-" : Integer.toString(f.index()),
        f == null ? "-" : f.keyword(), TextReport.of(p.toString(), r)};
  }
}
