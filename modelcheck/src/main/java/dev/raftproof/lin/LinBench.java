package dev.raftproof.lin;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Benchmark: checks every corpus history and prints our median time next to Porcupine's (from the anchors), with
 * peak heap per file and totals.
 *
 * <p>Method (as the anchors'): histories are parsed and completed once, outside the timing. One JIT warm-up pass over
 * the whole corpus, then per file: a warm-up phase (the check repeated for 300 ms or 2000 times, so that the JIT has
 * compiled this model's code; the first of these is reported as {@code first_ms}), then {@code runs} timed samples; each sample repeats the check
 * enough times to last at least 2 ms (like Porcupine's {@code iters}) and reports the mean; the file's figure is the
 * median sample. Partitions are checked one by one and the check stops at the first invalid partition (as Porcupine's
 * {@code CheckOperations}); the explanation of an invalid partition is included (it is built when the search fails).
 *
 * <p>Peak heap: before each file a {@code System.gc()} and a reset of the heap pools' peak usage; after its samples the
 * sum of the pools' peaks (an upper bound on the true peak, which includes the live baseline: parsed corpus and JVM).
 * The cache's own size (configurations kept) is printed too.
 *
 * <p>Usage: {@code LinBench [--shared DIR] [--runs N] [--markdown OUT.md] [--only SUBSTRING]} ({@code --only} times
 * only the files whose path contains SUBSTRING, after the same whole-corpus warm-up).
 */
public final class LinBench {
  private LinBench() {}

  record Item(String rel, Model model, List<Operation> ops, String expected, int events) {}

  record Row(String rel, String model, int ops, Verdict verdict, String expected, double ms, double cpuMs,
      double porcupineMs, double peakMiB, long cache, double firstMs) {}

  public static void main(String[] args) throws Exception {
    Path shared = Path.of(System.getProperty("raft.shared", "../shared"));
    int runs = 11;
    @Nullable Path md = null;
    String only = "";
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--shared" -> shared = Path.of(args[++i]);
        case "--runs" -> runs = Integer.parseInt(args[++i]);
        case "--markdown" -> md = Path.of(args[++i]);
        case "--only" -> only = args[++i];
        default -> {
          System.err.println("usage: LinBench [--shared DIR] [--runs N] [--markdown OUT.md] [--only SUBSTRING]");
          System.exit(64);
        }
      }
    }
    Map<String, Double> anchors = new HashMap<>();
    for (String a : List.of("porcupine-etcd.tsv", "porcupine-kv.tsv", "porcupine-knossos-data.tsv")) {
      Path p = shared.resolve("anchors/porcupine").resolve(a);
      List<String> lines = Files.readAllLines(p);
      String[] head = lines.get(0).split("\t");
      int col = Arrays.asList(head).indexOf("median_ms");
      int mode = Arrays.asList(head).indexOf("mode");
      for (String l : lines.subList(1, lines.size())) {
        String[] f = l.split("\t");
        // porcupine-kv.tsv also has the unsplit runs (mode kvnp); we compare with the split-by-key ones
        if (f.length > col && !(mode >= 0 && f[mode].equals("kvnp"))) {
          anchors.putIfAbsent(f[0], Double.parseDouble(f[col]));
        }
      }
    }
    List<Item> items = new ArrayList<>();
    for (String sub : List.of("knossos", "porcupine")) {
      Path dir = shared.resolve("corpus").resolve(sub);
      List<String> lines = Files.readAllLines(dir.resolve("EXPECTED.tsv"));
      for (String l : lines.subList(1, lines.size())) {
        if (l.isBlank()) {
          continue;
        }
        String[] f = l.split("\t");
        History h = HistoryReader.read(dir.resolve(f[0]), HistoryFormat.AUTO);
        items.add(new Item(sub + "/" + f[0], Models.parse(f[1]), Operation.complete(h), f[2], h.events().size()));
      }
    }
    LinearizabilityChecker.Options opts = LinearizabilityChecker.Options.defaults();
    opts.stopAtFirstInvalid = true;
    opts.timeLimitNanos = 60_000_000_000L;
    // JIT warm-up over the whole corpus
    for (int k = 0; k < 3; k++) {
      for (Item it : items) {
        LinearizabilityChecker.check(it.model(), it.ops(), opts, null);
      }
    }
    List<MemoryPoolMXBean> heapPools = ManagementFactory.getMemoryPoolMXBeans().stream()
        .filter(p -> p.getType() == MemoryType.HEAP).toList();
    List<Row> rows = new ArrayList<>();
    java.lang.management.ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    double loadBefore = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    System.out.printf(Locale.ROOT, "%-52s %6s %-8s %10s %10s %12s %7s %9s %8s %9s%n", "file", "ops", "verdict",
        "ours_ms", "cpu_ms", "porcupine_ms", "ratio", "peak_MiB", "cache", "first_ms");
    for (Item it : items) {
      if (!it.rel().contains(only)) {
        continue;
      }
      System.gc();
      heapPools.forEach(MemoryPoolMXBean::resetPeakUsage);
      long first0 = System.nanoTime();
      CheckResult warm = LinearizabilityChecker.check(it.model(), it.ops(), opts, null);
      double firstMs = (System.nanoTime() - first0) / 1e6;
      // warm-up phase: repeat until the JIT has seen this model's code (300 ms or 2000 checks)
      long warmEnd = System.nanoTime() + 300_000_000L;
      for (int w = 0; w < 2000 && System.nanoTime() < warmEnd; w++) {
        LinearizabilityChecker.check(it.model(), it.ops(), opts, null);
      }
      long t0 = System.nanoTime();
      LinearizabilityChecker.check(it.model(), it.ops(), opts, null);
      long one = Math.max(1, System.nanoTime() - t0);
      int iters = (int) Math.max(1, Math.min(100_000, 2_000_000L / one));
      double[] samples = new double[runs];
      double[] cpuSamples = new double[runs];
      for (int s = 0; s < runs; s++) {
        long cpu0 = threads.getCurrentThreadCpuTime();
        long start = System.nanoTime();
        for (int i = 0; i < iters; i++) {
          LinearizabilityChecker.check(it.model(), it.ops(), opts, null);
        }
        samples[s] = (System.nanoTime() - start) / 1e6 / iters;
        cpuSamples[s] = (threads.getCurrentThreadCpuTime() - cpu0) / 1e6 / iters;
      }
      Arrays.sort(samples);
      Arrays.sort(cpuSamples);
      double median = samples[runs / 2];
      double cpuMedian = cpuSamples[runs / 2];
      long peak = 0;
      for (MemoryPoolMXBean p : heapPools) {
        peak += p.getPeakUsage().getUsed();
      }
      long cache = warm.partitions().stream().mapToLong(PartitionResult::cacheEntries).sum();
      Double pm = anchors.get(it.rel());
      Row r = new Row(it.rel(), it.model().name(), it.ops().size(), warm.verdict(), it.expected(), median, cpuMedian,
          pm == null ? Double.NaN : pm, peak / 1048576.0, cache, firstMs);
      rows.add(r);
      System.out.printf(Locale.ROOT, "%-52s %6d %-8s %10.4f %10.4f %12.4f %7.2f %9.1f %8d %9.4f%n", r.rel(),
          r.ops(), r.verdict(), r.ms(), r.cpuMs(), r.porcupineMs(), r.ms() / r.porcupineMs(), r.peakMiB(), r.cache(),
          r.firstMs());
    }
    double loadAfter = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    String summary = summary(rows, runs) + String.format(Locale.ROOT,
        "machine: %d cores, load average %.2f before, %.2f after; java %s%n",
        Runtime.getRuntime().availableProcessors(), loadBefore, loadAfter, System.getProperty("java.version"));
    System.out.println();
    System.out.print(summary);
    if (md != null) {
      Files.writeString(md, markdown(rows, summary));
    }
  }

  static boolean matches(Row r) {
    return switch (r.expected()) {
      case "true" -> r.verdict() == Verdict.VALID;
      case "false" -> r.verdict() == Verdict.INVALID;
      default -> true;
    };
  }

  static String summary(List<Row> rows, int runs) {
    StringBuilder sb = new StringBuilder();
    for (String group : List.of("knossos/", "porcupine/jepsen/", "porcupine/kv/", "")) {
      List<Row> g = rows.stream().filter(r -> r.rel().startsWith(group)).toList();
      double ours = g.stream().mapToDouble(Row::ms).sum();
      double cpu = g.stream().mapToDouble(Row::cpuMs).sum();
      double theirs = g.stream().filter(r -> !Double.isNaN(r.porcupineMs())).mapToDouble(Row::porcupineMs).sum();
      Row max = g.stream().max((a, b) -> Double.compare(a.ms(), b.ms())).orElse(null);
      List<Row> slower = g.stream().filter(r -> r.ms() > r.porcupineMs()).toList();
      long slowerCpu = g.stream().filter(r -> r.cpuMs() > r.porcupineMs()).count();
      double first = g.stream().mapToDouble(Row::firstMs).sum();
      long wrong = g.stream().filter(r -> !matches(r)).count();
      double peak = g.stream().mapToDouble(Row::peakMiB).max().orElse(0);
      sb.append(String.format(Locale.ROOT,
          "%-18s files %3d  ours %9.3f ms (cpu %9.3f ms; first checks %9.3f ms)  porcupine %9.3f ms  max %s %.3f ms"
              + "  slower than porcupine (cpu: %d): %d%s  max peak heap %.1f MiB  wrong verdicts: %d%n",
          group.isEmpty() ? "ALL" : group, g.size(), ours, cpu, first, theirs, max == null ? "-" : max.rel(),
          max == null ? 0 : max.ms(), slowerCpu, slower.size(),
          slower.isEmpty() ? "" : " " + slower.stream().map(Row::rel).toList(), peak, wrong));
    }
    sb.append("median of ").append(runs).append(" samples per file\n");
    return sb.toString();
  }

  static String markdown(List<Row> rows, String summary) {
    StringBuilder sb = new StringBuilder();
    sb.append("```\n").append(summary).append("```\n\n");
    sb.append("| file | ops | verdict | ours ms | ours CPU ms | Porcupine ms | ratio | peak heap MiB | cache | first ms |\n");
    sb.append("|---|---:|---|---:|---:|---:|---:|---:|---:|---:|\n");
    for (Row r : rows) {
      sb.append(String.format(Locale.ROOT, "| %s | %d | %s | %.4f | %.4f | %.4f | %.2f | %.1f | %d | %.4f |%n",
          r.rel(), r.ops(), r.verdict(), r.ms(), r.cpuMs(), r.porcupineMs(), r.ms() / r.porcupineMs(), r.peakMiB(),
          r.cache(), r.firstMs()));
    }
    return sb.toString();
  }

}
