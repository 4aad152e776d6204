package dev.raftproof.jepsen;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Three full-size runs (5 voters + 2 spares, 60 s, every fault); the acceptance is 20 of them from the CLI. */
@Tag("heavy")
class JepsenHeavyTest {
  @Test
  void threeMinuteLongRunsPass(@TempDir Path dir) {
    long seed = Long.getLong("jepsen.seed", System.currentTimeMillis() % 1_000_000);
    for (int i = 0; i < 3; i++) {
      System.out.println("JepsenHeavyTest run " + (i + 1) + " seed " + (seed + i));
      JepsenResult r = Harness.run(HarnessOptions.defaults().seed(seed + i).workDir(dir),
          new PrintWriter(System.out, true));
      assertEquals(0, r.exitCode(), "seed " + (seed + i) + ":\n" + r.report());
    }
  }
}
