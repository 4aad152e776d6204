package dev.raftproof.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.raftproof.trace.TraceHeader;
import dev.raftproof.trace.TraceReader;
import dev.raftproof.trace.TraceWriter;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

/**
 * The core under random schedules: random ticks, deliveries (with duplication and reordering), losses, crashes,
 * proposals, reads, membership changes, transfers and snapshots. After every step the five safety properties hold;
 * the same seed gives the same trace, byte for byte; the trace reads back. (A core test, not the simulator.)
 */
class RandomScheduleTest {
  static final List<String> SERVERS = List.of("s1", "s2", "s3", "s4");
  static final List<String> INIT = List.of("s1", "s2", "s3");

  static TestCluster run(long seed, int steps) {
    SplittableRandom r = new SplittableRandom(seed);
    TestCluster c = new TestCluster(SERVERS, INIT, RaftOptions.DEFAULT.withTimeouts(6, 1)
        .withFlowControl(2, 200, 3), seed * 10);
    int value = 0;
    for (int step = 0; step < steps && c.violations.isEmpty(); step++) {
      String n = SERVERS.get(r.nextInt(SERVERS.size()));
      int dice = r.nextInt(100);
      if (dice < 30) {
        c.tick(n, 1);
      } else if (dice < 70 && !c.network.isEmpty()) {
        Message m = c.network.get(r.nextInt(c.network.size()));
        if (r.nextInt(10) == 0) {
          c.deliverCopy(m); // duplication: the message stays in the network
        } else {
          c.deliver(m);
        }
      } else if (dice < 75 && !c.network.isEmpty()) {
        c.network.remove(r.nextInt(c.network.size()));
      } else if (dice < 77) {
        c.restart(n);
      } else if (dice < 88) {
        c.propose(n, "v" + (value++));
      } else if (dice < 91) {
        c.node(n).readIndex(step);
        c.process(n);
      } else if (dice < 93) {
        String j = SERVERS.get(r.nextInt(SERVERS.size()));
        if (r.nextBoolean()) {
          c.node(n).addServer(j);
        } else {
          c.node(n).removeServer(j);
        }
        c.process(n);
      } else if (dice < 94) {
        c.node(n).transferLeadership(SERVERS.get(r.nextInt(SERVERS.size())));
        c.process(n);
      } else if (dice < 97) {
        RaftNode node = c.node(n);
        node.takeSnapshot(node.commitIndex(), new byte[] {(byte) step});
        c.process(n);
      } else {
        c.tick(n, 6);
      }
    }
    return c;
  }

  static String traceText(TestCluster c, long seed) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (TraceWriter w = new TraceWriter(out, TraceHeader.cluster(SERVERS, INIT, "random-schedule", seed))) {
      w.write(c.trace);
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  @Test
  void theSchedulesReachEveryAction() {
    java.util.EnumMap<Action, Integer> seen = new java.util.EnumMap<>(Action.class);
    for (long seed = 1; seed <= 20; seed++) {
      for (dev.raftproof.core.ActionEvent e : run(seed, 1500).trace) {
        seen.merge(e.action(), 1, Integer::sum);
      }
    }
    assertEquals(java.util.EnumSet.allOf(Action.class), java.util.EnumSet.copyOf(seen.keySet()), seen.toString());
  }

  /**
   * Writes the traces of seeds 1..5 (400 steps) to {@code target/random-traces/} — samples for trace validation
   * with TLC (spec/TraceRaft.tla) — and checks that they read back. {@code -Drandom.traces=N} and
   * {@code -Drandom.steps=S} write more and longer ones.
   */
  @Test
  void writesSampleTracesForTraceValidation() throws Exception {
    java.nio.file.Path dir = java.nio.file.Path.of("target/random-traces");
    java.nio.file.Files.createDirectories(dir);
    int count = Integer.getInteger("random.traces", 5);
    int steps = Integer.getInteger("random.steps", 400);
    for (long seed = 1; seed <= count; seed++) {
      String text = traceText(run(seed, steps), seed);
      java.nio.file.Path f = dir.resolve("seed-" + seed + ".ndjson");
      java.nio.file.Files.writeString(f, text);
      assertEquals(text.split("\n").length - 1, TraceReader.read(f).events().size());
    }
  }

  @Property(tries = 60)
  void safetyHoldsAfterEveryStep(@ForAll long seed) {
    TestCluster c = run(seed, 1500);
    assertEquals(List.of(), c.violations, "seed " + seed);
  }

  @Property(tries = 10)
  void sameSeedSameTraceByteForByteAndItReadsBack(@ForAll long seed) throws Exception {
    String a = traceText(run(seed, 600), seed);
    String b = traceText(run(seed, 600), seed);
    assertEquals(a, b, "seed " + seed);
    assertEquals(a.split("\n").length - 1, TraceReader.parse("seed-" + seed, a).events().size());
  }
}
