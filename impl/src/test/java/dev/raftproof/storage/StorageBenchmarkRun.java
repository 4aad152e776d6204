package dev.raftproof.storage;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs {@link StorageBenchmark} on this machine's disk (under a JUnit temp dir). Heavy: only with
 * {@code -Dsurefire.excludedGroups=none -Dtest=dev.raftproof.storage.StorageBenchmarkRun} (or -Pheavy).
 */
@Tag("heavy")
class StorageBenchmarkRun {
  @TempDir Path tmp;

  @Test
  @Timeout(value = 300, unit = TimeUnit.SECONDS)
  void benchmark() throws Exception {
    double seconds = Double.parseDouble(System.getProperty("bench.seconds", "10"));
    for (int round = 0; round < 2; round++) {
      for (int w : new int[] {1, 16, 64}) {
        StorageBenchmark.Result r = StorageBenchmark.run(tmp.resolve("r" + round + "w" + w), w, seconds);
        System.out.println("BENCH round " + round + " " + r);
        assertTrue(r.appends() > 0);
      }
    }
  }
}
