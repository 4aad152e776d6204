package dev.raftproof.validate;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Reads an NDJSON trace in format v1 and checks its shape: header, known actions and message types, required
 * fields, seq order and per-node clocks that never go backwards. Every problem is a {@link TraceInputException} that
 * names file, line and field. It does not judge Raft semantics: that is TLC's job.
 */
public final class TraceFileReader {
  private static final ObjectMapper JSON = new ObjectMapper();

  private TraceFileReader() {}

  public static TraceFile read(Path path) throws IOException, TraceInputException {
    return parse(path.toString(), Files.readString(path, StandardCharsets.UTF_8));
  }

  public static TraceFile parse(String name, String text) throws TraceInputException {
    List<String> lines = new ArrayList<>();
    try (BufferedReader r = new BufferedReader(new StringReader(text))) {
      String s;
      while ((s = r.readLine()) != null) {
        lines.add(s);
      }
    } catch (IOException e) {
      throw new TraceInputException(name, 1, null, "cannot read: " + e.getMessage());
    }
    while (!lines.isEmpty() && lines.get(lines.size() - 1).isBlank()) {
      lines.remove(lines.size() - 1);
    }
    if (lines.isEmpty()) {
      throw new TraceInputException(name, 1, null, "empty file: expected a format v1 header line");
    }
    ObjectNode header = object(name, 1, lines.get(0));
    String format = text(name, 1, header, "format");
    if (!"raft-trace".equals(format)) {
      throw new TraceInputException(name, 1, "format", "expected \"raft-trace\", got \"" + format + "\"");
    }
    long version = integer(name, 1, header, "version");
    if (version != 1) {
      throw new TraceInputException(name, 1, "version",
          "unsupported trace format version " + version + " (this validator reads version 1)");
    }
    List<String> servers = strings(name, 1, header, "servers");
    if (servers.isEmpty()) {
      throw new TraceInputException(name, 1, "servers", "no servers");
    }
    List<String> initServers = strings(name, 1, header, "initServers");
    for (String s : initServers) {
      if (!servers.contains(s)) {
        throw new TraceInputException(name, 1, "initServers", "'" + s + "' is not in servers " + servers);
      }
    }
    JsonNode nodeField = header.get("node");
    String fileNode = null;
    if (nodeField != null && !nodeField.isNull()) {
      if (!nodeField.isTextual() || !servers.contains(nodeField.asText())) {
        throw new TraceInputException(name, 1, "node", "must be null or one of " + servers);
      }
      fileNode = nodeField.asText();
    }
    Set<String> serverSet = new HashSet<>(servers);
    List<LoggedEvent> events = new ArrayList<>();
    Map<String, Long> lastOwnClock = new HashMap<>();
    for (int i = 1; i < lines.size(); i++) {
      int lineNo = i + 1;
      if (lines.get(i).isBlank()) {
        throw new TraceInputException(name, lineNo, null, "blank line inside the trace");
      }
      LoggedEvent e = event(name, lineNo, object(name, lineNo, lines.get(i)), serverSet);
      if (e.seq() != events.size() + 1) {
        throw new TraceInputException(name, lineNo, "seq", "expected " + (events.size() + 1) + ", got " + e.seq());
      }
      if (fileNode != null && !fileNode.equals(e.node())) {
        throw new TraceInputException(name, lineNo, "node",
            "this file holds the events of " + fileNode + " but the event is by " + e.node());
      }
      Long own = e.clock().get(e.node());
      if (own == null) {
        throw new TraceInputException(name, lineNo, "clock", "has no entry for its own node " + e.node());
      }
      Long before = lastOwnClock.get(e.node());
      if (before != null && own <= before) {
        throw new TraceInputException(name, lineNo, "clock",
            "clock goes backwards: " + e.node() + "'s own entry is " + own + " after " + before);
      }
      lastOwnClock.put(e.node(), own);
      events.add(e);
    }
    return new TraceFile(name, servers, initServers, fileNode, events);
  }

