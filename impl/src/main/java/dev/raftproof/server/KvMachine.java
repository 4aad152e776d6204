package dev.raftproof.server;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * The server's state machine: a map from string keys to string values, changed only by committed log entries
 * ({@link KvOp}). Deterministic: the same entries in the same order give the same map; {@link #snapshot()} and
 * {@link #restore} round-trip it. Owned by the node's event loop thread (not thread-safe).
 */
public final class KvMachine {
  private static final int SNAPSHOT_MAGIC = 0x4b563031; // "KV01"

  private final TreeMap<String, String> data = new TreeMap<>();

  /** Applies one committed entry value; values that are not commands (other tools' entries) change nothing. */
  public @Nullable KvResult apply(String entryValue) {
    KvOp op = KvOp.decode(entryValue);
    return op == null ? null : apply(op);
  }

  public KvResult apply(KvOp op) {
    String cur = data.get(op.key());
    String v = op.value();
    switch (op.kind()) {
      case PUT:
        data.put(op.key(), v == null ? "" : v);
        return new KvResult(true, cur != null, cur);
      case DELETE:
        data.remove(op.key());
        return new KvResult(true, cur != null, cur);
      case CAS:
      default:
        String e = op.expect();
        boolean holds = e == null ? cur == null : e.equals(cur);
        if (holds) {
          data.put(op.key(), v == null ? "" : v);
        }
        return new KvResult(holds, cur != null, cur);
    }
  }

  public @Nullable String get(String key) {
    return data.get(key);
  }

  public int size() {
    return data.size();
  }

  /**
   * The whole map: magic, count, then each key and value as length-prefixed UTF-8, in key order. Written into one
   * array of the exact size, measured in a first pass (a growing buffer would briefly hold up to three copies of a
   * large map; encoding twice costs less than that memory).
   */
  public byte[] snapshot() {
    long size = 8;
    for (Map.Entry<String, String> e : data.entrySet()) {
      size += 8L + e.getKey().getBytes(StandardCharsets.UTF_8).length
          + e.getValue().getBytes(StandardCharsets.UTF_8).length;
    }
    if (size > Integer.MAX_VALUE - 16) {
      throw new IllegalStateException("key-value snapshot of " + size + " bytes does not fit one array");
    }
    ByteBuffer out = ByteBuffer.allocate((int) size); // big-endian, as DataInputStream reads it back
    out.putInt(SNAPSHOT_MAGIC);
    out.putInt(data.size());
    for (Map.Entry<String, String> e : data.entrySet()) {
      put(out, e.getKey());
      put(out, e.getValue());
    }
    return out.array();
  }

  private static void put(ByteBuffer out, String s) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    out.putInt(b.length);
    out.put(b);
  }

  /** Replaces the map with the one {@code bytes} (from {@link #snapshot()}) holds; empty bytes: an empty map. */
  public void restore(byte[] bytes) {
    data.clear();
    if (bytes.length == 0) {
      return;
    }
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
      if (in.readInt() != SNAPSHOT_MAGIC) {
        throw new IllegalArgumentException("not a key-value snapshot");
      }
      int n = in.readInt();
      for (int i = 0; i < n; i++) {
        String k = readString(in);
        data.put(k, readString(in));
      }
    } catch (IOException e) {
      throw new IllegalArgumentException("truncated key-value snapshot", e);
    }
  }

  private static String readString(DataInputStream in) throws IOException {
    int n = in.readInt();
    if (n < 0 || n > in.available()) {
      throw new IOException("bad string length " + n);
    }
    byte[] b = new byte[n];
    in.readFully(b);
    return new String(b, StandardCharsets.UTF_8);
  }
}
