package dev.raftproof.jepsen;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/** The summary text of a run, and deleting a passed run's directory. */
final class Report {
  private Report() {}

  static String text(HarnessOptions o, Map<Check, CheckOutcome> checks, JepsenResult.Summary s, int exit) {
    StringBuilder b = new StringBuilder();
    b.append("== raft jepsen: seed ").append(s.seed()).append(" (").append(o).append(")\n");
    int total = 0;
    int[] sum = new int[3];
    StringBuilder ops = new StringBuilder();
    for (Map.Entry<String, int[]> e : s.ops().entrySet()) {
      int[] c = e.getValue();
      ops.append(String.format(Locale.ROOT, "   %-7s ok %6d  fail %5d  info %5d%n", e.getKey(), c[0], c[1], c[2]));
      for (int i = 0; i < 3; i++) {
        sum[i] += c[i];
      }
    }
    total = sum[0] + sum[1] + sum[2];
    b.append("ops: ").append(total).append(" (ok ").append(sum[0]).append(", fail ").append(sum[1]).append(", info ")
        .append(sum[2]).append(")\n").append(ops);
    int faults = s.faults().values().stream().mapToInt(Integer::intValue).sum();
    b.append("faults: ").append(faults);
    s.faults().entrySet().stream().sorted(Map.Entry.comparingByKey())
        .forEach(e -> b.append(", ").append(e.getKey().cliName()).append(' ').append(e.getValue()));
    b.append("; torn WAL tails repaired on restart: ").append(s.tornRecoveries()).append('\n');
    if (s.traceEvents() >= 0) {
      b.append("traces: ").append(s.traceEvents()).append(" events, ").append(s.elections())
          .append(" elections started (BecomeCandidate/HandleTimeoutNow), ").append(s.leaderChanges())
          .append(" leaders elected (BecomeLeader)\n");
    }
    for (Check c : Check.values()) {
      CheckOutcome co = checks.get(c);
      if (co != null) {
        b.append(String.format(Locale.ROOT, "%-20s %-7s %6.1f s  %s%n", c, co.status(), co.millis() / 1000.0,
            co.detail()));
      }
    }
    String verdict = exit == 0 ? "PASS" : exit == 1 ? "VIOLATION" : exit == 3 ? "NO VERDICT" : "INTERNAL ERROR";
    b.append(String.format(Locale.ROOT, "verdict: %s (exit %d), wall %.1f s, load average %s%n", verdict, exit,
        s.wallMillis() / 1000.0, loadAverage()));
    return b.toString();
  }

  static String loadAverage() {
    try {
      List<String> l = Files.readAllLines(Path.of("/proc/loadavg"));
      if (!l.isEmpty()) {
        String[] p = l.get(0).split(" ");
        return p.length >= 3 ? p[0] + " " + p[1] + " " + p[2] : l.get(0);
      }
    } catch (IOException e) {
      // not Linux
    }
    return String.format(Locale.ROOT, "%.2f",
        java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
  }

  static void deleteRecursively(Path p) throws IOException {
    if (!Files.exists(p)) {
      return;
    }
    try (Stream<Path> s = Files.walk(p)) {
      for (Path q : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(q);
      }
    }
  }
}
