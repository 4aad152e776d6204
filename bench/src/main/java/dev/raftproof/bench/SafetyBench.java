package dev.raftproof.bench;

import dev.raftproof.core.ActionEvent;
import dev.raftproof.safety.SafetyMonitor;
import dev.raftproof.trace.Trace;
import dev.raftproof.trace.TraceEvent;
import dev.raftproof.trace.TraceReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * {@code SafetyBench TRACE-OR-DIR... [--passes P]}: events per second of {@link SafetyMonitor#check} over recorded
 * trace files (format v1). Parsing is done once, before timing; each pass checks every trace with a fresh monitor.
 * Three warm-up passes, then P timed passes (default 10); prints the best and the median pass.
 */
final class SafetyBench {
  private SafetyBench() {}

  static int run(List<String> args) throws Exception {
    int passes = 10;
    List<Path> files = new ArrayList<>();
    for (int i = 0; i < args.size(); i++) {
      String a = args.get(i);
      if (a.equals("--passes")) {
        passes = Integer.parseInt(args.get(++i));
      } else {
        Path p = Path.of(a);
        if (Files.isDirectory(p)) {
          try (Stream<Path> s = Files.list(p)) {
            s.filter(f -> f.toString().endsWith(".ndjson")).sorted().forEach(files::add);
          }
        } else {
          files.add(p);
        }
      }
    }
    if (files.isEmpty()) {
      System.err.println("safety: no trace files given");
      return 64;
    }
    List<List<ActionEvent>> traces = new ArrayList<>();
    long events = 0;
    long maxLog = 0;
    for (Path f : files) {
      Trace t = TraceReader.read(f);
      List<ActionEvent> es = new ArrayList<>();
      for (TraceEvent e : t.events()) {
        es.add(e.event());
        maxLog = Math.max(maxLog, e.event().state().log().size());
      }
      traces.add(es);
      events += es.size();
    }
    System.out.printf(Locale.ROOT, "safety: %d trace files, %,d events (longest live log %d entries)%n", files.size(),
        events, maxLog);
    int[] violations = new int[1];
    Runnable pass = () -> {
      int v = 0;
      for (List<ActionEvent> t : traces) {
        v += SafetyMonitor.check(t).size();
      }
      violations[0] = v;
    };
    for (int i = 0; i < 3; i++) {
      pass.run();
    }
    List<Measure> ms = new ArrayList<>();
    for (int i = 0; i < passes; i++) {
      ms.add(Measure.of(pass));
    }
    ms.sort((a, b) -> Long.compare(a.threadCpuNanos, b.threadCpuNanos));
    System.out.printf(Locale.ROOT, "violations found: %d%n", violations[0]);
    System.out.println("best pass:   " + ms.get(0).rates(events, "events"));
    System.out.println("median pass: " + ms.get(ms.size() / 2).rates(events, "events"));
    return 0;
  }
}
