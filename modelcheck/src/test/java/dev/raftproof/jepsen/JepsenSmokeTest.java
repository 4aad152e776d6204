package dev.raftproof.jepsen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * CI's short run: 3 voters and a spare, every fault, every check. Seeded (printed, and in the report): replay a
 * failure with {@code raft jepsen --nodes 3 --spares 1 --time 25 --seed S --keep}.
 */
class JepsenSmokeTest {
  @Test
  void shortRunWithEveryFaultPassesEveryCheck(@TempDir Path dir) {
    long seed = Long.getLong("jepsen.seed", System.currentTimeMillis() % 1_000_000);
    System.out.println("JepsenSmokeTest seed " + seed);
    JepsenResult r = Harness.run(HarnessOptions.defaults().nodes(3).spares(1).clients(4)
        .duration(Duration.ofSeconds(25)).seed(seed).workDir(dir).traceTimeLimit(Duration.ofSeconds(400)),
        new PrintWriter(System.out, true));
    for (Check c : Check.values()) {
      assertEquals(CheckOutcome.Status.PASS, r.check(c).status(), c + " (seed " + seed + "):\n" + r.report());
    }
    assertEquals(0, r.exitCode(), r.report());
    int faults = r.summary().faults().values().stream().mapToInt(Integer::intValue).sum();
    assertTrue(faults >= 3, "faults injected: " + r.summary().faults()); // ~5 s per fault, healed before the end
    int ok = r.summary().ops().values().stream().mapToInt(c -> c[0]).sum();
    assertTrue(ok >= 20, "acknowledged ops: " + ok + "\n" + r.report());
    assertEquals(null, r.artifacts(), "a passing run deletes its artifacts");
  }
}
