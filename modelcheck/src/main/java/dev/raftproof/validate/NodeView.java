package dev.raftproof.validate;

import dev.raftproof.trace.TraceVocabulary;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * One server's variables in a spec state, in the trace's terms (the log as its live suffix, pendingReads without
 * the spec-only history): what the diagnosis and the HTML report show and compare.
 */
public final class NodeView {
  private final SpecState s;
  private final String node;
  private final List<String> initServers;

  public NodeView(SpecState s, String node, List<String> initServers) {
    this.s = s;
    this.node = node;
    this.initServers = List.copyOf(initServers);
  }

  public long currentTerm() {
    return num(s.of("currentTerm", node));
  }

  public String role() {
    return String.valueOf(s.of("state", node));
  }

  public long commitIndex() {
    return num(s.of("commitIndex", node));
  }

  public long snapshotIndex() {
    return num(s.of("snapshotIndex", node));
  }

  /** The whole log as the spec keeps it (compacted prefix included). */
  public List<Object> fullLog() {
    return TlaValue.listOf(s.of("log", node));
  }

  public long lastIndex() {
    return fullLog().size();
  }

  /** Term of entry k (0 at index 0). */
  public long termAt(long k) {
    if (k <= 0 || k > lastIndex()) {
      return 0;
    }
    return fullLog().get((int) k - 1) instanceof Map<?, ?> e ? num(e.get("term")) : 0;
  }

  public Set<Object> votesGranted() {
    return TlaValue.setOf(s.of("votesGranted", node));
  }

  public long nextIndex(String j) {
    return s.of("nextIndex", node) instanceof Map<?, ?> m ? num(m.get(j)) : 0;
  }

  public long matchIndex(String j) {
    return s.of("matchIndex", node) instanceof Map<?, ?> m ? num(m.get(j)) : 0;
  }

  /** Config(i): the last config entry's voters, or InitServers. */
  public Set<Object> config() {
    List<Object> lg = fullLog();
    for (int k = lg.size() - 1; k >= 0; k--) {
      if (lg.get(k) instanceof Map<?, ?> e && "config".equals(e.get("type")) && e.get("value") instanceof Set<?> v) {
        return TlaValue.setOf(v);
      }
    }
    return new LinkedHashSet<>(initServers);
  }

  /** Index of the last config entry, 0 if none. */
  public long lastConfigIndex() {
    List<Object> lg = fullLog();
    for (int k = lg.size() - 1; k >= 0; k--) {
      if (lg.get(k) instanceof Map<?, ?> e && "config".equals(e.get("type"))) {
        return k + 1;
      }
    }
    return 0;
  }

  public Set<Object> pendingReads() {
    return TlaValue.setOf(s.of("pendingReads", node));
  }

  /** The field as the trace logs it (§3), for comparison with a logged value. */
  public @Nullable Object field(String f) {
    return switch (f) {
      case "log" -> {
        List<Object> lg = fullLog();
        int from = (int) Math.min(lg.size(), Math.max(0, snapshotIndex()));
        yield new ArrayList<>(lg.subList(from, lg.size()));
      }
      case "pendingReads" -> {
        Set<Object> out = new LinkedHashSet<>();
        for (Object r : pendingReads()) {
          if (r instanceof Map<?, ?> m) {
            Map<Object, Object> p = new LinkedHashMap<>();
            p.put("id", NodeView.num(m.get("id")));
            p.put("index", NodeView.num(m.get("index")));
            p.put("acks", TlaValue.setOf(m.get("acks")));
            out.add(p);
          }
        }
        yield out;
      }
      default -> s.of(f, node);
    };
  }

  /** All fields of §3 as the trace would log them. */
  public Map<String, @Nullable Object> fields() {
    Map<String, @Nullable Object> m = new LinkedHashMap<>();
    for (String f : TraceVocabulary.STATE_FIELDS) {
      m.put(f, field(f));
    }
    return m;
  }

  static long num(@Nullable Object o) {
    return o instanceof Long l ? l : 0;
  }

  /** A quorum of C within S: more than half of C's members are in S. */
  static boolean isQuorum(Set<Object> votes, Set<Object> config) {
    long in = votes.stream().filter(config::contains).count();
    return 2 * in > config.size();
  }
}
