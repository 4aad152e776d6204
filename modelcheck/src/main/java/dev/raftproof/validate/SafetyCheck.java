package dev.raftproof.validate;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.raftproof.core.ActionEvent;
import dev.raftproof.safety.SafetyMonitor;
import dev.raftproof.safety.Violation;
import dev.raftproof.trace.TraceEvent;
import dev.raftproof.trace.TraceFormatException;
import dev.raftproof.trace.TraceReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The five safety properties checked directly on a (merged) trace, by the core's {@link SafetyMonitor} — the one
 * implementation of them in Java. The events are handed over through the core's own {@link TraceReader}, so the
 * monitor sees exactly the typed states the core would have written.
 */
public final class SafetyCheck {
  private static final ObjectMapper JSON = new ObjectMapper();

  private SafetyCheck() {}

  public static List<Violation> check(TraceFile trace) throws TraceInputException {
    return SafetyMonitor.check(typed(trace));
  }

  /** The trace as the core's typed events (seq renumbered in merged order). */
  static List<ActionEvent> typed(TraceFile trace) throws TraceInputException {
    StringBuilder text = new StringBuilder();
    try {
      ObjectNode h = JSON.createObjectNode();
      h.put("format", "raft-trace").put("version", 1);
      ArrayNode servers = h.putArray("servers");
      trace.servers().forEach(servers::add);
      ArrayNode init = h.putArray("initServers");
      trace.initServers().forEach(init::add);
      h.putNull("node");
      h.put("source", "validate");
      text.append(JSON.writeValueAsString(h)).append('\n');
      long seq = 1;
      for (LoggedEvent e : trace.events()) {
        ObjectNode o = JSON.createObjectNode();
        o.put("seq", seq++).put("node", e.node()).put("action", e.action());
        ObjectNode clock = o.putObject("clock");
        for (Map.Entry<String, Long> c : e.clock().entrySet()) {
          clock.put(c.getKey(), c.getValue());
        }
        o.set("params", e.params());
        if (e.recv() == null) {
          o.putNull("recv");
        } else {
          o.set("recv", e.recv());
        }
        ArrayNode sent = o.putArray("sent");
        e.sent().forEach(sent::add);
        o.set("state", e.state());
        text.append(JSON.writeValueAsString(o)).append('\n');
      }
    } catch (JsonProcessingException ex) {
      throw new IllegalStateException("cannot re-serialise a parsed event", ex);
    }
    try {
      List<ActionEvent> out = new ArrayList<>();
      for (TraceEvent te : TraceReader.parse(trace.name(), text.toString()).events()) {
        out.add(te.event());
      }
      return out;
    } catch (TraceFormatException ex) {
      // The core's reader is stricter about state fields (it needs all of them to build a NodeState).
      throw new TraceInputException(trace.name(), (int) ex.line(), ex.field(),
          "the safety check needs every state field: " + ex.getMessage());
    }
  }
}
