package dev.raftproof.sim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.raftproof.core.ActionEvent;
import dev.raftproof.safety.SafetyMonitor;
import dev.raftproof.trace.Trace;
import dev.raftproof.trace.TraceEvent;
import dev.raftproof.trace.TraceReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SimulationTest {
  @TempDir Path tmp;

  private SimResult traced(long seed, String name) {
    return Simulation.run(SimConfig.defaults(seed).withSteps(2000).withTrace(tmp.resolve(name + ".ndjson"))
        .withHistory(tmp.resolve(name + ".edn")));
  }

  @Test
  void sameSeedGivesByteIdenticalTraceAndHistory() throws Exception {
    long seed = 20261123;
    System.out.println("seed " + seed);
    SimResult a = traced(seed, "a");
    SimResult b = traced(seed, "b");
    assertTrue(a.ok(), a.violations().toString());
    assertTrue(a.traceEvents() > 100, "a trace worth comparing: " + a.traceEvents() + " events");
    assertArrayEquals(Files.readAllBytes(tmp.resolve("a.ndjson")), Files.readAllBytes(tmp.resolve("b.ndjson")));
    assertArrayEquals(Files.readAllBytes(tmp.resolve("a.edn")), Files.readAllBytes(tmp.resolve("b.edn")));
    assertEquals(a.schedule(), b.schedule());

    SimResult other = traced(seed + 1, "c");
    assertFalse(Arrays.equals(Files.readAllBytes(tmp.resolve("a.ndjson")), Files.readAllBytes(tmp.resolve("c.ndjson"))),
        "another seed, another trace");
    assertFalse(a.schedule().equals(other.schedule()));

    SimResult replayed = Simulation.replay(SimConfig.defaults(seed).withTrace(tmp.resolve("r.ndjson"))
        .withHistory(tmp.resolve("r.edn")), a.schedule());
    assertArrayEquals(Files.readAllBytes(tmp.resolve("a.ndjson")), Files.readAllBytes(tmp.resolve("r.ndjson")),
        "replaying the recorded schedule reproduces the trace byte for byte");
    assertArrayEquals(Files.readAllBytes(tmp.resolve("a.edn")), Files.readAllBytes(tmp.resolve("r.edn")));
    assertEquals(a.steps(), replayed.steps());
  }

  @Test
  void theTraceReadsBackAndIsSafeOffline() throws Exception {
    long seed = 7;
    System.out.println("seed " + seed);
    SimResult r = traced(seed, "t");
    Trace t = TraceReader.read(tmp.resolve("t.ndjson"));
    assertEquals(r.traceEvents(), t.events().size());
    assertEquals(null, t.header().node());
    assertEquals(Long.valueOf(seed), t.header().seed());
    assertEquals(List.of("s1", "s2", "s3", "s4"), t.header().servers());
    assertEquals(List.of("s1", "s2", "s3"), t.header().initServers());
    List<ActionEvent> events = new ArrayList<>();
    long seq = 0;
    for (TraceEvent e : t.events()) {
      assertEquals(++seq, e.seq());
      events.add(e.event());
    }
    assertEquals(List.of(), SafetyMonitor.check(events));
    assertTrue(events.stream().anyMatch(e -> e.action().name().equals("BecomeLeader")));
    assertTrue(r.committed() > 0, "something was committed");
  }

  @Test
  void manySeededRunsUnderEveryFaultAreSafe() {
    SimConfig base = SimConfig.defaults(1_000_000);
    Batch.Result r = Batch.run(base, 300, null, null, System.out, 500);
    System.out.printf("runs %d from seed %d, steps %d, node steps %d, ops %d (%d ok), max commit %d, %.1f s%n",
        r.runs(), base.seed(), r.steps(), r.nodeSteps(), r.clientOps(), r.clientOk(), r.maxCommitted(),
        r.wallSeconds());
    assertEquals(300, r.runs());
    assertEquals(300L * 1000, r.steps());
    assertEquals(List.of(), r.failures());
    assertTrue(r.clientOk() > 0);
  }

  @Test
  void everyFaultKindShowsUpAndEachCanBeSwitchedOff() {
    EnumSet<Decision.Kind> seen = EnumSet.noneOf(Decision.Kind.class);
    for (long seed = 1; seed <= 10; seed++) {
      for (Decision d : Simulation.run(SimConfig.defaults(seed)).schedule()) {
        seen.add(d.kind());
      }
    }
    assertEquals(EnumSet.allOf(Decision.Kind.class), seen, "all faults on: every decision kind is taken");

    Set<Decision.Kind> faultKinds = EnumSet.of(Decision.Kind.DROP, Decision.Kind.DUPLICATE, Decision.Kind.PARTITION,
        Decision.Kind.ONE_WAY, Decision.Kind.HEAL, Decision.Kind.CRASH, Decision.Kind.RESTART,
        Decision.Kind.ADD_SERVER, Decision.Kind.REMOVE_SERVER, Decision.Kind.TRANSFER, Decision.Kind.SNAPSHOT);
    for (long seed = 1; seed <= 5; seed++) {
      SimResult r = Simulation.run(SimConfig.defaults(seed).withFaults(Fault.parse("none")));
      assertTrue(r.ok());
      for (Decision d : r.schedule()) {
        assertFalse(faultKinds.contains(d.kind()), "faults none took " + d);
        assertTrue(d.kind() != Decision.Kind.DELIVER || d.a() == 0, "no reordering: always the oldest");
      }
      assertTrue(r.committed() > 10, "a fault-free run makes progress: " + r.committed());
    }
    assertEquals(EnumSet.of(Fault.LOSS, Fault.CRASH), Fault.parse("loss,crash"));
    assertEquals("all", Fault.format(Fault.parse("all")));
  }

  @Test
  void decisionsRoundTripAsText() {
    List<Decision> s = Simulation.run(SimConfig.defaults(3).withSteps(300)).schedule();
    assertEquals(s, Decision.parseAll("# a comment\n" + Decision.format(s)));
  }

  @Test
  void simulateMainPrintsFiguresAndExitCodes() {
    var out = new java.io.ByteArrayOutputStream();
    var ps = new java.io.PrintStream(out, true, java.nio.charset.StandardCharsets.UTF_8);
    int code = SimulateMain.run(new String[] {"--runs", "3", "--steps", "500", "--seed", "5", "--faults", "all"}, ps,
        ps);
    String text = out.toString(java.nio.charset.StandardCharsets.UTF_8);
    assertEquals(0, code, text);
    assertTrue(text.contains("runs: 3"), text);
    assertTrue(text.contains("violations: 0"), text);
    assertTrue(text.contains("wall time:"), text);
    assertEquals(64, SimulateMain.run(new String[] {"--faults", "bogus"}, ps, ps));
    assertEquals(64, SimulateMain.run(new String[] {"--runs"}, ps, ps));
  }
}
