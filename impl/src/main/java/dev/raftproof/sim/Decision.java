package dev.raftproof.sim;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One scheduler decision: what the simulator does in one step. A run is a seed plus the list of its decisions; the
 * same list replayed with the same seed gives the same run. Decisions refer to things by small integers that are
 * interpreted in the state at the time ({@code DELIVER 7} delivers deliverable message number {@code 7 mod count}),
 * so every list of decisions is a valid schedule: a decision that makes no sense when it comes (ticking a crashed
 * server, restarting a running one) does nothing. That is what lets the shrinker delete decisions freely.
 *
 * @param kind what to do
 * @param a the first argument (a server index, a message selector, a client, a partition mask...)
 * @param b the second argument (a key, a destination, a torn-write flag...)
 */
public record Decision(Kind kind, int a, int b) {
  /** The kinds of decisions; {@code a}/{@code b} as documented per kind. */
  public enum Kind {
    /** Server {@code a} ticks once. */
    TICK,
    /** Deliver deliverable message number {@code a mod count} (the oldest if reordering is off). */
    DELIVER,
    /** Lose in-flight message number {@code a mod count}. */
    DROP,
    /** Copy in-flight message number {@code a mod count}. */
    DUPLICATE,
    /** Split the servers: those whose bit is set in mask {@code a} cannot talk to the others (both ways). */
    PARTITION,
    /** Cut the link from server {@code a} to server {@code b} (one way). */
    ONE_WAY,
    /** Heal every partition and cut link. */
    HEAL,
    /** Crash server {@code a}; if {@code b != 0} its last write is torn (the Ready of one more input is lost). */
    CRASH,
    /** Restart crashed server {@code a} from what it persisted. */
    RESTART,
    /** Client {@code a} writes a fresh value to key {@code b}. */
    WRITE,
    /** Client {@code a} reads key {@code b} (ReadIndex). */
    READ,
    /** The leader adds server {@code a} as a voter. */
    ADD_SERVER,
    /** The leader removes voter {@code a}. */
    REMOVE_SERVER,
    /** The leader transfers leadership to server {@code a}. */
    TRANSFER,
    /** Server {@code a} snapshots its state machine at its applied index. */
    SNAPSHOT
  }

  public static Decision of(Kind kind, int a) {
    if (a >= 0 && a < CACHED) {
      return COMMON[kind.ordinal()][a];
    }
    return new Decision(kind, a, 0);
  }

  /** {@code (kind, a, 0)} for small {@code a}, built once: the scheduler takes one decision per step. */
  private static final int CACHED = 64;

  private static final Decision[][] COMMON = new Decision[Kind.values().length][CACHED];

  static {
    for (Kind k : Kind.values()) {
      for (int a = 0; a < CACHED; a++) {
        COMMON[k.ordinal()][a] = new Decision(k, a, 0);
      }
    }
  }

  @Override
  public String toString() {
    return kind.name() + " " + a + " " + b;
  }

  /** Parses {@link #toString()}'s form. */
  public static Decision parse(String s) {
    String[] p = s.trim().split("\\s+", -1);
    if (p.length != 3) {
      throw new IllegalArgumentException("a decision is 'KIND a b': " + s);
    }
    return new Decision(Kind.valueOf(p[0].toUpperCase(Locale.ROOT)), Integer.parseInt(p[1]),
        Integer.parseInt(p[2]));
  }

  /** A schedule in text: one decision per line. */
  public static String format(List<Decision> schedule) {
    StringBuilder sb = new StringBuilder();
    for (Decision d : schedule) {
      sb.append(d).append('\n');
    }
    return sb.toString();
  }

  /** Parses {@link #format}'s form (blank lines and lines starting with # are skipped). */
  public static List<Decision> parseAll(String text) {
    List<Decision> out = new ArrayList<>();
    for (String line : text.split("\n", -1)) {
      String t = line.trim();
      if (!t.isEmpty() && !t.startsWith("#")) {
        out.add(parse(t));
      }
    }
    return out;
  }
}
