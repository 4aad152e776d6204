package dev.raftproof.server;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Merges the per-node client histories of one run ({@link ClientHistory}) into one history in real-time order, the
 * input {@code raft lin-check --model kv} needs. Lines are sorted by {@code :time}; at equal times invocations go
 * before completions (treating the two ops as concurrent, which can only make the check more permissive, never
 * wrong). A last line cut by a crash (no closing brace) is dropped.
 */
public final class HistoryMerge {
  private static final Pattern TIME = Pattern.compile(":time (\\d+)\\}\\s*$");

  private HistoryMerge() {}

  private record Line(long time, boolean invoke, int order, String text) {}

  /** Merges every {@code *.edn} file in {@code dir} (except {@code out}) into {@code out}; returns the op lines. */
  public static int merge(Path dir, Path out) throws IOException {
    List<Path> files = new ArrayList<>();
    try (Stream<Path> s = Files.list(dir)) {
      s.filter(p -> p.toString().endsWith(".edn"))
          .filter(p -> !p.toAbsolutePath().equals(out.toAbsolutePath()))
          .sorted()
          .forEach(files::add);
    }
    return merge(files, out);
  }

  public static int merge(List<Path> files, Path out) throws IOException {
    List<Line> lines = new ArrayList<>();
    int order = 0;
    for (Path f : files) {
      for (String l : Files.readAllLines(f, StandardCharsets.UTF_8)) {
        Matcher m = TIME.matcher(l);
        if (!m.find()) {
          continue; // torn by a crash, or blank
        }
        String t = m.group(1);
        lines.add(new Line(t == null ? 0 : Long.parseLong(t), l.contains(":type :invoke"), order++, l.strip()));
      }
    }
    lines.sort(Comparator.comparingLong(Line::time).thenComparing(l -> !l.invoke()).thenComparingInt(Line::order));
    Path tmp = out.resolveSibling(out.getFileName() + ".tmp");
    try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
      for (Line l : lines) {
        w.write(l.text());
        w.write('\n');
      }
    }
    Files.move(tmp, out, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
        java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    return lines.size();
  }
}
