package dev.raftproof.jepsen;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

/**
 * The seeded plan of faults: a list of steps (start time, fault, how long it holds, a per-step seed that picks its
 * targets when it runs, since "the leader" is only known then). Same seed and options, same schedule. Faults come
 * one at a time (a fault, its hold, the heal, a gap), in rounds that each contain every enabled fault once in a
 * seeded order, so every fault appears in a run long enough for one round (about 5 s per fault).
 */
record NemesisSchedule(long seed, List<Step> steps) {
  /** One fault: starts at {@code atMillis} after the workload started, healed {@code holdMillis} later. */
  record Step(long atMillis, Fault fault, long holdMillis, long stepSeed) {
    @Override
    public String toString() {
      return String.format("t=%6.1fs  %-16s hold %4.1fs  step-seed %d", atMillis / 1000.0, fault.cliName(),
          holdMillis / 1000.0, stepSeed);
    }
  }

  static NemesisSchedule generate(long seed, Set<Fault> faults, Duration duration) {
    Random rnd = new Random(seed);
    List<Step> steps = new ArrayList<>();
    if (faults.isEmpty()) {
      return new NemesisSchedule(seed, steps);
    }
    long end = duration.toMillis() - 2500; // the last fault is healed before the workload ends
    long t = 2000 + rnd.nextInt(1000); // let the cluster serve a little first
    List<Fault> round = new ArrayList<>();
    while (true) {
      if (round.isEmpty()) {
        round.addAll(new TreeSet<>(faults));
        Collections.shuffle(round, rnd);
      }
      Fault f = round.remove(0);
      long hold = f == Fault.MEMBERSHIP ? 1000 : 1500 + rnd.nextInt(2500);
      if (t + hold > end) {
        break;
      }
      steps.add(new Step(t, f, hold, rnd.nextLong()));
      t += hold + 800 + rnd.nextInt(1500);
    }
    return new NemesisSchedule(seed, List.copyOf(steps));
  }

  String text() {
    StringBuilder b = new StringBuilder("# nemesis schedule, seed " + seed + ", " + steps.size() + " steps\n");
    for (Step s : steps) {
      b.append(s).append('\n');
    }
    return b.toString();
  }
}
