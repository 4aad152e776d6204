package dev.raftproof.etcd;

import dev.raftproof.trace.TraceFormatException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Reads etcd/raft's trace: NDJSON, one zap log line per line; the lines with {@code "tag":"trace"} hold one
 * {@code event} each (other JSON log lines, and blank lines, are skipped, as etcd's own Traceetcdraft.tla does;
 * a line that is not JSON at all is an error).
 * Checks the shape only: every problem — a line that is not JSON, a missing or mistyped field, an unknown event
 * name, role or message type — is an {@link TraceFormatException} naming file, line and field (exit code 64).
 */
public final class EtcdTraceReader {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Set<String> ROLES =
      Set.of("StateFollower", "StatePreCandidate", "StateCandidate", "StateLeader");

  private EtcdTraceReader() {}

  public static List<EtcdEvent> read(Path path) throws IOException, TraceFormatException {
    return parse(path.toString(), Files.readString(path, StandardCharsets.UTF_8));
  }

  public static List<EtcdEvent> parse(String file, String text) throws TraceFormatException {
    List<EtcdEvent> out = new ArrayList<>();
    String[] lines = text.split("\r?\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String s = lines[i];
      int line = i + 1;
      if (s.isBlank()) {
        continue;
      }
      JsonNode root;
      try {
        root = JSON.readTree(s);
      } catch (JsonProcessingException e) {
        throw new TraceFormatException(file, line, null, "not JSON: " + e.getOriginalMessage());
      }
      if (root == null || !root.isObject()) {
        throw new TraceFormatException(file, line, null, "expected a JSON object (one zap log line)");
      }
      JsonNode tag = root.get("tag");
      if (tag == null || !"trace".equals(tag.asText())) {
        continue; // another log line of the same process (etcd's own reader keeps only tag = "trace")
      }
      out.add(event(file, line, root));
    }
    if (out.isEmpty()) {
      throw new TraceFormatException(file, 1, null, "no trace events (lines with \"tag\":\"trace\" and an \"event\")");
    }
    return out;
  }

  private static EtcdEvent event(String f, int line, JsonNode root) throws TraceFormatException {
    JsonNode e = object(f, line, root, "event", "event");
    String name = text(f, line, e, "name", "event.name");
    if (!EtcdEvent.NAMES.contains(name)) {
      throw new TraceFormatException(f, line, "event.name", "unknown etcd trace event \"" + name + "\" (known: "
          + String.join(", ", EtcdEvent.NAMES) + ")");
    }
    String nid = text(f, line, e, "nid", "event.nid");
    JsonNode st = object(f, line, e, "state", "event.state");
    long term = number(f, line, st, "term", "event.state.term");
    String vote = text(f, line, st, "vote", "event.state.vote");
    long commit = number(f, line, st, "commit", "event.state.commit");
    String role = text(f, line, e, "role", "event.role");
    if (!ROLES.contains(role)) {
      throw new TraceFormatException(f, line, "event.role", "unknown role \"" + role + "\"");
    }
    long last = number(f, line, e, "log", "event.log");
    JsonNode conf = e.get("conf");
    if (conf == null || !conf.isArray() || conf.size() != 2 || !conf.get(0).isArray() || !conf.get(1).isArray()) {
      throw new TraceFormatException(f, line, "event.conf",
          conf == null ? "missing" : "expected [[voters], [outgoing voters]]");
    }
    List<String> voters = strings(f, line, conf.get(0), "event.conf[0]");
    List<String> outgoing = strings(f, line, conf.get(1), "event.conf[1]");
    EtcdEvent.@Nullable Msg msg = null;
    JsonNode m = e.get("msg");
    boolean needsMsg = name.startsWith("Send") || name.startsWith("Receive");
    if (m != null && !m.isNull()) {
      msg = message(f, line, m);
    } else if (needsMsg) {
      throw new TraceFormatException(f, line, "event.msg", "missing: a " + name + " event carries its message");
    }
    List<EtcdEvent.Change> changes = new ArrayList<>();
    List<String> newConf = List.of();
    JsonNode cc = e.path("prop").path("cc");
    if (name.equals("ChangeConf")) {
      JsonNode ch = cc.get("changes");
      if (ch == null || !ch.isArray() || ch.isEmpty()) {
        throw new TraceFormatException(f, line, "event.prop.cc.changes", "missing: a ChangeConf lists its changes");
      }
      for (JsonNode c : ch) {
        changes.add(new EtcdEvent.Change(text(f, line, c, "action", "event.prop.cc.changes[].action"),
            text(f, line, c, "nid", "event.prop.cc.changes[].nid")));
      }
    }
    if (name.equals("ApplyConfChange") && cc.has("newconf")) {
      newConf = strings(f, line, cc.get("newconf"), "event.prop.cc.newconf");
    }
    return new EtcdEvent(line, name, nid, term, vote, commit, role, last, voters, outgoing, msg, changes, newConf);
  }

