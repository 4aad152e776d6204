package dev.raftproof.validate;

import dev.raftproof.trace.LoggedEvent;
import dev.raftproof.trace.TraceVocabulary;
import java.util.Map;
import org.checkerframework.checker.nullness.qual.Nullable;

/** The console text for one validation result. */
public final class TextReport {
  private TextReport() {}

  public static String of(String name, ValidationResult r) {
    StringBuilder b = new StringBuilder();
    int n = r.trace().events().size();
    switch (r.verdict()) {
      case PASS -> b.append("PASS ").append(name).append(": all ").append(n).append(" events matched by spec steps\n");
      case REJECTED -> {
        Failure f = r.failure();
        b.append("REJECTED ").append(name).append(": ");
        if (f == null) {
          b.append("no failure recorded\n");
          break;
        }
        b.append("event ").append(f.index()).append(" of ").append(n).append(" matches no spec step (")
            .append(r.matched()).append(" matched before it)\n");
        LoggedEvent e = f.event();
        if (e != null) {
          b.append("  event:   ").append(e.describe()).append('\n');
          b.append("  tried:   ").append(tried(e)).append('\n');
          SpecState before = f.before();
          if (before != null) {
            b.append("  spec state of ").append(e.node()).append(" before it:\n");
            for (Map.Entry<String, @Nullable Object> x : new NodeView(before, e.node(), r.trace().initServers())
                .fields().entrySet()) {
              b.append("    ").append(x.getKey()).append(" = ")
                  .append(x.getValue() == null ? "?" : TlaValue.plain(x.getValue())).append('\n');
            }
          }
        }
        b.append("  why:\n");
        for (String w : f.reasons()) {
          b.append("    - ").append(w).append('\n');
        }
      }
      case TIME_LIMIT -> b.append("TIME LIMIT ").append(name).append(": ").append(r.message()).append('\n');
      case INTERNAL -> b.append("ERROR ").append(name).append(": ").append(r.message()).append('\n');
    }
    if (!r.freeFields().isEmpty()) {
      b.append("  not logged (left free): ").append(String.join(", ", r.freeFields())).append('\n');
    }
    b.append("  always free (spec-only): readId, committed, pendingReads.mustSee, InstallSnapshotRequest.mdata\n");
    b.append(String.format("  TLC time: %.1f s%n", r.tlcTime().toMillis() / 1000.0));
    return b.toString();
  }

  /** The spec action with the logged parameters, e.g. {@code HandleAppendEntriesRequest(s2, m)}. */
  static String tried(LoggedEvent e) {
    TraceVocabulary.ActionShape s = TraceVocabulary.action(e.action());
    StringBuilder b = new StringBuilder(e.action()).append('(').append(e.node());
    String param = s == null ? null : s.param();
    if (param != null) {
      b.append(", ").append(e.params().path(param).asText());
    }
    com.fasterxml.jackson.databind.node.ObjectNode recv = e.recv();
    if (recv != null) {
      b.append(", m) with m = ").append(TlaValue.plain(LoggedValues.message(recv)));
    } else {
      b.append(')');
    }
    return b.toString();
  }
}
