package dev.raftproof.storage;

import dev.raftproof.core.Entry;
import dev.raftproof.core.HardState;
import dev.raftproof.core.Ready;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Group-commit benchmark: W writer threads each persist one step at a time (one 128-byte entry plus a hard state)
 * and wait for its fsync; reports appends/s and log fsyncs/s. Usage: {@code StorageBenchmark <empty dir> [seconds]};
 * results and method in BENCH-RESULTS.md.
 */
// Index arithmetic for the Readies it builds.
@SuppressWarnings("raftnumber")
public final class StorageBenchmark {
  private StorageBenchmark() {}

  /** One measurement. */
  public record Result(int writers, long appends, long fsyncs, double seconds) {
    public double appendsPerSecond() {
      return appends / seconds;
    }

    public double fsyncsPerSecond() {
      return fsyncs / seconds;
    }

    @Override
    public String toString() {
      return String.format("writers=%3d  appends/s=%9.0f  fsyncs/s=%7.0f  appends/fsync=%6.1f  (%d appends in %.1f s)",
          writers, appendsPerSecond(), fsyncsPerSecond(), fsyncs == 0 ? 0.0 : (double) appends / fsyncs, appends,
          seconds);
    }
  }

  public static void main(String[] args) throws Exception {
    if (args.length < 1) {
      System.err.println("usage: StorageBenchmark <empty directory> [seconds per run, default 5]");
      System.exit(2);
    }
    Path dir = Path.of(args[0]);
    double seconds = args.length > 1 ? Double.parseDouble(args[1]) : 5;
    for (int w : new int[] {1, 16, 64}) {
      System.out.println(run(dir.resolve("writers-" + w), w, seconds));
    }
  }

  /** Runs W writers for the given time against a new storage in {@code dir}. */
  public static Result run(Path dir, int writers, double seconds) throws IOException, InterruptedException {
    AtomicLong walFsyncs = new AtomicLong();
    StorageOptions opts = StorageOptions.DEFAULT.withFsyncHook(p -> {
      Path fn = p.getFileName();
      if (fn != null && fn.toString().startsWith("wal-")) {
        walFsyncs.incrementAndGet();
      }
    });
    String value = "x".repeat(128);
    AtomicLong appends = new AtomicLong();
    Object lock = new Object();
    List<@Nullable Throwable> errors = new ArrayList<>();
    try (DiskStorage s = DiskStorage.open(dir, opts)) {
      long fsyncsBefore = walFsyncs.get();
      long start = System.nanoTime();
      long deadline = start + (long) (seconds * 1e9);
      List<Thread> threads = new ArrayList<>();
      for (int t = 0; t < writers; t++) {
        Thread th = new Thread(() -> {
          try {
            while (System.nanoTime() < deadline) {
              CompletableFuture<@Nullable Void> f;
              synchronized (lock) {
                long from = s.lastIndex() + 1;
                Ready r = new Ready(List.of(), new HardState(1, "s1", from - 1), from, List.of(Entry.value(1, value)),
                    null, null, 1, List.of(), List.of(), List.of());
                f = s.persistAsync(r);
              }
              f.join();
              appends.incrementAndGet();
            }
          } catch (RuntimeException e) {
            synchronized (errors) {
              errors.add(e);
            }
          }
        }, "bench-writer-" + t);
        threads.add(th);
        th.start();
      }
      for (Thread th : threads) {
        th.join();
      }
      double elapsed = (System.nanoTime() - start) / 1e9;
      if (!errors.isEmpty()) {
        throw new IOException("a writer failed: " + errors.get(0));
      }
      return new Result(writers, appends.get(), walFsyncs.get() - fsyncsBefore, elapsed);
    }
  }
}
