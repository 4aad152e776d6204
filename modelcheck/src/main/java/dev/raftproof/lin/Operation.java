package dev.raftproof.lin;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * A client operation after Knossos's completion rules: an invoke with its {@code :ok} (value from the {@code :ok}), or
 * a pending one ({@code :info}, or never completed) that may take effect at any time after its call, or never.
 * {@code :fail}ed operations never happened and are not represented.
 *
 * @param id position in the list this operation came from
 * @param process the client process
 * @param f the operation's function, e.g. {@code "read"} (keyword name without the colon)
 * @param value the completed value (the {@code :ok}'s value; the invoke's value for a pending op)
 * @param key the {@code :key} if the history has one (Porcupine kv), else null
 * @param call index of the invoke event in the history
 * @param ret index of the completion event, or {@link #PENDING}
 * @param line source line of the invoke (0 if unknown)
 */
public record Operation(int id, Object process, String f, @Nullable Object value, @Nullable Object key, int call,
    int ret, int line) {

  /** {@link #ret} of an operation that never returned. */
  public static final int PENDING = Integer.MAX_VALUE;

  public boolean pending() {
    return ret == PENDING;
  }

  public Operation withId(int newId) {
    return new Operation(newId, process, f, value, key, call, ret, line);
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder();
    sb.append("{:process ");
    Edn.write(process, sb);
    sb.append(", :type ").append(pending() ? ":info" : ":ok").append(", :f :").append(f).append(", ");
    if (key != null) {
      sb.append(":key ");
      Edn.write(key, sb);
      sb.append(", ");
    }
    sb.append(":value ");
    Edn.write(value, sb);
    sb.append('}');
    return sb.toString();
  }

  /**
   * Applies Knossos's rules to a history: pairs each invoke with its completion by process; an {@code :ok} gives its
   * value to the invoke; a {@code :fail} and its invoke are dropped; an {@code :info} (or no completion at all) leaves
   * the op pending; an {@code :info} with no open invoke (nemesis) is ignored, as are ops of non-integer processes
   * (Knossos checks client ops only).
   */
  public static List<Operation> complete(History h) throws BadHistoryException {
    List<HistoryEvent> ev = h.events();
    Map<Object, HistoryEvent> open = new HashMap<>();
    // index of invoke event -> completion (null = pending)
    Map<Integer, @Nullable HistoryEvent> done = new HashMap<>();
    List<HistoryEvent> invokes = new ArrayList<>();
    for (HistoryEvent e : ev) {
      Object p = e.process();
      if (!(p instanceof Long)) {
        continue;
      }
      switch (e.type()) {
        case INVOKE -> {
          HistoryEvent prev = open.get(p);
          if (prev != null) {
            throw new BadHistoryException(h.source() + ": " + e.where() + ": process " + Edn.write(p)
                + " invokes again while its " + prev.where() + " is still open");
          }
          open.put(p, e);
          invokes.add(e);
        }
        case OK, FAIL, INFO -> {
          HistoryEvent inv = open.remove(p);
          if (inv == null) {
            if (e.type() == HistoryEvent.Type.INFO) {
              continue;
            }
            throw new BadHistoryException(h.source() + ": " + e.where() + ": " + e.type().keyword()
                + " for process " + Edn.write(p) + " which has no open invoke");
          }
          done.put(inv.index(), e);
        }
      }
    }
    List<Operation> out = new ArrayList<>(invokes.size());
    for (HistoryEvent inv : invokes) {
      HistoryEvent c = done.get(inv.index());
      Object p = inv.process();
      if (p == null) {
        continue; // unreachable: only Long processes are collected
      }
      String f = fName(inv.f());
      if (c == null || c.type() == HistoryEvent.Type.INFO) {
        out.add(new Operation(out.size(), p, f, inv.value(), inv.key(), inv.index(), PENDING, inv.line()));
      } else if (c.type() == HistoryEvent.Type.OK) {
        out.add(new Operation(out.size(), p, f, c.value(), inv.key() != null ? inv.key() : c.key(), inv.index(),
            c.index(), inv.line()));
      }
      // FAIL: never happened
    }
    return out;
  }

  static String fName(@Nullable Object f) {
    if (f instanceof Kw k) {
      return k.name();
    }
    return f == null ? "nil" : f.toString();
  }
}
