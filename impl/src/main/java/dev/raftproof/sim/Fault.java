package dev.raftproof.sim;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/** The fault kinds the scheduler can inject; each can be switched on or off. */
public enum Fault {
  /** Messages wait a random number of steps before they can be delivered. */
  DELAY("delay"),
  /** Deliverable messages are delivered in any order (else oldest first). */
  REORDER("reorder"),
  /** A message in flight is lost. */
  LOSS("loss"),
  /** A message in flight is copied (delivered twice). */
  DUPLICATE("dup"),
  /** The servers are split in two groups that cannot talk; later healed. */
  PARTITION("partition"),
  /** One direction of one link is cut; later healed. */
  ONE_WAY("oneway"),
  /** A server crashes (losing volatile state and its messages in flight) and later restarts from storage. */
  CRASH("crash"),
  /** A crash happens during a write: the server's last Ready is lost whole (it never happened). */
  TORN_WRITE("torn"),
  /** Servers' clocks tick at different rates. */
  TICK_SKEW("skew"),
  /** The leader adds or removes a server (single-server changes within {@code servers}). */
  MEMBERSHIP("membership"),
  /** Servers take snapshots at their applied index (followers behind then get InstallSnapshot). */
  SNAPSHOT("snapshot"),
  /** The leader hands leadership to another voter (TimeoutNow). */
  TRANSFER("transfer");

  private final String cliName;

  Fault(String cliName) {
    this.cliName = cliName;
  }

  public String cliName() {
    return cliName;
  }

  /** Parses {@code all}, {@code none} or a comma-separated list of names ({@code loss,dup,crash}). */
  public static Set<Fault> parse(String spec) {
    String s = spec.trim().toLowerCase(Locale.ROOT);
    if (s.equals("all")) {
      return EnumSet.allOf(Fault.class);
    }
    EnumSet<Fault> out = EnumSet.noneOf(Fault.class);
    if (s.equals("none") || s.isEmpty()) {
      return out;
    }
    for (String part : s.split(",", -1)) {
      String p = part.trim();
      boolean found = false;
      for (Fault f : values()) {
        if (f.cliName.equals(p) || f.name().toLowerCase(Locale.ROOT).equals(p)) {
          out.add(f);
          found = true;
        }
      }
      if (!found) {
        throw new IllegalArgumentException("unknown fault '" + p + "' (known: all, none, " + names() + ")");
      }
    }
    return out;
  }

  /** The CLI names, comma-separated. */
  public static String names() {
    StringBuilder sb = new StringBuilder();
    for (Fault f : values()) {
      if (sb.length() > 0) {
        sb.append(", ");
      }
      sb.append(f.cliName);
    }
    return sb.toString();
  }

  /** The CLI form of a set ({@code all}, {@code none}, or the list). */
  public static String format(Set<Fault> faults) {
    if (faults.size() == values().length) {
      return "all";
    }
    if (faults.isEmpty()) {
      return "none";
    }
    StringBuilder sb = new StringBuilder();
    for (Fault f : values()) {
      if (faults.contains(f)) {
        if (sb.length() > 0) {
          sb.append(',');
        }
        sb.append(f.cliName);
      }
    }
    return sb.toString();
  }
}
