package dev.raftproof.core;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Collections;
import java.util.Comparator;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * An immutable {@code SortedMap<String, Long>} over two arrays (server ids in ascending order, their values): a
 * leader's {@code nextIndex}/{@code matchIndex} in a {@link NodeState}. Built once per traced event of a leader, so it
 * is not a TreeMap; {@link NodeState} keeps it without copying. Equal to any map with the same entries. Public only
 * for {@link #keyAt}/{@link #valueAt}, which let the trace writer read it without an entry object or a boxed value per
 * server; only the core creates one.
 */
// The keys are this map's own by construction: the Nullness Checker's @KeyFor bookkeeping (entrySet, firstKey,
// lastKey, containsKey's postcondition) cannot see that through the arrays.
@SuppressWarnings({"keyfor", "contracts.conditional.postcondition"})
public final class IndexMap extends AbstractMap<String, Long> implements SortedMap<String, Long> {
  private final String[] keys;
  private final long[] values;

  /** {@code keys} ascending and distinct; both arrays are owned by this map from now on. */
  IndexMap(String[] keys, long[] values) {
    this.keys = keys;
    this.values = values;
  }

  /** The {@code i}-th key in ascending order ({@code 0 <= i < size()}). */
  public String keyAt(int i) {
    return keys[i];
  }

  /** The value of {@link #keyAt keyAt(i)}. */
  public long valueAt(int i) {
    return values[i];
  }

  private int find(@Nullable Object key) {
    for (int i = 0; i < keys.length; i++) {
      if (keys[i].equals(key)) {
        return i;
      }
    }
    return -1;
  }

  @Override
  public int size() {
    return keys.length;
  }

  @Override
  public boolean containsKey(@Nullable Object key) {
    return find(key) >= 0;
  }

  @Override
  public @Nullable Long get(@Nullable Object key) {
    int i = find(key);
    return i < 0 ? null : values[i];
  }

  @Override
  public Set<Map.Entry<String, Long>> entrySet() {
    return new AbstractSet<>() {
      @Override
      public Iterator<Map.Entry<String, Long>> iterator() {
        return new Iterator<>() {
          private int i;

          @Override
          public boolean hasNext() {
            return i < keys.length;
          }

          @Override
          public Map.Entry<String, Long> next() {
            if (i >= keys.length) {
              throw new NoSuchElementException();
            }
            Map.Entry<String, Long> e = new AbstractMap.SimpleImmutableEntry<>(keys[i], values[i]);
            i++;
            return e;
          }
        };
      }

      @Override
      public int size() {
        return keys.length;
      }
    };
  }

  @Override
  public @Nullable Comparator<? super String> comparator() {
    return null; // natural order, as a TreeMap without comparator
  }

  @Override
  public String firstKey() {
    if (keys.length == 0) {
      throw new NoSuchElementException();
    }
    return keys[0];
  }

  @Override
  public String lastKey() {
    if (keys.length == 0) {
      throw new NoSuchElementException();
    }
    return keys[keys.length - 1];
  }

  // Range views are not used on the hot path: a sorted copy answers them.
  private SortedMap<String, Long> copy() {
    return Collections.unmodifiableSortedMap(new TreeMap<>(this));
  }

  @Override
  public SortedMap<String, Long> subMap(String fromKey, String toKey) {
    return copy().subMap(fromKey, toKey);
  }

  @Override
  public SortedMap<String, Long> headMap(String toKey) {
    return copy().headMap(toKey);
  }

  @Override
  public SortedMap<String, Long> tailMap(String fromKey) {
    return copy().tailMap(fromKey);
  }

  @Override
  public Long put(String key, Long value) {
    throw new UnsupportedOperationException("immutable");
  }

  @Override
  public @Nullable Long remove(@Nullable Object key) {
    throw new UnsupportedOperationException("immutable");
  }

  @Override
  public void putAll(Map<? extends String, ? extends Long> m) {
    throw new UnsupportedOperationException("immutable");
  }

  @Override
  public void clear() {
    throw new UnsupportedOperationException("immutable");
  }
}
