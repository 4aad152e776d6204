package dev.raftproof.kv;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * A map of integer registers: the state machine behind the simulated clients. Applying the same commands in the same
 * order gives the same state; {@link #snapshot()} and {@link #restore(byte[])} round-trip it exactly.
 */
public final class KvStore {
  private final TreeMap<Long, Long> data = new TreeMap<>();

  /** Applies one log entry value (a {@link KvCommand} or anything else, which is ignored). */
  public void apply(String entryValue) {
    KvCommand c = KvCommand.decode(entryValue);
    if (c != null) {
      data.put(c.key(), c.value());
    }
  }

  /** The value of {@code key}, or null if it was never written. */
  public @Nullable Long get(long key) {
    return data.get(key);
  }

  public int size() {
    return data.size();
  }

  /** The whole state as bytes: {@code key=value} pairs in key order, separated by {@code ;}. */
  public byte[] snapshot() {
    StringBuilder sb = new StringBuilder();
    for (Map.Entry<Long, Long> e : data.entrySet()) {
      if (sb.length() > 0) {
        sb.append(';');
      }
      sb.append(e.getKey()).append('=').append(e.getValue());
    }
    return sb.toString().getBytes(StandardCharsets.UTF_8);
  }

  /** Replaces the state with the one {@code bytes} (from {@link #snapshot()}) describes. */
  public void restore(byte[] bytes) {
    data.clear();
    String s = new String(bytes, StandardCharsets.UTF_8);
    if (s.isEmpty()) {
      return;
    }
    for (String pair : s.split(";", -1)) {
      int eq = pair.indexOf('=');
      if (eq < 0) {
        throw new IllegalArgumentException("bad snapshot pair: " + pair);
      }
      data.put(Long.parseLong(pair.substring(0, eq)), Long.parseLong(pair.substring(eq + 1)));
    }
  }

  /** Empties the store (a restarted server before it restores its snapshot). */
  public void clear() {
    data.clear();
  }

  @Override
  public String toString() {
    return data.toString();
  }
}
