package dev.raftproof.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code raft tlc} through picocli's execute, on the toy specs (classpath tlc/). */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class TlcCommandTest {
  @TempDir
  Path outDir;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int raft(String... args) {
    CommandLine cl = RaftCli.newCommandLine();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    return cl.execute(args);
  }

  private int tlc(String... args) {
    String[] all = Stream.concat(Stream.of("tlc", "--spec-resource", "tlc", "--out", outDir.toString()),
        Stream.of(args)).toArray(String[]::new);
    return raft(all);
  }

  @Test
  void passExitsZeroWithFigures() {
    int code = tlc("Wrap");
    assertEquals(ExitCodes.PASS, code, out + "\n" + err);
    assertTrue(out.toString().contains("Verdict: PASS: model fully explored"), out.toString());
    assertTrue(out.toString().contains("distinct states 16"), out.toString());
    assertEquals("", err.toString());
  }

  @Test
  void violationExitsOneAndSavesTheCounterexample() throws Exception {
    int code = tlc("Counter.cfg");
    String o = out.toString();
    assertEquals(ExitCodes.VIOLATION, code, o + "\n" + err);
    assertTrue(o.contains("Verdict: VIOLATION of invariant SumSmall (counterexample of 4 states)"), o);
    assertTrue(o.contains("State 1: Initial predicate\n    x = 0\n    y = 0\n"), o);
    assertTrue(o.contains("State 4: "), o);
    assertTrue(o.contains("(1 variable unchanged)"), o);
    assertFalse(o.contains("\u001b["), "no ANSI codes when not on a terminal");
    List<Path> saved;
    try (Stream<Path> s = Files.walk(outDir)) {
      saved = s.filter(Files::isRegularFile).collect(Collectors.toList());
    }
    Path json = saved.stream().filter(p -> p.toString().endsWith("counterexample.json")).findFirst().orElseThrow();
    assertTrue(o.contains("Counterexample saved to "), o);
    assertTrue(o.contains(json.toString()), o);
    JsonNode doc = new ObjectMapper().readTree(json.toFile());
    assertEquals("INVARIANT", doc.get("violation").get("kind").asText());
    assertEquals("SumSmall", doc.get("violation").get("name").asText());
    assertEquals(4, doc.get("states").size());
    assertEquals(1, doc.get("states").get(3).get("changed").size());
    Path txt = json.resolveSibling("counterexample.txt");
    assertTrue(Files.readString(txt).contains("State 4: "));
  }

  @Test
  void parseErrorExitsTwoWithFileAndLineAndNoStackTrace() {
    int code = tlc("Broken");
    String e = err.toString();
    assertEquals(ExitCodes.SPEC_PARSE_ERROR, code, out + "\n" + e);
    assertTrue(e.contains("Broken.tla, line 5, column 14"), e);
    assertFalse(e.contains("\tat "), e);
    assertFalse(e.contains("Exception"), e);
  }

  @Test
  void timeLimitExitsThree() {
    int code = tlc("Slow", "--time-limit", "2");
    assertEquals(ExitCodes.NO_VERDICT, code, out + "\n" + err);
    assertTrue(out.toString().contains("Verdict: TIMEOUT"), out.toString());
  }

  @Test
  void simulationWithBudgetPasses() {
    int code = tlc("Wrap", "--simulate", "--depth", "20", "--traces", "100", "--seed", "7");
    assertEquals(ExitCodes.PASS, code, out + "\n" + err);
    assertTrue(out.toString().contains("simulation finished with no violation"), out.toString());
  }

  @Test
  void listShowsConfigsWithAModuleOfTheSameName() {
    int code = tlc("--list");
    assertEquals(ExitCodes.PASS, code, err.toString());
    String o = out.toString();
    assertTrue(o.contains("  Counter\n") && o.contains("  Wrap\n") && o.contains("  Slow\n"), o);
    assertFalse(o.contains("CounterAction"), "CounterAction.cfg has no module CounterAction.tla: " + o);
  }

  @Test
  void unknownConfigIsAUsageError() {
    int code = tlc("NoSuchConfig");
    assertEquals(ExitCodes.USAGE, code);
    assertTrue(err.toString().contains("no config 'NoSuchConfig'"), err.toString());
    assertTrue(err.toString().contains("available: "), err.toString());
    assertFalse(err.toString().contains("\tat "), err.toString());
  }

  @Test
  void userMistakesExit64WithoutStackTrace() {
    assertEquals(ExitCodes.USAGE, tlc("Wrap", "--depth", "5"));
    assertTrue(err.toString().contains("need --simulate"), err.toString());
    assertEquals(ExitCodes.USAGE, tlc("Wrap", "--workers", "zero"));
    assertEquals(ExitCodes.USAGE, tlc("Wrap", "--bogus"));
    assertEquals(ExitCodes.USAGE, tlc());
    assertEquals(ExitCodes.USAGE, raft("tlc", "--spec-dir", outDir.resolve("missing").toString(), "X"));
    assertEquals(ExitCodes.USAGE, raft("no-such-command"));
    assertFalse(err.toString().contains("\tat "), err.toString());
  }

  @Test
  void specDirOnDiskAndModuleOption() throws Exception {
    Path dir = Files.createDirectories(outDir.resolve("spec"));
    for (String f : List.of("Counter.tla", "CounterAction.cfg")) {
      try (var in = getClass().getClassLoader().getResourceAsStream("tlc/" + f)) {
        Files.copy(in, dir.resolve(f));
      }
    }
    int code = raft("tlc", "--spec-dir", dir.toString(), "--out", outDir.toString(), "--module", "Counter",
        "CounterAction");
    assertEquals(ExitCodes.VIOLATION, code, out + "\n" + err);
    assertTrue(out.toString().contains("VIOLATION of action property XOnlyUp"), out.toString());
  }

  @Test
  void helpShowsExitCodesOnEveryCommand() {
    assertEquals(0, raft("tlc", "--help"));
    String h = out.toString();
    assertTrue(h.contains("Exit codes:"), h);
    assertTrue(h.contains("64") && h.contains("70") && h.contains("--simulate") && h.contains("--list"), h);
    out.getBuffer().setLength(0);
    assertEquals(0, raft("--help"));
    assertTrue(out.toString().contains("Exit codes:") && out.toString().contains("tlc"), out.toString());
  }
}