  private static EtcdEvent.Msg message(String f, int line, JsonNode m) throws TraceFormatException {
    if (!m.isObject()) {
      throw new TraceFormatException(f, line, "event.msg", "expected an object");
    }
    String type = text(f, line, m, "type", "event.msg.type");
    if (!EtcdEvent.MSG_TYPES.contains(type)) {
      throw new TraceFormatException(f, line, "event.msg.type", "unknown etcd message type \"" + type + "\"");
    }
    JsonNode hint = m.get("rejectHint");
    return new EtcdEvent.Msg(type, number(f, line, m, "term", "event.msg.term"),
        text(f, line, m, "from", "event.msg.from"), text(f, line, m, "to", "event.msg.to"),
        (int) number(f, line, m, "entries", "event.msg.entries"), number(f, line, m, "logTerm", "event.msg.logTerm"),
        number(f, line, m, "index", "event.msg.index"), number(f, line, m, "commit", "event.msg.commit"),
        text(f, line, m, "vote", "event.msg.vote"), bool(f, line, m, "reject", "event.msg.reject"),
        hint == null ? 0 : number(f, line, m, "rejectHint", "event.msg.rejectHint"));
  }

  private static JsonNode object(String f, int line, JsonNode o, String key, String field)
      throws TraceFormatException {
    JsonNode v = o.get(key);
    if (v == null || !v.isObject()) {
      throw new TraceFormatException(f, line, field, v == null ? "missing" : "expected an object");
    }
    return v;
  }

  private static String text(String f, int line, JsonNode o, String key, String field) throws TraceFormatException {
    JsonNode v = o.get(key);
    if (v == null || !v.isTextual()) {
      throw new TraceFormatException(f, line, field, v == null ? "missing" : "expected a string, got " + v);
    }
    return v.asText();
  }

  private static long number(String f, int line, JsonNode o, String key, String field) throws TraceFormatException {
    JsonNode v = o.get(key);
    if (v == null || !v.isIntegralNumber() || v.asLong() < 0) {
      throw new TraceFormatException(f, line, field,
          v == null ? "missing" : "expected a non-negative integer, got " + v);
    }
    return v.asLong();
  }

  private static boolean bool(String f, int line, JsonNode o, String key, String field) throws TraceFormatException {
    JsonNode v = o.get(key);
    if (v == null || !v.isBoolean()) {
      throw new TraceFormatException(f, line, field, v == null ? "missing" : "expected true or false, got " + v);
    }
    return v.asBoolean();
  }

  private static List<String> strings(String f, int line, JsonNode arr, String field) throws TraceFormatException {
    if (!arr.isArray()) {
      throw new TraceFormatException(f, line, field, "expected an array of node ids");
    }
    List<String> out = new ArrayList<>();
    for (JsonNode x : arr) {
      if (!x.isTextual()) {
        throw new TraceFormatException(f, line, field, "expected node ids as strings, got " + x);
      }
      out.add(x.asText());
    }
    return out;
  }
}
