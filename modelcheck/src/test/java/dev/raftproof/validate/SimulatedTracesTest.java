package dev.raftproof.validate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.raftproof.sim.Batch;
import dev.raftproof.sim.SimConfig;
import dev.raftproof.trace.TraceFile;
import dev.raftproof.trace.TraceReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * What CI validates besides the curated traces: {@value #RUNS} freshly simulated traces (every fault on, seeds
 * printed; the base seed is {@code -Draft.sim.seed=N} or the time), all accepted by the spec in as few TLC runs as
 * possible ({@link TraceValidator#validateAll}: one run for all traces with the same servers). Then the spec coverage
 * over them and the curated PASS traces is printed and written to {@code target/spec-coverage-ci.tsv}.
 * Replay one: {@code bin/raft simulate --runs 1 --seed SEED --steps STEPS --trace-dir DIR}, then validate the file.
 */
class SimulatedTracesTest {
  static final int RUNS = 50;
  static final int STEPS = 400;

  @TempDir Path tmp;

  @Test
  @Timeout(1200)
  void fiftyFreshlySimulatedTracesAreAcceptedByTheSpec() throws Exception {
    long base = Long.getLong("raft.sim.seed", System.currentTimeMillis() % 1_000_000_000L);
    System.out.println("SimulatedTracesTest: base seed " + base + ", " + RUNS + " runs (seeds " + base + ".."
        + (base + RUNS - 1) + "), " + STEPS + " steps each; replay with -Draft.sim.seed=" + base);
    Batch.Result sim = Batch.run(SimConfig.defaults(base).withSteps(STEPS), RUNS, tmp, null, null, 0);
    assertEquals(RUNS, sim.runs());
    assertEquals(List.of(), sim.failures(), "the simulator's own safety check (seed in the failure)");

    List<TraceFile> traces = new ArrayList<>();
    try (Stream<Path> s = Files.list(tmp)) {
      for (Path p : s.filter(x -> x.toString().endsWith(".ndjson")).sorted().toList()) {
        traces.add(TraceReader.readLogged(p));
      }
    }
    assertEquals(RUNS, traces.size());
    long events = traces.stream().mapToLong(t -> t.events().size()).sum();
    long t0 = System.nanoTime();
    List<ValidationResult> results = new TraceValidator().validateAll(traces,
        TraceValidator.Options.of(TestSpecs.spec()).withTimeLimit(Duration.ofSeconds(900)));
    double seconds = (System.nanoTime() - t0) / 1e9;
    double load = java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    System.out.printf("SimulatedTracesTest: %d traces, %d events validated in %.1f s (load average %.1f)%n",
        traces.size(), events, seconds, load);
    Coverage cov = new Coverage();
    for (int i = 0; i < results.size(); i++) {
      ValidationResult r = results.get(i);
      assertEquals(Verdict.PASS, r.verdict(), "seed of " + traces.get(i).name() + ":\n"
          + TextReport.of(traces.get(i).name(), r));
      cov.add(r);
    }

    // coverage over CI's traces: these and the curated traces that must pass
    List<TraceFile> curated = new ArrayList<>();
    for (String line : Files.readAllLines(TestSpecs.traces().resolve("EXPECTED.tsv"), StandardCharsets.UTF_8)) {
      String[] c = line.split("\t");
      if (c.length >= 2 && c[1].equals("PASS")) {
        curated.add(TraceMerger.merge(TraceInputs.group(List.of(TestSpecs.traces().resolve(c[0]))).get(0).files()));
      }
    }
    for (ValidationResult r : new TraceValidator().validateAll(curated,
        TraceValidator.Options.of(TestSpecs.spec()).withTimeLimit(Duration.ofSeconds(600)))) {
      assertEquals(Verdict.PASS, r.verdict(), r.trace().name());
      cov.add(r);
    }
    String table = cov.table();
    System.out.print(table);
    Path out = Paths.get("target", "spec-coverage-ci.tsv");
    Files.createDirectories(out.getParent());
    Files.writeString(out, cov.tsv(), StandardCharsets.UTF_8);
    System.out.println("SimulatedTracesTest: coverage written to " + out.toAbsolutePath());
    for (String action : Coverage.BRANCHES.keySet()) {
      assertTrue(cov.tsv().contains("\n" + action + "\t"), "every spec action has a row: " + action);
    }
  }
}
