package dev.raftproof.core;

import java.util.Arrays;
import java.util.Collections;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * A vector clock (traces/FORMAT.md §3 {@code clock}): one counter per server that has influenced an event. Immutable;
 * the transport carries the sender's clock beside each message so that the receiver can merge it.
 */
public final class VectorClock {
  public static final VectorClock EMPTY = new VectorClock(new String[0], new long[0]);

  // Sorted server ids and their counters, as arrays: a traced step ticks (and often merges) one clock, and copying a
  // TreeMap for that was a visible share of the tracing cost. The map view is built only when asked for.
  private final String[] ids;
  private final long[] counts;
  private @Nullable SortedMap<String, Long> view;

  private VectorClock(String[] ids, long[] counts) {
    this.ids = ids;
    this.counts = counts;
  }

  public static VectorClock of(Map<String, Long> counters) {
    TreeMap<String, Long> m = new TreeMap<>(counters);
    String[] ids = new String[m.size()];
    long[] counts = new long[m.size()];
    int i = 0;
    for (Map.Entry<String, Long> e : m.entrySet()) {
      ids[i] = e.getKey();
      counts[i] = e.getValue();
      i++;
    }
    return new VectorClock(ids, counts);
  }

  /** The counters, sorted by server id. */
  public SortedMap<String, Long> counters() {
    SortedMap<String, Long> v = view;
    if (v == null) {
      TreeMap<String, Long> m = new TreeMap<>();
      for (int i = 0; i < ids.length; i++) {
        m.put(ids[i], counts[i]);
      }
      v = Collections.unmodifiableSortedMap(m);
      view = v;
    }
    return v;
  }

  /** Number of servers with a counter. */
  public int size() {
    return ids.length;
  }

  /** The {@code i}-th server id in sorted order ({@code 0 <= i < size()}): the counters without building a map. */
  public String server(int i) {
    return ids[i];
  }

  /** The counter of {@link #server(int) server(i)}. */
  public long counter(int i) {
    return counts[i];
  }

  public long get(String server) {
    int i = Arrays.binarySearch(ids, server);
    return i >= 0 ? counts[i] : 0;
  }

  /** This clock with {@code server}'s counter incremented. */
  public VectorClock tick(String server) {
    int i = Arrays.binarySearch(ids, server);
    if (i >= 0) {
      long[] c = counts.clone();
      c[i]++;
      return new VectorClock(ids, c);
    }
    int at = -i - 1;
    String[] n = new String[ids.length + 1];
    long[] c = new long[ids.length + 1];
    System.arraycopy(ids, 0, n, 0, at);
    System.arraycopy(counts, 0, c, 0, at);
    n[at] = server;
    c[at] = 1;
    System.arraycopy(ids, at, n, at + 1, ids.length - at);
    System.arraycopy(counts, at, c, at + 1, ids.length - at);
    return new VectorClock(n, c);
  }

  /** The pointwise maximum of this clock and {@code other}. */
  public VectorClock merge(VectorClock other) {
    String[] a = ids;
    String[] b = other.ids;
    if (Arrays.equals(a, b)) {
      long[] c = counts.clone();
      for (int i = 0; i < c.length; i++) {
        c[i] = Math.max(c[i], other.counts[i]);
      }
      return new VectorClock(a, c);
    }
    String[] n = new String[a.length + b.length];
    long[] c = new long[a.length + b.length];
    int i = 0;
    int j = 0;
    int k = 0;
    while (i < a.length || j < b.length) {
      int cmp = i == a.length ? 1 : j == b.length ? -1 : a[i].compareTo(b[j]);
      if (cmp < 0) {
        n[k] = a[i];
        c[k++] = counts[i++];
      } else if (cmp > 0) {
        n[k] = b[j];
        c[k++] = other.counts[j++];
      } else {
        n[k] = a[i];
        c[k++] = Math.max(counts[i++], other.counts[j++]);
      }
    }
    return new VectorClock(prefix(n, k), Arrays.copyOf(c, k));
  }

  @SuppressWarnings("nullness") // merge() assigned every slot below k
  private static String[] prefix(String[] ids, int k) {
    return Arrays.copyOf(ids, k);
  }

  /** True if every counter of this clock is at least {@code other}'s. */
  public boolean dominates(VectorClock other) {
    for (int j = 0; j < other.ids.length; j++) {
      if (get(other.ids[j]) < other.counts[j]) {
        return false;
      }
    }
    return true;
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof VectorClock v && Arrays.equals(v.ids, ids) && Arrays.equals(v.counts, counts);
  }

  /** The hash code of {@link #counters()} (a map's), without building the map. */
  @Override
  public int hashCode() {
    int h = 0;
    for (int i = 0; i < ids.length; i++) {
      h += ids[i].hashCode() ^ Long.hashCode(counts[i]);
    }
    return h;
  }

  @Override
  public String toString() {
    return counters().toString();
  }
}
