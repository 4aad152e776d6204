package dev.raftproof.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.raftproof.sim.Decision.Kind;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.LongRange;

/**
 * jqwik drives the simulator with generated fault schedules (lists of {@link Decision}s, every one of them a valid
 * schedule) and a generated seed (which fixes the servers' election timers and message delays). A failing schedule
 * is shrunk by jqwik (shorter lists, smaller arguments) and reported with jqwik's seed; the decisions replay with
 * {@link Simulation#replay} / {@code SimulateMain --seed S --replay FILE}.
 */
class SimulationProperties {
  @Property(tries = 40)
  void everyGeneratedScheduleIsSafe(@ForAll("schedules") List<Decision> schedule,
      @ForAll @LongRange(min = 0, max = 1_000_000) long seed) {
    SimResult r = Simulation.replay(SimConfig.defaults(seed), schedule);
    assertEquals(List.of(), r.violations(), "seed " + seed + ", schedule:\n" + Decision.format(schedule));
    assertEquals(schedule.size(), r.steps());
  }

  @Property(tries = 15)
  void aReplayIsTheRunItReplays(@ForAll("schedules") List<Decision> schedule,
      @ForAll @LongRange(min = 0, max = 1_000_000) long seed) {
    SimResult a = Simulation.replay(SimConfig.defaults(seed), schedule);
    SimResult b = Simulation.replay(SimConfig.defaults(seed), a.schedule());
    assertEquals(a, b);
  }

  @Provide
  Arbitrary<List<Decision>> schedules() {
    Arbitrary<Integer> node = Arbitraries.integers().between(0, 3);
    Arbitrary<Integer> any = Arbitraries.integers().between(0, 40);
    Arbitrary<Decision> d = Arbitraries.frequencyOf(
        Tuple.of(40, node.map(a -> Decision.of(Kind.TICK, a))),
        Tuple.of(120, any.map(a -> Decision.of(Kind.DELIVER, a))),
        Tuple.of(3, any.map(a -> Decision.of(Kind.DROP, a))),
        Tuple.of(3, any.map(a -> Decision.of(Kind.DUPLICATE, a))),
        Tuple.of(1, Arbitraries.integers().between(1, 14).map(a -> Decision.of(Kind.PARTITION, a))),
        Tuple.of(1, Arbitraries.integers().between(0, 15).map(a -> new Decision(Kind.ONE_WAY, a / 4, a % 4))),
        Tuple.of(3, Arbitraries.just(Decision.of(Kind.HEAL, 0))),
        Tuple.of(1, Arbitraries.integers().between(0, 7).map(a -> new Decision(Kind.CRASH, a / 2, a % 2))),
        Tuple.of(4, node.map(a -> Decision.of(Kind.RESTART, a))),
        Tuple.of(10, Arbitraries.integers().between(0, 8).map(a -> new Decision(Kind.WRITE, a / 3, a % 3))),
        Tuple.of(6, Arbitraries.integers().between(0, 8).map(a -> new Decision(Kind.READ, a / 3, a % 3))),
        Tuple.of(1, node.map(a -> Decision.of(Kind.ADD_SERVER, a))),
        Tuple.of(1, node.map(a -> Decision.of(Kind.REMOVE_SERVER, a))),
        Tuple.of(1, node.map(a -> Decision.of(Kind.TRANSFER, a))),
        Tuple.of(2, node.map(a -> Decision.of(Kind.SNAPSHOT, a))));
    return d.list().ofMinSize(100).ofMaxSize(1500);
  }
}
