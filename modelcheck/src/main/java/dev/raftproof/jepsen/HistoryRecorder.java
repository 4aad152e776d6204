package dev.raftproof.jepsen;

import dev.raftproof.server.ClientHistory;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * The run's history in Jepsen/Knossos EDN, one op map per line in real-time order (the order of the calls to
 * {@link #record}, which are serialised): {@code {:process 3, :type :invoke, :f :put, :key "g0k1", :value "v3-7",
 * :time NANOS}}, completions {@code :ok}, {@code :fail} (certainly no effect) or {@code :info} (unknown). Nemesis
 * lines have {@code :process :nemesis} (the checker ignores them). Counts ops by f and outcome for the summary.
 */
final class HistoryRecorder implements AutoCloseable {
  private final Writer out;
  private final long startNanos;
  private final Map<String, int[]> counts = new TreeMap<>(); // f -> [ok, fail, info]

  HistoryRecorder(Path file, long startNanos) throws IOException {
    this.out = new BufferedWriter(Files.newBufferedWriter(file, StandardCharsets.UTF_8));
    this.startNanos = startNanos;
  }

  /** One client event; {@code valueEdn} is already EDN (a string literal, a vector, nil). */
  synchronized void record(long process, String type, String f, String key, @Nullable String valueEdn) {
    line("{:process " + process + ", :type :" + type + ", :f :" + f + ", :key " + ClientHistory.str(key)
        + ", :value " + (valueEdn == null ? "nil" : valueEdn) + ", :time " + (System.nanoTime() - startNanos) + "}");
    int slot = switch (type) {
      case "ok" -> 0;
      case "fail" -> 1;
      case "info" -> 2;
      default -> -1;
    };
    if (slot >= 0) {
      counts.computeIfAbsent(f, x -> new int[3])[slot]++;
    }
  }

  /** A nemesis event (ignored by the checker, kept for the reader). */
  synchronized void nemesis(String f, String what) {
    line("{:process :nemesis, :type :info, :f :" + f + ", :value " + ClientHistory.str(what) + ", :time "
        + (System.nanoTime() - startNanos) + "}");
  }

  private void line(String s) {
    try {
      out.write(s);
      out.write('\n');
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** f -> {ok, fail, info}. */
  synchronized Map<String, int[]> counts() {
    Map<String, int[]> copy = new TreeMap<>();
    counts.forEach((k, v) -> copy.put(k, v.clone()));
    return copy;
  }

  @Override
  public synchronized void close() throws IOException {
    out.close();
  }
}
