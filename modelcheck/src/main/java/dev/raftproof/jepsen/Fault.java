package dev.raftproof.jepsen;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/** The nemesis's fault kinds (README.md in this package says what each one does and how it is healed). */
public enum Fault {
  /** SIGKILL a node (sometimes the leader), restart it later from its data directory. */
  KILL,
  /** SIGSTOP a node (sometimes the leader), SIGCONT it later. */
  PAUSE,
  /** Cut the leader off from every other node (both directions), through the proxies. */
  PARTITION_LEADER,
  /** A random majority/minority split. */
  PARTITION_HALVES,
  /** Two halves and one node that sees both (a bridge). */
  BRIDGE,
  /** Drop one direction only on some links (i to j lost, j to i delivered). */
  ONE_WAY,
  /** Added latency on every link. */
  DELAY,
  /** Remove a voter or add a server (a spare, or one removed earlier) under load, through /v1/members. */
  MEMBERSHIP,
  /** SIGKILL a node, append a torn (incomplete) step to its last WAL segment, restart it. */
  TORN_WAL;

  public static final Set<Fault> ALL = Set.copyOf(EnumSet.allOf(Fault.class));

  /** The CLI spelling: lower case with dashes ({@code partition-leader}). */
  public String cliName() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /** Parses {@code all}, {@code none} or a comma list of {@link #cliName()}s. */
  public static Set<Fault> parseList(String s) {
    String t = s.trim().toLowerCase(Locale.ROOT);
    if (t.equals("all")) {
      return ALL;
    }
    EnumSet<Fault> out = EnumSet.noneOf(Fault.class);
    if (t.equals("none") || t.isEmpty()) {
      return Set.copyOf(out);
    }
    for (String part : t.split(",")) {
      String p = part.trim();
      Fault found = null;
      for (Fault f : values()) {
        if (f.cliName().equals(p)) {
          found = f;
        }
      }
      if (found == null) {
        StringBuilder names = new StringBuilder();
        for (Fault f : values()) {
          names.append(names.length() == 0 ? "" : ", ").append(f.cliName());
        }
        throw new IllegalArgumentException("unknown fault '" + p + "' (all, none, or a comma list of: " + names + ")");
      }
      out.add(found);
    }
    return Set.copyOf(out);
  }
}