  private static LoggedEvent event(String file, int line, ObjectNode o, Set<String> servers)
      throws TraceInputException {
    long seq = integer(file, line, o, "seq");
    String node = text(file, line, o, "node");
    if (!servers.contains(node)) {
      throw new TraceInputException(file, line, "node", "'" + node + "' is not one of the header's servers");
    }
    String action = text(file, line, o, "action");
    SpecActions.ActionShape shape = SpecActions.action(action);
    if (shape == null) {
      throw new TraceInputException(file, line, "action", "unknown action '" + action + "'");
    }
    ObjectNode clockNode = objectField(file, line, o, "clock");
    Map<String, Long> clock = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = clockNode.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> f = it.next();
      if (!servers.contains(f.getKey())) {
        throw new TraceInputException(file, line, "clock." + f.getKey(), "not one of the header's servers");
      }
      if (!f.getValue().canConvertToLong() || !f.getValue().isIntegralNumber() || f.getValue().asLong() < 0) {
        throw new TraceInputException(file, line, "clock." + f.getKey(), "must be a non-negative integer");
      }
      clock.put(f.getKey(), f.getValue().asLong());
    }
    ObjectNode params = objectField(file, line, o, "params");
    String param = shape.param();
    if (param != null) {
      JsonNode p = params.get(param);
      if (p == null || p.isNull()) {
        throw new TraceInputException(file, line, "params." + param, "missing (" + action + " needs it)");
      }
      boolean ok = switch (param) {
        case "peer" -> p.isTextual() && servers.contains(p.asText());
        case "value" -> p.isTextual();
        default -> p.isIntegralNumber();
      };
      if (!ok) {
        throw new TraceInputException(file, line, "params." + param, "bad value " + p);
      }
    }
    JsonNode recvNode = o.get("recv");
    if (recvNode == null) {
      throw new TraceInputException(file, line, "recv", "missing (use null when no message was consumed)");
    }
    ObjectNode recv = null;
    if (shape.receives()) {
      if (!recvNode.isObject()) {
        throw new TraceInputException(file, line, "recv", action + " consumes a message; recv must be an object");
      }
      recv = (ObjectNode) recvNode;
      message(file, line, "recv", recv, servers);
    } else if (!recvNode.isNull()) {
      throw new TraceInputException(file, line, "recv", action + " consumes no message; recv must be null");
    }
    JsonNode sentNode = o.get("sent");
    if (sentNode == null || !sentNode.isArray()) {
      throw new TraceInputException(file, line, "sent", "missing or not an array");
    }
    List<ObjectNode> sent = new ArrayList<>();
    for (int k = 0; k < sentNode.size(); k++) {
      JsonNode m = sentNode.get(k);
      if (!m.isObject()) {
        throw new TraceInputException(file, line, "sent[" + k + "]", "not an object");
      }
      message(file, line, "sent[" + k + "]", (ObjectNode) m, servers);
      sent.add((ObjectNode) m);
    }
    ObjectNode state = objectField(file, line, o, "state");
    for (Iterator<String> it = state.fieldNames(); it.hasNext(); ) {
      String f = it.next();
      if (!SpecActions.STATE_FIELDS.contains(f)) {
        throw new TraceInputException(file, line, "state." + f, "unknown state field");
      }
    }
    return new LoggedEvent(file, line, seq, node, action, clock, params, recv, sent, state);
  }

  private static void message(String file, int line, String where, ObjectNode m, Set<String> servers)
      throws TraceInputException {
    String mtype = text(file, line, m, "mtype", where);
    List<String> fields = SpecActions.messageFields(mtype);
    if (fields == null) {
      throw new TraceInputException(file, line, where + ".mtype", "unknown message type '" + mtype + "'");
    }
    integer(file, line, m, "mterm", where);
    for (String f : List.of("msource", "mdest")) {
      String s = text(file, line, m, f, where);
      if (!servers.contains(s)) {
        throw new TraceInputException(file, line, where + "." + f, "'" + s + "' is not one of the header's servers");
      }
    }
    for (String f : fields) {
      if (!m.has(f)) {
        throw new TraceInputException(file, line, where + "." + f, "missing (a " + mtype + " has it)");
      }
    }
  }

  private static ObjectNode object(String file, int line, String text) throws TraceInputException {
    JsonNode n;
    try {
      n = JSON.readTree(text);
    } catch (JsonProcessingException e) {
      throw new TraceInputException(file, line, null, "malformed JSON: " + e.getOriginalMessage());
    }
    if (n == null || !n.isObject()) {
      throw new TraceInputException(file, line, null, "expected a JSON object");
    }
    return (ObjectNode) n;
  }

  private static ObjectNode objectField(String file, int line, ObjectNode o, String f) throws TraceInputException {
    JsonNode n = o.get(f);
    if (n == null || !n.isObject()) {
      throw new TraceInputException(file, line, f, n == null ? "missing" : "must be an object");
    }
    return (ObjectNode) n;
  }

  private static String text(String file, int line, ObjectNode o, String f) throws TraceInputException {
    return text(file, line, o, f, null);
  }

  private static String text(String file, int line, ObjectNode o, String f, @Nullable String where)
      throws TraceInputException {
    JsonNode n = o.get(f);
    String path = where == null ? f : where + "." + f;
    if (n == null || !n.isTextual()) {
      throw new TraceInputException(file, line, path, n == null ? "missing" : "must be a string");
    }
    return n.asText();
  }

  private static long integer(String file, int line, ObjectNode o, String f) throws TraceInputException {
    return integer(file, line, o, f, null);
  }

  private static long integer(String file, int line, ObjectNode o, String f, @Nullable String where)
      throws TraceInputException {
    JsonNode n = o.get(f);
    String path = where == null ? f : where + "." + f;
    if (n == null || !n.isIntegralNumber()) {
      throw new TraceInputException(file, line, path, n == null ? "missing" : "must be an integer");
    }
    return n.asLong();
  }

  private static List<String> strings(String file, int line, ObjectNode o, String f) throws TraceInputException {
    JsonNode n = o.get(f);
    if (n == null || !n.isArray()) {
      throw new TraceInputException(file, line, f, n == null ? "missing" : "must be an array of strings");
    }
    List<String> out = new ArrayList<>();
    for (JsonNode x : n) {
      if (!x.isTextual()) {
        throw new TraceInputException(file, line, f, "must be an array of strings");
      }
      out.add(x.asText());
    }
    return out;
  }
}
