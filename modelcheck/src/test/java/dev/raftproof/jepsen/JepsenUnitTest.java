package dev.raftproof.jepsen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.raftproof.core.PersistentState;
import dev.raftproof.storage.DiskStorage;
import dev.raftproof.storage.StorageOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The harness's pure parts: schedule, fault names, HTTP classification, the acknowledged-writes rule, WAL tear. */
class JepsenUnitTest {
  @Test
  void sameSeedSameScheduleAndEveryFaultInAMinute() {
    NemesisSchedule a = NemesisSchedule.generate(42, Fault.ALL, Duration.ofSeconds(60));
    NemesisSchedule b = NemesisSchedule.generate(42, Fault.ALL, Duration.ofSeconds(60));
    NemesisSchedule c = NemesisSchedule.generate(43, Fault.ALL, Duration.ofSeconds(60));
    assertEquals(a, b);
    assertEquals(a.text(), b.text());
    assertNotEquals(a.text(), c.text());
    Set<Fault> seen = EnumSet.noneOf(Fault.class);
    long lastEnd = 0;
    for (NemesisSchedule.Step s : a.steps()) {
      seen.add(s.fault());
      assertTrue(s.atMillis() >= lastEnd, "one fault at a time: " + s);
      lastEnd = s.atMillis() + s.holdMillis();
      assertTrue(lastEnd <= 60_000 - 2500, "healed before the workload ends: " + s);
    }
    assertEquals(EnumSet.allOf(Fault.class), seen, a.text());
  }

  @Test
  void onlyEnabledFaultsAndNoneMeansNoSteps() {
    NemesisSchedule k = NemesisSchedule.generate(1, Set.of(Fault.KILL, Fault.PAUSE), Duration.ofSeconds(30));
    assertTrue(k.steps().size() >= 4, k.text());
    k.steps().forEach(s -> assertTrue(s.fault() == Fault.KILL || s.fault() == Fault.PAUSE, s.toString()));
    assertTrue(NemesisSchedule.generate(1, Set.of(), Duration.ofSeconds(30)).steps().isEmpty());
  }

  @Test
  void faultListParsing() {
    assertEquals(Fault.ALL, Fault.parseList("all"));
    assertEquals(Set.of(), Fault.parseList("none"));
    assertEquals(Set.of(Fault.TORN_WAL, Fault.PARTITION_LEADER), Fault.parseList("torn-wal, partition-leader"));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Fault.parseList("kill,nap"));
    assertTrue(e.getMessage().contains("'nap'") && e.getMessage().contains("torn-wal"), e.getMessage());
  }

  @Test
  void onlyDefiniteRefusalsFail() {
    assertEquals(ClientOutcome.OK, ClientOutcome.of("put", 200));
    assertEquals(ClientOutcome.OK, ClientOutcome.of("get", 404));
    assertEquals(ClientOutcome.FAIL, ClientOutcome.of("cas", 412));
    for (int s : new int[] {307, 503, 429, 400, 413, 409}) {
      assertEquals(ClientOutcome.FAIL, ClientOutcome.of("put", s), "status " + s);
    }
    for (int s : new int[] {504, 500, 502, 404}) {
      assertEquals(ClientOutcome.INFO, ClientOutcome.of("put", s), "status " + s);
    }
  }

  private static Workload.Write w(String v, ClientOutcome o, long invoke, long complete) {
    return new Workload.Write("k", v, o, invoke, complete);
  }

  @Test
  void ackedWritesRule() {
    List<Workload.Write> ws = new ArrayList<>(List.of(
        w("a", ClientOutcome.OK, 0, 10),
        w("b", ClientOutcome.OK, 20, 30), // the last acknowledged write
        w("c", ClientOutcome.OK, 25, 40), // concurrent with b: may win
        w("d", ClientOutcome.INFO, 1, 2), // unknown: may take effect any time after its invocation
        w("e", ClientOutcome.FAIL, 50, 60)));
    for (String ok : List.of("b", "c", "d")) {
      assertEquals(CheckOutcome.Status.PASS, RunChecks.ackedWrites(ws, Map.of("k", ok), Set.of()).status(), ok);
    }
    for (String lost : List.of("a", "e", "absent", "zz")) {
      CheckOutcome o = RunChecks.ackedWrites(ws, Map.of("k", lost), Set.of());
      assertEquals(CheckOutcome.Status.FAIL, o.status(), lost);
      assertTrue(o.detail().contains("key k: final value " + lost), o.detail());
    }
    List<Workload.Write> none = List.of(w("x", ClientOutcome.FAIL, 0, 1), w("y", ClientOutcome.INFO, 0, 1));
    assertEquals(CheckOutcome.Status.PASS, RunChecks.ackedWrites(none, Map.of("k", "absent"), Set.of()).status());
    assertEquals(CheckOutcome.Status.PASS, RunChecks.ackedWrites(none, Map.of("k", "y"), Set.of()).status());
    assertEquals(CheckOutcome.Status.FAIL, RunChecks.ackedWrites(none, Map.of("k", "x"), Set.of()).status());
    assertEquals(CheckOutcome.Status.UNKNOWN,
        RunChecks.ackedWrites(ws, Map.of("k", "b"), Set.of("k2")).status());
  }

  @Test
  void tornTailIsCutByRecovery(@TempDir Path dir) throws Exception {
    for (int seed = 0; seed < 6; seed++) {
      Path d = dir.resolve("n" + seed);
      PersistentState before;
      try (DiskStorage s = DiskStorage.open(d)) {
        before = s.recovered();
      }
      String what = WalTear.tear(d, new Random(seed));
      assertNotNull(what);
      List<String> log = new ArrayList<>();
      try (DiskStorage s = DiskStorage.open(d, StorageOptions.DEFAULT.withLog(log::add))) {
        assertEquals(before, s.recovered(), what);
      }
      assertTrue(log.stream().anyMatch(l -> l.contains("torn write at the end of")), what + ": " + log);
    }
  }

  @Test
  void optionsAreChecked() {
    HarnessOptions o = HarnessOptions.defaults();
    assertThrows(IllegalArgumentException.class, () -> o.nodes(0).validated());
    assertThrows(IllegalArgumentException.class, () -> o.nodes(8).spares(2).validated());
    assertThrows(IllegalArgumentException.class, () -> o.rate(0).validated());
    assertEquals(new TreeSet<>(Fault.ALL), new TreeSet<>(o.faults()));
    assertEquals(5, o.nodes());
  }
}
