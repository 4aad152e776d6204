package dev.raftproof.core;

import java.util.Collections;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A vector clock (traces/FORMAT.md §3 {@code clock}): one counter per server that has influenced an event. Immutable;
 * the transport carries the sender's clock beside each message so that the receiver can merge it.
 */
public final class VectorClock {
  public static final VectorClock EMPTY = new VectorClock(new TreeMap<>());

  private final SortedMap<String, Long> counters;

  private VectorClock(SortedMap<String, Long> counters) {
    this.counters = Collections.unmodifiableSortedMap(counters);
  }

  public static VectorClock of(Map<String, Long> counters) {
    return new VectorClock(new TreeMap<>(counters));
  }

  /** The counters, sorted by server id. */
  public SortedMap<String, Long> counters() {
    return counters;
  }

  public long get(String server) {
    Long c = counters.get(server);
    return c == null ? 0 : c;
  }

  /** This clock with {@code server}'s counter incremented. */
  public VectorClock tick(String server) {
    TreeMap<String, Long> m = new TreeMap<>(counters);
    m.merge(server, 1L, Long::sum);
    return new VectorClock(m);
  }

  /** The pointwise maximum of this clock and {@code other}. */
  public VectorClock merge(VectorClock other) {
    TreeMap<String, Long> m = new TreeMap<>(counters);
    other.counters.forEach((k, v) -> m.merge(k, v, Math::max));
    return new VectorClock(m);
  }

  /** True if every counter of this clock is at least {@code other}'s. */
  public boolean dominates(VectorClock other) {
    for (Map.Entry<String, Long> e : other.counters.entrySet()) {
      if (get(e.getKey()) < e.getValue()) {
        return false;
      }
    }
    return true;
  }

  @Override
  public boolean equals(@org.checkerframework.checker.nullness.qual.Nullable Object o) {
    return o instanceof VectorClock v && v.counters.equals(counters);
  }

  @Override
  public int hashCode() {
    return counters.hashCode();
  }

  @Override
  public String toString() {
    return counters.toString();
  }
}
