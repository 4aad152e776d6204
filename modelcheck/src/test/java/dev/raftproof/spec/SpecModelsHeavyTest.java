package dev.raftproof.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.raftproof.tlc.CounterexampleFormatter;
import dev.raftproof.tlc.SpecSource;
import dev.raftproof.tlc.TlcListener;
import dev.raftproof.tlc.TlcOptions;
import dev.raftproof.tlc.TlcResult;
import dev.raftproof.tlc.TlcRunner;
import dev.raftproof.tlc.Verdict;
import java.io.IOException;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The long TLC runs of spec/README.md (run with -Pheavy): the CI model explored completely with no violation, and the
 * unmutated spec on every mutation model (no violation within the row's budget), so that each mutation row's violation
 * is caused by its mutation alone.
 */
@Tag("heavy")
class SpecModelsHeavyTest {
  private final TlcRunner runner = new TlcRunner();

  @Test
  void ciModelIsExploredCompletelyWithNoViolation() {
    TlcResult r = runner.run(SpecSource.classpath("spec"), "MCraft_ci", "MCraft_ci", TlcOptions.defaults()
        .withWorkers(2).withHeap("4g").withTimeLimit(Duration.ofMinutes(30)).withCheckDeadlock(false),
        TlcListener.NONE);
    System.out.printf("MCraft_ci: %s; %,d distinct states, depth %d, %.1f s%n", r.summary(),
        r.figures().distinctStates(), r.figures().depth(), r.figures().wallTime().toMillis() / 1000.0);
    assertEquals(Verdict.PASS, r.verdict(), () -> r.summary() + "\n"
        + new CounterexampleFormatter(false).format(r.counterexample()));
  }

  @TestFactory
  Stream<DynamicTest> theUnmutatedSpecViolatesNothingOnTheMutationModels() throws IOException {
    return SpecMutationsTest.mutations().stream().map(SpecMutationsTest.Mutation::config).distinct()
        .map(config -> DynamicTest.dynamicTest(config, () -> {
          int budget = SpecMutationsTest.mutations().stream().filter(m -> m.config().equals(config))
              .mapToInt(SpecMutationsTest.Mutation::budgetSeconds).max().orElseThrow();
          TlcResult r = runner.run(SpecSource.classpath("spec"), config, config, TlcOptions.defaults()
              .withWorkers(2).withHeap("2g").withTimeLimit(Duration.ofSeconds(budget)).withCheckDeadlock(false),
              TlcListener.NONE);
          System.out.printf("unmutated on %s: %s; %,d distinct states, depth %d%n", config, r.summary(),
              r.figures().distinctStates(), r.figures().depth());
          assertFalse(r.verdict() == Verdict.VIOLATION || r.verdict() == Verdict.PARSE_ERROR
              || r.verdict() == Verdict.TLC_ERROR, () -> config + ": " + r.summary() + "\n"
              + new CounterexampleFormatter(false).format(r.counterexample()));
        }));
  }
}
