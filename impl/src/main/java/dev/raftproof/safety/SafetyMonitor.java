package dev.raftproof.safety;

import dev.raftproof.core.Entry;
import dev.raftproof.core.ActionEvent;
import dev.raftproof.core.NodeState;
import dev.raftproof.core.Role;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Checks the five properties over a run, one step at a time: feed it the state of the node that just stepped
 * ({@link #observe}) — the simulator after every step, or {@link #check(List)} over a trace's events. It remembers
 * what the properties need from the past: the latest state of every node, the leader of every term, and every
 * committed entry with the term in which it was first seen committed.
 *
 * <p>The verdicts are those of the pure functions of {@link SafetyProperties} applied to the latest states (the
 * stepping node against every other node, against the committed entries, against its own previous state): whenever
 * a violation is reported, it is the result of those functions. What makes it fast (issue #4: a million events per
 * second) is deciding cheaply when they cannot report anything. While no violation has been seen, every earlier check
 * came out clean, so for a node that steps only what changed in its log since its previous state can produce a new
 * violation:
 * <ul>
 *   <li>the prefix of its live log that is unchanged since its previous state is found first ({@code same}, O(1)
 *       when the core shares the unchanged log list, else one pass of entry comparisons);</li>
 *   <li>Log Matching against the other nodes is re-checked only if the log gained or changed entries (a log that
 *       only shrank, by compaction or truncation, has a subset of its earlier pairs to compare);</li>
 *   <li>Leader Append-Only only if the leader's earlier entries are not all in the unchanged prefix;</li>
 *   <li>State Machine Safety only for the committed indexes above the unchanged, already-checked prefix;</li>
 *   <li>committed entries are recorded only for indexes not recorded before (O(new entries), no re-scan);</li>
 *   <li>Leader Completeness only for committed indexes above the leader's snapshot — for a leader that was already
 *       checked in the same term, only those above its unchanged prefix and those committed since.</li>
 * </ul>
 * Each shortcut is sound: it skips a check only when the function would have returned nothing. After the first
 * violation the monitor falls back to running every function in full on every event, so that the list of violations
 * of a bad run is exactly what the full re-scan gives.
 */
public final class SafetyMonitor {
  /** Every server seen so far, in id order (the order in which Log Matching compares the others). */
  private final TreeMap<String, Track> servers = new TreeMap<>();
  private final HashMap<String, Track> byId = new HashMap<>();
  private final Map<Long, String> leaderOfTerm = new HashMap<>();
  private final TreeMap<Long, SafetyProperties.Committed> committed = new TreeMap<>();
  private final CommittedIndex byIndex = new CommittedIndex();
  /** Set after the first violation: from then on every property is re-checked in full on every event. */
  private boolean full;

  /** What the monitor remembers of its earlier (clean) checks of one server. */
  private static final class Track {
    /** The latest state of the server. */
    @Nullable NodeState latest;
    /** Every index in (knownLo, knownHi] is in the committed map. */
    long knownLo;
    long knownHi;
    /** Term of the Leader Completeness check of this server's previous state, -1 if it was not a leader. */
    long leaderTerm = -1;
    /** {@link CommittedIndex#added()} at that check: indexes recorded later are new to this leader. */
    int leaderAddedMark;
  }

  /** Checks every property a step of {@code s.id()} (leading to state {@code s}) can break. Empty if none. */
  public List<Violation> observe(NodeState s) {
    List<Violation> out = full ? observeFull(s) : observeIncremental(s);
    if (!out.isEmpty()) {
      full = true;
    }
    return out;
  }

  /** The full re-scan: the functions of {@link SafetyProperties} on everything, as the properties define them. */
  private List<Violation> observeFull(NodeState s) {
    List<Violation> out = new ArrayList<>();
    Track track = track(s.id());
    @Nullable NodeState before = track.latest;
    track.latest = s;
    checkElectionSafety(s, out);
    if (before != null) {
      SafetyProperties.leaderAppendOnly(before, s).ifPresent(out::add);
    }
    checkLogMatching(s, out);
    SafetyProperties.stateMachineSafety(s, committed).ifPresent(out::add);
    for (long i = s.snapshotIndex() + 1; i <= s.commitIndex() && i <= s.lastIndex(); i++) {
      committed.putIfAbsent(i, new SafetyProperties.Committed(s.entry(i), s.currentTerm(), s.id()));
    }
    SafetyProperties.leaderCompleteness(s, committed).ifPresent(out::add);
    return out;
  }

  /** The same checks in the same order, each skipped when it cannot fail (see the class comment). */
  private List<Violation> observeIncremental(NodeState s) {
    List<Violation> out = new ArrayList<>(0);
    Track track = track(s.id());
    @Nullable NodeState before = track.latest;
    track.latest = s;
    checkElectionSafety(s, out);
    // same: every live entry of s at an index in (s.snapshotIndex, same] is the entry before had there.
    long same = unchangedUpTo(before, s);
    if (before != null && before.state() == Role.Leader && s.state() == Role.Leader
        && before.currentTerm() == s.currentTerm()
        && !(s.snapshotIndex() >= before.snapshotIndex() && same >= before.lastIndex())) {
      SafetyProperties.leaderAppendOnly(before, s).ifPresent(out::add);
    }
    boolean onlyShrank = before != null && s.snapshotIndex() >= before.snapshotIndex() && same == s.lastIndex();
    if (!onlyShrank) {
      checkLogMatching(s, out);
    }
    long high = Math.min(s.commitIndex(), s.lastIndex());
    long checkedUpTo = before == null ? s.snapshotIndex()
        : Math.max(s.snapshotIndex(), Math.min(same, Math.min(before.commitIndex(), before.lastIndex())));
    if (stateMachineSuspect(s, checkedUpTo, high)) {
      SafetyProperties.stateMachineSafety(s, committed).ifPresent(out::add);
    }
    recordCommitted(s, track, high);
    if (s.state() == Role.Leader) {
      if (leaderCompletenessSuspect(s, before, track, same)) {
        SafetyProperties.leaderCompleteness(s, committed).ifPresent(out::add);
      }
      track.leaderTerm = s.currentTerm();
      track.leaderAddedMark = byIndex.added();
    } else {
      track.leaderTerm = -1;
    }
    return out;
  }

  private Track track(String id) {
    Track t = byId.get(id);
    if (t == null) {
      t = new Track();
      byId.put(id, t);
      servers.put(id, t);
    }
    return t;
  }

  /** Log Matching between s and the latest state of every other server, in id order. */
  private void checkLogMatching(NodeState s, List<Violation> out) {
    for (Track t : servers.values()) {
      NodeState other = t.latest;
      if (other != null && !other.id().equals(s.id())) {
        SafetyProperties.logMatching(s, other).ifPresent(out::add);
      }
    }
  }

  private void checkElectionSafety(NodeState s, List<Violation> out) {
    if (s.state() == Role.Leader) {
      String other = leaderOfTerm.putIfAbsent(s.currentTerm(), s.id());
      if (other != null && !other.equals(s.id())) {
        out.add(SafetyProperties.twoLeaders(other, s.id(), s.currentTerm()));
      }
    }
  }

  /**
   * The highest index {@code u >= s.snapshotIndex} such that s's live entries in (s.snapshotIndex, u] are the same
   * as {@code before}'s at those indexes. {@code s.snapshotIndex} if there is no earlier state or its snapshot was
   * newer.
   */
  private static long unchangedUpTo(@Nullable NodeState before, NodeState s) {
    long snap = s.snapshotIndex();
    if (before == null || snap < before.snapshotIndex()) {
      return snap;
    }
    List<Entry> now = s.log();
    List<Entry> then = before.log();
    if (now == then && snap == before.snapshotIndex()) {
      return s.lastIndex(); // the core shares an unchanged log
    }
    long hi = Math.min(s.lastIndex(), before.lastIndex());
    long i = snap + 1;
    int offNow = (int) (snap + 1);
    int offThen = (int) (before.snapshotIndex() + 1);
    for (; i <= hi; i++) {
      Entry a = now.get((int) i - offNow);
      Entry b = then.get((int) i - offThen);
      if (a != b && !a.sameAs(b)) {
        break;
      }
    }
    return i - 1;
  }

  /** Could {@link SafetyProperties#stateMachineSafety} report anything? Indexes up to checkedUpTo were clean. */
  private boolean stateMachineSuspect(NodeState s, long checkedUpTo, long high) {
    if (s.snapshotIndex() > 0) {
      SafetyProperties.Committed c = byIndex.get(s.snapshotIndex());
      if (c != null && c.entry().term() != s.snapshotTerm()) {
        return true;
      }
    }
    for (long i = checkedUpTo + 1; i <= high; i++) {
      SafetyProperties.Committed c = byIndex.get(i);
      if (c != null && !c.entry().sameAs(s.entry(i))) {
        return true;
      }
    }
    return false;
  }

  /** Records the entries s holds as committed at indexes nobody recorded before (the first observation wins). */
  private void recordCommitted(NodeState s, Track track, long high) {
    long lo = s.snapshotIndex();
    if (high <= lo) {
      return;
    }
    // Indexes in (knownLo, knownHi] were all recorded already; only the rest of (lo, high] can be new.
    long kLo = track.knownLo;
    long kHi = track.knownHi;
    if (kHi <= kLo || high <= kLo || lo >= kHi) {
      record(s, lo, high);
      kLo = lo;
      kHi = high;
    } else {
      record(s, lo, Math.min(high, kLo));
      record(s, Math.max(lo, kHi), high);
      kLo = Math.min(kLo, lo);
      kHi = Math.max(kHi, high);
    }
    track.knownLo = kLo;
    track.knownHi = kHi;
  }

  private void record(NodeState s, long from, long to) {
    for (long i = from + 1; i <= to; i++) {
      if (byIndex.get(i) == null) {
        SafetyProperties.Committed c = new SafetyProperties.Committed(s.entry(i), s.currentTerm(), s.id());
        byIndex.put(i, c);
        committed.put(i, c);
      }
    }
  }

  /** Could {@link SafetyProperties#leaderCompleteness} report anything for leader s? */
  private boolean leaderCompletenessSuspect(NodeState s, @Nullable NodeState before, Track track, long same) {
    long term = s.currentTerm();
    long from = s.snapshotIndex();
    boolean sameLeadership = before != null && track.leaderTerm == term
        && s.snapshotIndex() >= before.snapshotIndex();
    if (sameLeadership) {
      // Indexes recorded by the previous (clean) check and within the unchanged prefix are fine.
      from = Math.max(from, same);
      for (int k = track.leaderAddedMark; k < byIndex.added(); k++) {
        long i = byIndex.addedAt(k);
        if (i <= same && missingFrom(s, i, byIndex.get(i), term)) {
          return true;
        }
      }
    }
    for (long i = from + 1; i <= byIndex.maxKey(); i++) {
      if (missingFrom(s, i, byIndex.get(i), term)) {
        return true;
      }
    }
    return false;
  }

  private static boolean missingFrom(NodeState leader, long i, SafetyProperties.@Nullable Committed c, long term) {
    if (c == null || c.commitTerm() >= term || i <= leader.snapshotIndex()) {
      return false;
    }
    return i > leader.lastIndex() || !leader.entry(i).sameAs(c.entry());
  }

  /** Observes every state in {@code states} (e.g. the initial states, or a cluster snapshot). */
  public List<Violation> observeAll(Collection<NodeState> states) {
    List<Violation> out = new ArrayList<>();
    for (NodeState s : states) {
      out.addAll(observe(s));
    }
    return out;
  }

  /** Offline: checks a whole sequence of events (a trace file's, in file order). Empty if the run was safe. */
  public static List<Violation> check(List<ActionEvent> events) {
    SafetyMonitor m = new SafetyMonitor();
    List<Violation> out = new ArrayList<>();
    for (ActionEvent e : events) {
      out.addAll(m.observe(e.state()));
    }
    return out;
  }

  /**
   * The committed map by index, as an array (no boxing, O(1) lookups), plus the order in which indexes were added.
   * Indexes are log indexes of one run: dense from the first one seen.
   */
  private static final class CommittedIndex {
    private SafetyProperties.@Nullable Committed[] slots = new SafetyProperties.Committed[64];
    private long base = -1;
    private long maxKey;
    private long[] order = new long[64];
    private int added;

    SafetyProperties.@Nullable Committed get(long i) {
      long k = i - base;
      return base < 0 || k < 0 || k >= slots.length ? null : slots[(int) k];
    }

    void put(long i, SafetyProperties.Committed c) {
      if (base < 0) {
        base = Math.max(0, i - 16);
      }
      if (i < base) {
        long newBase = Math.max(0, i - 16);
        SafetyProperties.@Nullable Committed[] n = new SafetyProperties.Committed[slots.length + (int) (base - newBase)];
        System.arraycopy(slots, 0, n, (int) (base - newBase), slots.length);
        slots = n;
        base = newBase;
      }
      long k = i - base;
      if (k >= slots.length) {
        slots = Arrays.copyOf(slots, (int) Math.max(k + 1, 2L * slots.length));
      }
      slots[(int) k] = c;
      maxKey = Math.max(maxKey, i);
      if (added == order.length) {
        order = Arrays.copyOf(order, 2 * added);
      }
      order[added++] = i;
    }

    long maxKey() {
      return maxKey;
    }

    int added() {
      return added;
    }

    long addedAt(int k) {
      return order[k];
    }
  }
}
