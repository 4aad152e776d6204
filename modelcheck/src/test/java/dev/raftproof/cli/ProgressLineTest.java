package dev.raftproof.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.raftproof.tlc.TlcProgress;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ProgressLineTest {
  @Test
  void rendersCountsRateQueueAndAge() {
    TlcProgress p = new TlcProgress(127_102, 44_421, 2_053, Duration.ofSeconds(5), 463_523);
    assertEquals("TLC 01:10  distinct 44,421 (463,523/min)  generated 127,102  queue 2,053  [as of 00:05]",
        ProgressLine.render(p, Duration.ofSeconds(70)));
  }

  @Test
  void simulationHasNoDistinctCountOrQueue() {
    TlcProgress p = new TlcProgress(4_001, -1, -1, Duration.ofSeconds(61), -1);
    assertEquals("TLC 1:00:00  generated 4,001  [as of 01:01]", ProgressLine.render(p, Duration.ofHours(1)));
  }

  @Test
  void beforeTheFirstReport() {
    assertEquals("TLC 00:03  running (TLC reports state counts once a minute)",
        ProgressLine.render(null, Duration.ofSeconds(3)));
  }
}
