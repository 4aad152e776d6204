package dev.raftproof.validate;

import dev.raftproof.trace.LoggedEvent;
import dev.raftproof.trace.TraceFile;
import dev.raftproof.trace.TraceFormatException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Merges per-node trace files into one sequence consistent with their vector clocks (FORMAT.md §5).
 *
 * <p>Rule: the head event e of node n's file may be emitted once, for every other server s, every event of s whose
 * own clock entry is at most e.clock[s] has been emitted (e happens after all of them). Among the events that may be
 * emitted, the one of the smallest server id goes first (then seq, which is file order). If no head may be emitted
 * while events remain, no consistent order exists: a cycle in the clocks, or a dependency on an event that is in no
 * file (a receive whose message was never sent): {@link ImpossibleOrderException} names the blocked events.
 */
public final class TraceMerger {
  private TraceMerger() {}

  /** No order is consistent with the clocks. */
  public static final class ImpossibleOrderException extends Exception {
    private static final long serialVersionUID = 1L;
    private final transient @Nullable LoggedEvent blocked;

    ImpossibleOrderException(String message, @Nullable LoggedEvent blocked) {
      super(message);
      this.blocked = blocked;
    }

    /** One of the events that can never be placed. */
    public @Nullable LoggedEvent blocked() {
      return blocked;
    }
  }

  /**
   * @throws TraceFormatException if the files disagree on servers/initServers, or two files hold the same node
   * @throws ImpossibleOrderException if no order is consistent with the clocks
   */
  public static TraceFile merge(List<TraceFile> files) throws TraceFormatException, ImpossibleOrderException {
    if (files.size() == 1) {
      return files.get(0);
    }
    TraceFile first = files.get(0);
    Map<String, Deque<LoggedEvent>> queues = new TreeMap<>();
    for (TraceFile f : files) {
      if (!f.servers().equals(first.servers()) || !f.initServers().equals(first.initServers())) {
        throw new TraceFormatException(f.name(), 1, "servers",
            "differs from " + first.name() + "'s header (all files of one run must agree)");
      }
      String node = f.node();
      if (node == null) {
        throw new TraceFormatException(f.name(), 1, "node",
            "a whole-cluster trace (node null) cannot be merged with other files");
      }
      if (queues.containsKey(node)) {
        throw new TraceFormatException(f.name(), 1, "node", "a second file for " + node);
      }
      queues.put(node, new ArrayDeque<>(f.events()));
    }
    Map<String, Long> lastOwn = new TreeMap<>();
    for (Map.Entry<String, Deque<LoggedEvent>> q : queues.entrySet()) {
      LoggedEvent last = q.getValue().peekLast();
      Long c = last == null ? null : last.clock().get(q.getKey());
      lastOwn.put(q.getKey(), c == null ? 0L : c);
    }
    for (Deque<LoggedEvent> q : queues.values()) {
      for (LoggedEvent e : q) {
        for (Map.Entry<String, Long> c : e.clock().entrySet()) {
          Long last = lastOwn.get(c.getKey());
          if (!c.getKey().equals(e.node()) && last != null && c.getValue() > last) {
            throw new ImpossibleOrderException(e.describe() + " depends on event " + c.getKey() + ":" + c.getValue()
                + ", which no file holds (" + c.getKey() + "'s file ends at " + last
                + "): a receive whose message was never sent, or a truncated file", e);
          }
        }
      }
    }
    List<LoggedEvent> out = new ArrayList<>();
    while (true) {
      LoggedEvent next = null;
      boolean remaining = false;
      for (Deque<LoggedEvent> q : queues.values()) {
        LoggedEvent head = q.peekFirst();
        if (head == null) {
          continue;
        }
        remaining = true;
        if (ready(head, queues)) {
          next = head;
          break; // queues are in server-id order: the smallest ready server goes first
        }
      }
      if (next == null) {
        if (remaining) {
          throw blocked(queues);
        }
        break;
      }
      Deque<LoggedEvent> q = queues.get(next.node());
      if (q != null) {
        q.pollFirst();
      }
      out.add(next);
    }
    // Events keep their file, line and per-file seq, so that reports point into the file the event came from.
    return new TraceFile("merge of " + files.size() + " files", first.servers(), first.initServers(), null, out);
  }

  private static boolean ready(LoggedEvent e, Map<String, Deque<LoggedEvent>> queues) {
    for (Map.Entry<String, Long> c : e.clock().entrySet()) {
      String s = c.getKey();
      if (s.equals(e.node())) {
        continue;
      }
      Deque<LoggedEvent> q = queues.get(s);
      LoggedEvent h = q == null ? null : q.peekFirst();
      Long hc = h == null ? null : h.clock().get(s);
      if (hc != null && hc <= c.getValue()) {
        return false; // an event of s that e depends on is not placed yet
      }
    }
    return true;
  }

  private static ImpossibleOrderException blocked(Map<String, Deque<LoggedEvent>> queues) {
    List<String> parts = new ArrayList<>();
    LoggedEvent any = null;
    for (Deque<LoggedEvent> q : queues.values()) {
      LoggedEvent h = q.peekFirst();
      if (h == null) {
        continue;
      }
      any = any == null ? h : any;
      List<String> waits = new ArrayList<>();
      for (Map.Entry<String, Long> c : h.clock().entrySet()) {
        Deque<LoggedEvent> other = queues.get(c.getKey());
        LoggedEvent oh = other == null ? null : other.peekFirst();
        Long ohc = oh == null ? null : oh.clock().get(c.getKey());
        if (!c.getKey().equals(h.node()) && oh != null && ohc != null && ohc <= c.getValue()) {
          waits.add(oh.describe() + " (its clock says " + c.getKey() + ":" + c.getValue() + ")");
        }
      }
      parts.add(h.describe() + " must follow " + String.join(" and ", waits));
    }
    return new ImpossibleOrderException("no order of the files is consistent with their vector clocks (a cycle): "
        + String.join("; ", parts), any);
  }
}
