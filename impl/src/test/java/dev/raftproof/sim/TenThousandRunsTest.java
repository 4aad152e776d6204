package dev.raftproof.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The acceptance run: 10,000 seeded runs of 1,000 steps, every fault on, no violation. {@code mvn -Pheavy}. */
@Tag("heavy")
class TenThousandRunsTest {
  @Test
  void tenThousandRunsUnderEveryFaultAreSafe() {
    SimConfig base = SimConfig.defaults(1);
    Batch.Result r = Batch.run(base, 10_000, null, null, System.out, 2000);
    System.out.printf("runs %d (seeds %d..%d), steps %d, node steps %d, client ops %d (%d ok), violations %d,"
        + " wall %.1f s%n", r.runs(), base.seed(), base.seed() + r.runs() - 1, r.steps(), r.nodeSteps(), r.clientOps(),
        r.clientOk(), r.failures().size(), r.wallSeconds());
    assertEquals(10_000, r.runs());
    assertEquals(10_000L * 1000, r.steps());
    assertEquals(List.of(), r.failures());
  }
}
