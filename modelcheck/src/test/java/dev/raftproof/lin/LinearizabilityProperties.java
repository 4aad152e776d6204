package dev.raftproof.lin;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.statistics.Statistics;

/**
 * Generated histories: a sequential run of a model with random overlaps is always linearizable; with one read changed,
 * the checker agrees with a brute-force checker on small histories. jqwik prints the seed and the generated values on
 * failure; rerun with {@code @Property(seed = "...")} to replay.
 */
class LinearizabilityProperties {

  private static final Model CAS = new CasRegisterModel(0L);
  private static final Model KV = new KvModel("");

  @Property(tries = 300)
  void sequentialCasRunsWithOverlapsAreValid(@ForAll long seed, @ForAll @IntRange(min = 1, max = 60) int n,
      @ForAll @IntRange(min = 0, max = 4) int spread) throws Exception {
    History h = HistoryGen.history(HistoryGen.casRegister(seed, n, spread));
    CheckResult r = LinearizabilityChecker.check(CAS, Operation.complete(h));
    assertEquals(Verdict.VALID, r.verdict(), () -> HistoryWriter.toEdn(h));
  }

  @Property(tries = 200)
  void sequentialKvRunsWithOverlapsAreValid(@ForAll long seed, @ForAll @IntRange(min = 1, max = 60) int n,
      @ForAll @IntRange(min = 0, max = 4) int spread) throws Exception {
    History h = HistoryGen.history(HistoryGen.kv(seed, n, spread));
    CheckResult r = LinearizabilityChecker.check(KV, Operation.complete(h));
    assertEquals(Verdict.VALID, r.verdict(), () -> HistoryWriter.toEdn(h));
  }

  @Property(tries = 1000)
  void casWithOneReadChangedAgreesWithBruteForce(@ForAll long seed, @ForAll @IntRange(min = 1, max = 7) int n,
      @ForAll @IntRange(min = 0, max = 3) int spread) throws Exception {
    List<HistoryGen.Spec> specs = HistoryGen.casRegister(seed, n, spread);
    changeOneRead(specs, seed, r -> (long) r.nextInt(5));
    Statistics.collect(agree(CAS, HistoryGen.history(specs)));
    // both answers must actually occur, or the comparison proves little
    Statistics.coverage(c -> {
      c.check(Verdict.INVALID).percentage(p -> p > 5);
      c.check(Verdict.VALID).percentage(p -> p > 5);
    });
  }

  @Property(tries = 1000)
  void kvWithOneReadChangedAgreesWithBruteForce(@ForAll long seed, @ForAll @IntRange(min = 1, max = 7) int n,
      @ForAll @IntRange(min = 0, max = 3) int spread) throws Exception {
    List<HistoryGen.Spec> specs = HistoryGen.kv(seed, n, spread);
    changeOneRead(specs, seed, r -> List.of("", "x", "y", "xy", "yx").get(r.nextInt(5)));
    Statistics.collect(agree(KV, HistoryGen.history(specs)));
    Statistics.coverage(c -> {
      c.check(Verdict.INVALID).percentage(p -> p > 5);
      c.check(Verdict.VALID).percentage(p -> p > 5);
    });
  }

  @Property(tries = 300)
  void unchangedSmallHistoriesAgreeWithBruteForce(@ForAll long seed, @ForAll @IntRange(min = 1, max = 7) int n,
      @ForAll @IntRange(min = 0, max = 3) int spread) throws Exception {
    agree(CAS, HistoryGen.history(HistoryGen.casRegister(seed, n, spread)));
  }

  private static void changeOneRead(List<HistoryGen.Spec> specs, long seed,
      java.util.function.Function<Random, Object> newValue) {
    List<HistoryGen.Spec> reads = new ArrayList<>();
    for (HistoryGen.Spec s : specs) {
      if ((s.f.equals("read") || s.f.equals("get")) && s.outcome.equals("ok")) {
        reads.add(s);
      }
    }
    if (reads.isEmpty()) {
      return;
    }
    Random r = new Random(seed ^ 0x5bd1e995L);
    HistoryGen.Spec s = reads.get(r.nextInt(reads.size()));
    s.value = newValue.apply(r);
  }

  private static Verdict agree(Model model, History h) throws Exception {
    List<Operation> ops = Operation.complete(h);
    boolean expected = BruteForce.linearizable(model, ops);
    CheckResult r = LinearizabilityChecker.check(model, ops);
    assertEquals(expected ? Verdict.VALID : Verdict.INVALID, r.verdict(), () -> HistoryWriter.toEdn(h));
    return r.verdict();
  }
}
