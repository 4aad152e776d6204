package dev.raftproof.lin;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * A key-value store of registers, checked split by key (P-compositionality). The key is the op's {@code :key}
 * (Porcupine kv) or else the value is {@code [k v]} (Jepsen's independent keys). Ops: {@code :get}/{@code :read} v
 * (nil is legal anywhere), {@code :put}/{@code :write} v, {@code :append} v (string concatenation, or adds to a
 * vector), {@code :cas [old new]}, {@code :delete}. An absent key holds the initial value.
 */
public final class KvModel implements Model {
  private final @Nullable Object init;

  public KvModel(@Nullable Object init) {
    this.init = init;
  }

  @Override
  public String name() {
    return "kv(get/put/append/cas/delete,init=" + Edn.write(init) + ",partitioned-by-key)";
  }

  @Override
  public Object initialState() {
    return Collections.emptyMap();
  }

  static @Nullable Object keyOf(Operation op) {
    if (op.key() != null) {
      return op.key();
    }
    List<?> p = Values.pair(op.value());
    return p == null ? null : p.get(0);
  }

  static @Nullable Object argOf(Operation op) {
    if (op.key() != null) {
      return op.value();
    }
    List<?> p = Values.pair(op.value());
    return p == null ? null : p.get(1);
  }

  @Override
  public @Nullable Object step(@Nullable Object state, Operation op) {
    if (!(state instanceof Map<?, ?> s)) {
      return ILLEGAL;
    }
    Object k = keyOf(op);
    Object v = argOf(op);
    Object cur = Values.containsKey(s, k) ? Values.get(s, k) : init;
    if (op.f().equals("delete")) {
      return Values.containsKey(s, k) ? without(s, k) : s;
    }
    Object next = valueStep(cur, op, v);
    return next == ILLEGAL ? ILLEGAL : next == cur ? s : with(s, k, next);
  }

  /**
   * One key's value after {@code op} ({@code arg} is the op's argument): the same object if unchanged, or
   * {@link Model#ILLEGAL}.
   */
  @Nullable Object valueStep(@Nullable Object cur, Operation op, @Nullable Object arg) {
    switch (op.f()) {
      case "get":
      case "read":
        return arg == null || Values.eq(arg, cur) ? cur : ILLEGAL;
      case "put":
      case "write":
        return arg;
      case "append": {
        if (cur instanceof List<?> l) {
          List<@Nullable Object> nl = new ArrayList<>(l);
          nl.add(arg);
          return Collections.unmodifiableList(nl);
        } else if (cur == null && !(arg instanceof String)) {
          return Collections.singletonList(arg);
        } else {
          return (cur == null ? "" : cur.toString()) + (arg == null ? "" : arg.toString());
        }
      }
      case "cas": {
        List<?> p = Values.pair(arg);
        return p != null && Values.eq(p.get(0), cur) ? p.get(1) : ILLEGAL;
      }
      case "delete":
        return init;
      default:
        return ILLEGAL;
    }
  }

  private static Map<@Nullable Object, @Nullable Object> with(Map<?, ?> s, @Nullable Object k, @Nullable Object v) {
    Map<@Nullable Object, @Nullable Object> m = new HashMap<>(s);
    m.put(k, v);
    return Collections.unmodifiableMap(m);
  }

  @SuppressWarnings("nullness") // HashMap accepts a nil key
  private static Map<@Nullable Object, @Nullable Object> without(Map<?, ?> s, @Nullable Object k) {
    Map<@Nullable Object, @Nullable Object> m = new HashMap<>(s);
    m.remove(k);
    return Collections.unmodifiableMap(m);
  }

  @Override
  public String whyIllegal(@Nullable Object state, Operation op) {
    Object k = keyOf(op);
    Object cur = state instanceof Map<?, ?> s && Values.containsKey(s, k) ? Values.get(s, k) : init;
    return switch (op.f()) {
      case "get", "read" -> "can't read " + Edn.write(argOf(op)) + " from key " + Edn.write(k) + " holding "
          + Edn.write(cur);
      case "cas" -> "can't CAS key " + Edn.write(k) + " holding " + Edn.write(cur) + " with " + Edn.write(argOf(op));
      default -> "unknown operation :" + op.f() + " for kv";
    };
  }

  @Override
  public boolean readOnly(Operation op) {
    return op.f().equals("get") || op.f().equals("read");
  }

  @Override
  public boolean alwaysLegal(Operation op) {
    return readOnly(op) && argOf(op) == null;
  }

  @Override
  public List<List<Operation>> partition(List<Operation> ops) {
    Map<@Nullable Object, List<Operation>> byKey = new LinkedHashMap<>();
    for (Operation op : ops) {
      byKey.computeIfAbsent(keyOf(op), x -> new ArrayList<>()).add(op);
    }
    return new ArrayList<>(byKey.values());
  }

  /** All ops of a partition touch one key: check them against that key's value alone (a cheaper state). */
  @Override
  public Model partitionModel(List<Operation> part) {
    return new KeyModel(part.isEmpty() ? null : keyOf(part.get(0)));
  }

  /** The kv model restricted to one key: the state is the key's value (a deleted key holds the initial value again). */
  private final class KeyModel implements Model {
    private final @Nullable Object key;

    KeyModel(@Nullable Object key) {
      this.key = key;
    }

    @Override
    public String name() {
      return KvModel.this.name() + "[key=" + Edn.write(key) + "]";
    }

    @Override
    public @Nullable Object initialState() {
      return init;
    }

    @Override
    public @Nullable Object step(@Nullable Object state, Operation op) {
      return valueStep(state, op, argOf(op));
    }

    @Override
    public String whyIllegal(@Nullable Object state, Operation op) {
      Map<@Nullable Object, @Nullable Object> s = new HashMap<>();
      s.put(key, state);
      return KvModel.this.whyIllegal(s, op);
    }

    @Override
    public boolean readOnly(Operation op) {
      return KvModel.this.readOnly(op);
    }

    @Override
    public boolean alwaysLegal(Operation op) {
      return KvModel.this.alwaysLegal(op);
    }
  }

  @Override
  public String partitionLabel(List<Operation> part) {
    return part.isEmpty() ? "none" : "key " + Edn.write(keyOf(part.get(0)));
  }
}
