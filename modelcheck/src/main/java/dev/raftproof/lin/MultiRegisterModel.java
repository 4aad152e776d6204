package dev.raftproof.lin;

import java.util.AbstractMap;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Knossos's multi-register: {@code :txn} ops whose value is a vector of {@code [:read k v]} / {@code [:write k v]}
 * micro-ops applied in order; a read of nil is legal. State: an immutable map of register values.
 */
public final class MultiRegisterModel implements Model {
  private static final Kw READ = new Kw("read");
  private static final Kw WRITE = new Kw("write");
  private final Regs init;

  public MultiRegisterModel(@Nullable Object init) {
    Map<@Nullable Object, @Nullable Object> m = new LinkedHashMap<>();
    if (init instanceof Map<?, ?> im) {
      m.putAll(im);
    } else if (init != null) {
      throw new IllegalArgumentException("multi-register init must be a map, got " + Edn.write(init));
    }
    this.init = new Regs(m);
  }

  /** An immutable map of register values with a cached hash (states are hashed often). */
  static final class Regs extends AbstractMap<@Nullable Object, @Nullable Object> {
    private final Map<@Nullable Object, @Nullable Object> m;
    private final int hash;

    Regs(Map<@Nullable Object, @Nullable Object> m) {
      this.m = Collections.unmodifiableMap(m);
      this.hash = m.hashCode();
    }

    @Override
    @SuppressWarnings({"nullness", "keyfor"}) // the entries of the wrapped map are exactly this map's keys
    public Set<Map.Entry<@Nullable Object, @Nullable Object>> entrySet() {
      return m.entrySet();
    }

    @Override
    public @Nullable Object get(@Nullable Object k) {
      return Values.get(m, k);
    }

    @Override
    public int hashCode() {
      return hash;
    }

    @Override
    public boolean equals(@Nullable Object o) {
      if (o == this) {
        return true;
      }
      if (o instanceof Regs r) {
        return r.hash == hash && r.m.equals(m);
      }
      return super.equals(o);
    }
  }

  @Override
  public String name() {
    return "multi-register(init=" + Edn.write(init) + ")";
  }

  @Override
  public Object initialState() {
    return init;
  }

  @Override
  public @Nullable Object step(@Nullable Object state, Operation op) {
    if (!op.f().equals("txn") || !(state instanceof Map<?, ?> s) || !(op.value() instanceof List<?> mops)) {
      return ILLEGAL;
    }
    Map<@Nullable Object, @Nullable Object> next = null;
    for (Object mop : mops) {
      if (!(mop instanceof List<?> t) || t.size() != 3) {
        return ILLEGAL;
      }
      Object f = t.get(0);
      Object k = t.get(1);
      Object v = t.get(2);
      Map<?, ?> cur = next != null ? next : s;
      if (Values.eq(READ, f)) {
        if (v != null && !Values.eq(v, Values.get(cur, k))) {
          return ILLEGAL;
        }
      } else if (Values.eq(WRITE, f)) {
        if (next == null) {
          next = new LinkedHashMap<>(s);
        }
        next.put(k, v);
      } else {
        return ILLEGAL;
      }
    }
    return next == null ? s : new Regs(next);
  }

  @Override
  public String whyIllegal(@Nullable Object state, Operation op) {
    return "can't apply txn " + Edn.write(op.value()) + " to registers " + Edn.write(state);
  }

  @Override
  public boolean readOnly(Operation op) {
    if (!(op.value() instanceof List<?> mops)) {
      return false;
    }
    for (Object mop : mops) {
      if (!(mop instanceof List<?> t) || t.size() != 3 || !Values.eq(READ, t.get(0))) {
        return false;
      }
    }
    return true;
  }

  @Override
  public boolean alwaysLegal(Operation op) {
    if (!readOnly(op) || !(op.value() instanceof List<?> mops)) {
      return false;
    }
    for (Object mop : mops) {
      if (!(mop instanceof List<?> t) || t.get(2) != null) {
        return false;
      }
    }
    return true;
  }
}
