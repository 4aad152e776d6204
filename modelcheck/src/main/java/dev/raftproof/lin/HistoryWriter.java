package dev.raftproof.lin;

import java.util.List;

/** Writes histories and operations as Knossos EDN (a vector of op maps, one per line), readable by {@link HistoryReader}. */
public final class HistoryWriter {
  private HistoryWriter() {}

  public static String toEdn(History h) {
    StringBuilder sb = new StringBuilder(h.events().size() * 64 + 4);
    sb.append('[');
    boolean first = true;
    for (HistoryEvent e : h.events()) {
      if (!first) {
        sb.append("\n ");
      }
      first = false;
      sb.append("{:process ");
      Edn.write(e.process(), sb);
      sb.append(", :type ").append(e.type().keyword()).append(", :f ");
      Edn.write(e.f(), sb);
      if (e.key() != null) {
        sb.append(", :key ");
        Edn.write(e.key(), sb);
      }
      sb.append(", :value ");
      Edn.write(e.value(), sb);
      sb.append(", :index ").append(e.index()).append('}');
    }
    sb.append("]\n");
    return sb.toString();
  }

  /** Completed operations as a history again: invoke then ok (or info for pending ones), in call/return order. */
  public static String toEdn(List<Operation> ops) {
    java.util.List<long[]> evs = new java.util.ArrayList<>();
    for (Operation op : ops) {
      evs.add(new long[] {op.call(), op.id(), 0});
      evs.add(new long[] {op.pending() ? Long.MAX_VALUE : op.ret(), op.id(), 1});
    }
    evs.sort((a, b) -> a[0] != b[0] ? Long.compare(a[0], b[0]) : Long.compare(a[2], b[2]));
    StringBuilder sb = new StringBuilder();
    sb.append('[');
    boolean first = true;
    java.util.Map<Integer, Operation> byId = new java.util.HashMap<>();
    for (Operation op : ops) {
      byId.put(op.id(), op);
    }
    for (long[] ev : evs) {
      Operation op = byId.get((int) ev[1]);
      if (op == null) {
        continue;
      }
      if (!first) {
        sb.append("\n ");
      }
      first = false;
      String type = ev[2] == 0 ? ":invoke" : op.pending() ? ":info" : ":ok";
      sb.append("{:process ");
      Edn.write(op.process(), sb);
      sb.append(", :type ").append(type).append(", :f :").append(op.f());
      if (op.key() != null) {
        sb.append(", :key ");
        Edn.write(op.key(), sb);
      }
      sb.append(", :value ");
      Edn.write(op.value(), sb);
      sb.append('}');
    }
    sb.append("]\n");
    return sb.toString();
  }
}
