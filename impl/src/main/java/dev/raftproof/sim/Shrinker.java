package dev.raftproof.sim;

import java.util.ArrayList;
import java.util.List;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Shrinks a failing schedule: deletes chunks of decisions (halving the chunk size, as in delta debugging), then
 * simplifies single decisions (deliver the oldest message, crash without a torn write, use key 0), keeping every
 * change after which a replay still fails with the same property. Deterministic; bounded by a replay budget.
 */
public final class Shrinker {
  private Shrinker() {}

  /** The outcome: the shrunk schedule, the violation it still produces, and how many replays it took. */
  public record Shrunk(List<Decision> schedule, SimViolation violation, int replays) {
    public Shrunk {
      schedule = List.copyOf(schedule);
    }
  }

  /**
   * Shrinks {@code failing} (a schedule that, replayed with {@code cfg}, violates {@code property}). Files are never
   * written during shrinking. At most {@code maxReplays} replays.
   */
  public static Shrunk shrink(SimConfig cfg, List<Decision> failing, String property, int maxReplays) {
    SimConfig quiet = cfg.withTrace(null).withHistory(null);
    int[] replays = {0};
    List<Decision> best = new ArrayList<>(failing);
    SimResult r = Simulation.replay(quiet, best);
    replays[0]++;
    SimViolation v = firstOf(r, property);
    if (v == null) {
      throw new IllegalArgumentException("the schedule does not fail with " + property + " on replay");
    }
    best = new ArrayList<>(best.subList(0, (int) r.steps()));
    boolean progress = true;
    while (progress && replays[0] < maxReplays) {
      progress = false;
      for (int chunk = Math.max(1, best.size() / 2); chunk >= 1 && replays[0] < maxReplays; chunk /= 2) {
        for (int i = 0; i < best.size() && replays[0] < maxReplays; ) {
          List<Decision> cand = new ArrayList<>(best.subList(0, i));
          cand.addAll(best.subList(Math.min(best.size(), i + chunk), best.size()));
          SimResult cr = Simulation.replay(quiet, cand);
          replays[0]++;
          SimViolation cv = firstOf(cr, property);
          if (cv != null) {
            best = new ArrayList<>(cand.subList(0, (int) cr.steps()));
            v = cv;
            progress = true;
          } else {
            i += chunk;
          }
        }
        if (chunk == 1) {
          break;
        }
      }
      for (int i = 0; i < best.size() && replays[0] < maxReplays; i++) {
        Decision d = best.get(i);
        Decision simpler = simplify(d);
        if (simpler.equals(d)) {
          continue;
        }
        List<Decision> cand = new ArrayList<>(best);
        cand.set(i, simpler);
        SimResult cr = Simulation.replay(quiet, cand);
        replays[0]++;
        SimViolation cv = firstOf(cr, property);
        if (cv != null) {
          best = new ArrayList<>(cand.subList(0, (int) cr.steps()));
          v = cv;
          progress = true;
        }
      }
    }
    return new Shrunk(best, v, replays[0]);
  }

  private static Decision simplify(Decision d) {
    return switch (d.kind()) {
      case DELIVER, DROP, DUPLICATE -> new Decision(d.kind(), 0, 0);
      case CRASH -> new Decision(d.kind(), d.a(), 0);
      case WRITE, READ -> new Decision(d.kind(), d.a(), 0);
      default -> d;
    };
  }

  private static @Nullable SimViolation firstOf(SimResult r, String property) {
    for (SimViolation v : r.violations()) {
      if (v.property().equals(property)) {
        return v;
      }
    }
    return null;
  }
}
