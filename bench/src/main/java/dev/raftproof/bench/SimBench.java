package dev.raftproof.bench;

import dev.raftproof.sim.Fault;
import dev.raftproof.sim.SimConfig;
import dev.raftproof.sim.SimResult;
import dev.raftproof.sim.Simulation;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * {@code SimBench [--runs R] [--steps S] [--seed X] [--warmup W] [--modes off,check,null,file,file+check] [--dir DIR]}: node steps
 * per second of the deterministic simulator, one thread. Node step = one input handed to a RaftNode (tick, message,
 * client or admin request, restart) with all its Readys carried out. Modes: {@code off} tracing off, no safety
 * checks; {@code check} tracing off, the safety checks after every step; {@code null} tracing on, written to
 * /dev/null (event building and JSON, no disk); {@code file} tracing to one file per run in DIR (deleted after);
 * {@code file+check} the same with the checks. Every mode runs the same seeds (so the same schedules); before the
 * timed runs each mode runs W other seeds (default R/4) to warm up the JIT.
 */
final class SimBench {
  private SimBench() {}

  static int run(List<String> args) throws IOException {
    int runs = 1000;
    int steps = 1000;
    long seed = 1;
    List<String> modes = List.of("off", "check", "null", "file", "file+check");
    Path dir = null;
    int warmup = -1;
    for (int i = 0; i < args.size(); i++) {
      switch (args.get(i)) {
        case "--runs" -> runs = Integer.parseInt(args.get(++i));
        case "--steps" -> steps = Integer.parseInt(args.get(++i));
        case "--seed" -> seed = Long.parseLong(args.get(++i));
        case "--modes" -> modes = List.of(args.get(++i).split(","));
        case "--dir" -> dir = Path.of(args.get(++i));
        case "--warmup" -> warmup = Integer.parseInt(args.get(++i));
        default -> {
          System.err.println("sim: unknown option " + args.get(i));
          return 64;
        }
      }
    }
    final long firstSeed = seed;
    final int timedRuns = runs;
    final int warmupRuns = warmup < 0 ? Math.max(1, runs / 4) : warmup;
    Path traceDir = dir == null ? Files.createTempDirectory("simbench") : Files.createDirectories(dir);
    System.out.printf(Locale.ROOT, "sim: %d runs x %d steps (seeds %d..%d), faults all, 3 nodes + 1 spare, %d warm-up "
        + "runs per mode; %s%n", runs, steps, seed, seed + runs - 1, warmupRuns, Runtime.version());
    try {
      for (String mode : modes) {
        SimConfig base = SimConfig.defaults(seed).withSteps(steps).withFaults(Fault.parse("all"));
        runMode(mode, base, seed + 1_000_000, warmupRuns, traceDir); // warm-up
        long[] totals = new long[3];
        Measure m = Measure.of(() -> {
          long[] t = runMode(mode, base, firstSeed, timedRuns, traceDir);
          System.arraycopy(t, 0, totals, 0, 3);
        });
        System.out.printf(Locale.ROOT, "%-10s %,d node steps, %,d trace events, %,d trace bytes: %s%n", mode,
            totals[0], totals[1], totals[2], m.rates(totals[0], "node steps"));
      }
    } finally {
      if (dir == null) {
        try (Stream<Path> s = Files.walk(traceDir)) {
          s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
      }
    }
    return 0;
  }

  /** Runs seeds {@code first..first+runs-1} in {@code mode}; returns node steps, trace events, trace bytes. */
  private static long[] runMode(String mode, SimConfig base, long first, int runs, Path traceDir) {
    long nodeSteps = 0;
    long events = 0;
    long bytes = 0;
    for (int r = 0; r < runs; r++) {
      long s = first + r;
      SimConfig c = base.withSeed(s);
      Path file = null;
      switch (mode) {
        case "off" -> c = c.withCheckSafety(false);
        case "check" -> c = c.withCheckSafety(true);
        case "null" -> c = c.withCheckSafety(false).withTrace(Path.of("/dev/null"));
        case "file" -> c = c.withCheckSafety(false).withTrace(file = traceDir.resolve("trace-" + s + ".ndjson"));
        case "file+check" -> c = c.withCheckSafety(true).withTrace(file = traceDir.resolve("trace-" + s + ".ndjson"));
        default -> throw new IllegalArgumentException("unknown mode " + mode);
      }
      SimResult res = Simulation.run(c);
      if (!res.ok()) {
        throw new IllegalStateException("seed " + s + " violated safety: " + res.violations());
      }
      nodeSteps += res.nodeSteps();
      events += res.traceEvents();
      if (file != null) {
        try {
          bytes += Files.size(file);
          Files.delete(file);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
    }
    return new long[] {nodeSteps, events, bytes};
  }
}
