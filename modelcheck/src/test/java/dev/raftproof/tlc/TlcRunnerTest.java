package dev.raftproof.tlc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Runs the real TLC (fresh JVM each time) on the toy specs in src/test/resources/tlc. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class TlcRunnerTest {
  private static final SpecSource TOY = SpecSource.classpath("tlc");
  private final TlcRunner runner = new TlcRunner();

  @Test
  void passingSpecExploresExactlySixteenDistinctStates() {
    List<TlcProgress> progress = new ArrayList<>();
    List<String> lines = new ArrayList<>();
    TlcResult r = runner.run(TOY, "Wrap", "Wrap", TlcOptions.defaults(), new TlcListener() {
      @Override
      public void progress(TlcProgress p) {
        progress.add(p);
      }

      @Override
      public void outputLine(String line) {
        lines.add(line);
      }
    });
    assertEquals(Verdict.PASS, r.verdict(), r::summary);
    assertEquals(16, r.figures().distinctStates());
    assertFalse(progress.isEmpty(), "TLC reports progress at the end of a run");
    TlcProgress last = progress.get(progress.size() - 1);
    assertEquals(16, last.distinctStates());
    assertEquals(0, last.queueSize());
    assertTrue(last.distinctStatesPerMinute() > 0);
    assertEquals(r.output(), lines);
    assertEquals(33, r.figures().statesGenerated());
    assertEquals(7, r.figures().depth());
    assertEquals(0, r.tlcExitCode());
    assertNull(r.violation());
    assertTrue(r.counterexample().isEmpty());
    assertNotNull(r.figures().tlcReportedTime());
  }

  @Test
  void invariantViolationNamesTheInvariantAndGivesTheShortestCounterexample() {
    TlcResult r = runner.run(TOY, "Counter", TlcOptions.defaults());
    assertEquals(Verdict.VIOLATION, r.verdict(), r::summary);
    assertTrue(r.violates("SumSmall"));
    Violation v = r.violation();
    assertNotNull(v);
    assertEquals(ViolationKind.INVARIANT, v.kind());
    List<TraceState> ce = r.counterexample();
    assertEquals(4, ce.size(), "BFS gives the shortest path to x + y = 3");
    assertEquals(4, r.figures().depth());
    assertEquals("Initial predicate", ce.get(0).action());
    assertEquals(Map.of("x", "0", "y", "0"), ce.get(0).variables());
    for (int i = 1; i < ce.size(); i++) {
      TraceState s = ce.get(i);
      assertEquals(i + 1, s.step());
      assertTrue(s.action().equals("IncX") || s.action().equals("IncY"), s.action());
      assertNotNull(s.location());
      assertTrue(s.location().endsWith("of module Counter"), s.location());
      assertEquals(1, CounterexampleFormatter.changedVariables(ce, i).size(), "each step changes one variable");
    }
    TraceState last = ce.get(3);
    assertEquals(3, Integer.parseInt(last.variables().get("x")) + Integer.parseInt(last.variables().get("y")));
  }

  @Test
  void actionPropertyViolation() {
    TlcResult r = runner.run(TOY, "Counter", "CounterAction", TlcOptions.defaults(), TlcListener.NONE);
    assertEquals(Verdict.VIOLATION, r.verdict(), r::summary);
    Violation v = r.violation();
    assertNotNull(v);
    assertEquals(ViolationKind.ACTION_PROPERTY, v.kind());
    assertEquals("XOnlyUp", v.name());
    assertEquals(2, r.counterexample().size());
    assertEquals("IncX", r.counterexample().get(1).action());
    assertEquals(List.of("x"), CounterexampleFormatter.changedVariables(r.counterexample(), 1));
  }

  @Test
  void assertionViolationCarriesTheAssertMessage() {
    TlcResult r = runner.run(TOY, "Wrap", "WrapAssert", TlcOptions.defaults(), TlcListener.NONE);
    assertEquals(Verdict.VIOLATION, r.verdict(), r::summary);
    Violation v = r.violation();
    assertNotNull(v);
    assertEquals(ViolationKind.ASSERTION, v.kind());
    assertEquals("y must not be 2 when x is Max", v.name());
    Map<String, String> last = r.counterexample().get(r.counterexample().size() - 1).variables();
    assertEquals("3", last.get("x"));
    assertEquals("2", last.get("y"));
  }

  @Test
  void deadlockIsAViolationUnlessDisabled() {
    SpecSource src = TOY.withFile("Dead.cfg", "CONSTANT Max = 2\nSPECIFICATION Spec\n");
    TlcResult r = runner.run(src, "Counter", "Dead", TlcOptions.defaults(), TlcListener.NONE);
    assertEquals(Verdict.VIOLATION, r.verdict(), r::summary);
    assertEquals(ViolationKind.DEADLOCK, r.violation().kind());
    assertEquals(Map.of("x", "2", "y", "2"), r.counterexample().get(r.counterexample().size() - 1).variables());

    TlcResult ok = runner.run(src, "Counter", "Dead", TlcOptions.defaults().withCheckDeadlock(false),
        TlcListener.NONE);
    assertEquals(Verdict.PASS, ok.verdict(), ok::summary);
    assertEquals(9, ok.figures().distinctStates());
  }

  @Test
  void mutatedModuleLayeredOnTopOfTheSpec() {
    // What a non-vacuity test does: replace a definition and check that the property is now violated.
    String mutated = readResource("tlc/Wrap.tla").replace("Max + 1", "Max + 2");
    SpecSource src = TOY.withFile("Wrap.tla", mutated);
    TlcResult r = runner.run(src, "Wrap", TlcOptions.defaults());
    assertTrue(r.violates("TypeOK"), r::summary);
  }

  @Test
  void parseErrorGivesFileAndLine() {
    TlcResult r = runner.run(TOY, "Broken", TlcOptions.defaults());
    assertEquals(Verdict.PARSE_ERROR, r.verdict(), r::summary);
    SpecParseError e = r.parseError();
    assertNotNull(e);
    assertNotNull(e.file());
    assertTrue(e.file().endsWith("Broken.tla"), e.file());
    assertTrue(e.file().startsWith("classpath:tlc"), "temp path mapped back to the source: " + e.file());
    assertEquals(5, e.line());
    assertEquals(14, e.column());
    assertFalse(e.toParagraph().contains("\n"));
    assertTrue(e.toParagraph().contains("line 5"), e.toParagraph());
  }

  @Test
  void semanticErrorGivesFileLineAndReason(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("Sem.tla"), readResource("tlc/Sem.tla"));
    Files.writeString(dir.resolve("Sem.cfg"), readResource("tlc/Sem.cfg"));
    TlcResult r = runner.run(SpecSource.directory(dir), "Sem", TlcOptions.defaults());
    assertEquals(Verdict.PARSE_ERROR, r.verdict(), r::summary);
    SpecParseError e = r.parseError();
    assertNotNull(e);
    assertEquals(dir.resolve("Sem.tla").toString(), e.file());
    assertEquals(5, e.line());
    assertTrue(e.message().contains("Unknown operator"), e.message());
    assertFalse(Files.exists(dir.resolve("states")), "TLC must not write states/ into the spec dir");
  }

  @Test
  void badConfigIsAParseErrorOfTheCfg() {
    TlcResult r = runner.run(TOY, "Wrap", "BadCfg", TlcOptions.defaults(), TlcListener.NONE);
    assertEquals(Verdict.PARSE_ERROR, r.verdict(), r::summary);
    assertNotNull(r.parseError());
    assertTrue(r.parseError().file().endsWith("BadCfg.cfg"), r.parseError().file());
    assertEquals(2, r.parseError().line());
  }

  @Test
  void missingConfigIsRejectedBeforeLaunching() {
    assertThrows(IllegalArgumentException.class, () -> runner.run(TOY, "Wrap", "Nope", TlcOptions.defaults(),
        TlcListener.NONE));
  }

  @Test
  void timeLimitDestroysTlcAndLeavesNoProcessBehind() {
    List<TlcProgress> progress = new ArrayList<>();
    long t0 = System.nanoTime();
    TlcResult r = runner.run(TOY, "Slow", "Slow", TlcOptions.defaults().withTimeLimit(Duration.ofSeconds(2)),
        new TlcListener() {
          @Override
          public void progress(TlcProgress p) {
            progress.add(p);
          }
        });
    long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
    assertEquals(Verdict.TIMEOUT, r.verdict(), r::summary);
    assertTrue(ms >= 2000 && ms < 30_000, "took " + ms + " ms");
    Optional<ProcessHandle> h = ProcessHandle.of(r.pid());
    assertTrue(h.isEmpty() || !h.get().isAlive(), "TLC process " + r.pid() + " still alive");
    assertEquals(-1, r.tlcExitCode());
  }

  @Test
  void simulationFindsTheViolationAndPassesWhenThereIsNone() {
    TlcOptions sim = TlcOptions.defaults().withSimulation(10).withTraces(200).withSeed(42L);
    TlcResult bad = runner.run(TOY, "Counter", sim);
    assertEquals(Verdict.VIOLATION, bad.verdict(), bad::summary);
    assertTrue(bad.violates("SumSmall"));
    assertTrue(bad.simulation());
    assertEquals(4, bad.counterexample().size(), "every step increments x or y");

    TlcResult ok = runner.run(TOY, "Wrap", sim);
    assertEquals(Verdict.PASS, ok.verdict(), ok::summary);
    assertTrue(ok.simulation());
    assertFalse(ok.budgetExhausted());
    assertTrue(ok.figures().statesGenerated() > 0);
  }

  @Test
  void dfidFindsTheViolationAndPasses() {
    TlcResult bad = runner.run(TOY, "Counter", TlcOptions.defaults().withDfid(10));
    assertEquals(Verdict.VIOLATION, bad.verdict(), bad::summary);
    assertTrue(bad.violates("SumSmall"));
    assertEquals(4, bad.counterexample().size());
    assertEquals(Map.of("x", "0", "y", "0"), bad.counterexample().get(0).variables());
    assertEquals(1, CounterexampleFormatter.changedVariables(bad.counterexample(), 3).size());

    TlcResult ok = runner.run(TOY, "Wrap", TlcOptions.defaults().withDfid(10));
    assertEquals(Verdict.PASS, ok.verdict(), ok::summary);
    assertEquals(16, ok.figures().distinctStates());
  }

  @Test
  void temporalPropertyViolationEndsInStuttering() {
    TlcResult r = runner.run(TOY, "Live", TlcOptions.defaults());
    assertEquals(Verdict.VIOLATION, r.verdict(), r::summary);
    assertEquals(ViolationKind.TEMPORAL, r.violation().kind());
    List<TraceState> ce = r.counterexample();
    assertEquals(2, ce.size());
    assertEquals("Stuttering", ce.get(1).action());
    assertEquals(Map.of("x", "0"), ce.get(1).variables());
  }

  @Test
  void evaluationErrorIsATlcErrorWithTheReason() {
    TlcResult r = runner.run(TOY, "EvalError", TlcOptions.defaults());
    assertEquals(Verdict.TLC_ERROR, r.verdict(), r::summary);
    assertNotNull(r.errorMessage());
    assertTrue(r.errorMessage().contains("Cannot cast tlc2.value.impl.StringValue"), r.errorMessage());
    assertTrue(r.errorMessage().contains("line 5"), r.errorMessage());
    assertEquals(3, r.counterexample().size(), "TLC prints the behaviour up to the failing step");
  }

  @Test
  void aListenerThatThrowsDoesNotBreakTheRun() {
    TlcResult r = runner.run(TOY, "Counter", "Counter", TlcOptions.defaults(), new TlcListener() {
      @Override
      public void outputLine(String line) {
        throw new IllegalStateException("boom");
      }
    });
    assertTrue(r.violates("SumSmall"), r::summary);
  }

  @Test
  void simulationTimeBudgetEndsInPassNotTimeout() {
    TlcOptions sim = TlcOptions.defaults().withSimulation(50).withTimeLimit(Duration.ofSeconds(3));
    TlcResult r = runner.run(TOY, "Slow", sim);
    assertEquals(Verdict.PASS, r.verdict(), r::summary);
    assertTrue(r.budgetExhausted());
    Optional<ProcessHandle> h = ProcessHandle.of(r.pid());
    assertTrue(h.isEmpty() || !h.get().isAlive());
  }

  private static String readResource(String name) {
    try (var in = TlcRunnerTest.class.getClassLoader().getResourceAsStream(name)) {
      assertNotNull(in, name);
      return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    } catch (java.io.IOException e) {
      throw new AssertionError(e);
    }
  }
}
