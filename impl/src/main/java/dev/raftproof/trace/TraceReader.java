package dev.raftproof.trace;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.raftproof.core.Action;
import dev.raftproof.core.ActionEvent;
import dev.raftproof.core.Entry;
import dev.raftproof.core.EntryType;
import dev.raftproof.core.Message;
import dev.raftproof.core.MessageType;
import dev.raftproof.core.NodeState;
import dev.raftproof.core.PendingRead;
import dev.raftproof.core.Role;
import dev.raftproof.core.VectorClock;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Parses a format-v1 trace file into typed events (traces/FORMAT.md §3). Every problem is reported as a
 * {@link TraceFormatException} naming the file, the line and the field's JSON path. Checks the format, not the
 * semantics: a well-formed trace of an impossible run parses fine (that is the validator's job).
 */
public final class TraceReader {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final String file;
  private long line;
  private List<String> servers = List.of();

  private TraceReader(String file) {
    this.file = file;
  }

  /** Reads {@code path} (UTF-8). */
  public static Trace read(Path path) throws IOException, TraceFormatException {
    try (BufferedReader r = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
      return new TraceReader(path.toString()).parse(r);
    }
  }

  /** Reads a trace held in a string; {@code name} stands for the file in error messages. */
  public static Trace parse(String name, String text) throws TraceFormatException {
    try {
      return new TraceReader(name).parse(new BufferedReader(new StringReader(text)));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Reads from {@code reader}; {@code name} stands for the file in error messages. */
  public static Trace read(String name, Reader reader) throws IOException, TraceFormatException {
    return new TraceReader(name).parse(new BufferedReader(reader));
  }

  private Trace parse(BufferedReader r) throws IOException, TraceFormatException {
    String first = r.readLine();
    line = 1;
    if (first == null) {
      throw error(null, "empty file: expected the header line");
    }
    TraceHeader header = header(json(first));
    servers = header.servers();
    List<TraceEvent> events = new ArrayList<>();
    String text;
    while ((text = r.readLine()) != null) {
      line++;
      if (text.isBlank()) {
        continue;
      }
      TraceEvent e = event(json(text));
      if (e.seq() != events.size() + 1) {
        throw error("seq", "expected " + (events.size() + 1) + ", found " + e.seq());
      }
      String only = header.node();
      if (only != null && !only.equals(e.event().node())) {
        throw error("node", "this file holds the events of " + only + " only, found " + e.event().node());
      }
      events.add(e);
    }
    return new Trace(header, events);
  }

  private JsonNode json(String text) throws TraceFormatException {
    try {
      JsonNode n = MAPPER.readTree(text);
      if (n == null || !n.isObject()) {
        throw error(null, "expected one JSON object on the line");
      }
      return n;
    } catch (JsonProcessingException e) {
      throw error(null, "not JSON: " + e.getOriginalMessage());
    }
  }

  private TraceHeader header(JsonNode n) throws TraceFormatException {
    String format = string(n, "format", "format");
    if (!format.equals(TraceHeader.FORMAT)) {
      throw error("format", "expected \"" + TraceHeader.FORMAT + "\", found \"" + format + "\"");
    }
    long version = integer(n, "version", "version");
    if (version > TraceHeader.VERSION) {
      throw error("version", "version " + version + " is newer than this reader (knows " + TraceHeader.VERSION
          + "): upgrade raftproof");
    }
    if (version < 1) {
      throw error("version", "unknown version " + version);
    }
    List<String> servers = strings(n, "servers", "servers");
    List<String> init = strings(n, "initServers", "initServers");
    for (String s : init) {
      if (!servers.contains(s)) {
        throw error("initServers", s + " is not in servers " + servers);
      }
    }
    String node = nullableString(n, "node", "node");
    if (node != null && !servers.contains(node)) {
      throw error("node", node + " is not in servers " + servers);
    }
    JsonNode source = n.get("source");
    JsonNode seed = n.get("seed");
    Long seedValue = null;
    if (seed != null && !seed.isNull()) {
      if (!seed.canConvertToLong() || !seed.isIntegralNumber()) {
        throw error("seed", "expected an integer or null");
      }
      seedValue = seed.asLong();
    }
    return new TraceHeader((int) version, servers, init, node,
        source == null || source.isNull() ? "" : source.asText(), seedValue);
  }

  private TraceEvent event(JsonNode n) throws TraceFormatException {
    long seq = integer(n, "seq", "seq");
    String node = server(n, "node", "node");
    String actionName = string(n, "action", "action");
    Action action;
    try {
      action = Action.valueOf(actionName);
    } catch (IllegalArgumentException e) {
      throw error("action", "unknown action \"" + actionName + "\"");
    }
    VectorClock clock = clock(object(n, "clock", "clock"));
    ActionEvent.Params params = params(object(n, "params", "params"));
    JsonNode recvNode = field(n, "recv", "recv");
    Message recv = recvNode.isNull() ? null : message(recvNode, "recv");
    JsonNode sentNode = array(n, "sent", "sent");
    List<Message> sent = new ArrayList<>();
    for (int k = 0; k < sentNode.size(); k++) {
      sent.add(message(sentNode.get(k), "sent[" + k + "]"));
    }
    NodeState state = state(node, object(n, "state", "state"));
    return new TraceEvent(seq, new ActionEvent(node, action, params, recv, sent, clock, state));
  }

  private VectorClock clock(JsonNode n) throws TraceFormatException {
    TreeMap<String, Long> m = new TreeMap<>();
    Iterator<Map.Entry<String, JsonNode>> it = n.fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      checkServer(e.getKey(), "clock");
      if (!e.getValue().isIntegralNumber() || e.getValue().asLong() < 0) {
        throw error("clock." + e.getKey(), "expected a non-negative integer");
      }
      m.put(e.getKey(), e.getValue().asLong());
    }
    return VectorClock.of(m);
  }

  private ActionEvent.Params params(JsonNode n) throws TraceFormatException {
    String peer = n.has("peer") ? server(n, "peer", "params.peer") : null;
    String value = n.has("value") ? string(n, "value", "params.value") : null;
    Long index = n.has("index") ? integer(n, "index", "params.index") : null;
    Long readId = n.has("readId") ? integer(n, "readId", "params.readId") : null;
    return new ActionEvent.Params(peer, value, index, readId);
  }

  private Message message(JsonNode n, String path) throws TraceFormatException {
    if (!n.isObject()) {
      throw error(path, "expected a message object");
    }
    String typeName = string(n, "mtype", path + ".mtype");
    MessageType type;
    try {
      type = MessageType.valueOf(typeName);
    } catch (IllegalArgumentException e) {
      throw error(path + ".mtype", "unknown message type \"" + typeName + "\"");
    }
    long term = integer(n, "mterm", path + ".mterm");
    String src = server(n, "msource", path + ".msource");
    String dst = server(n, "mdest", path + ".mdest");
    return switch (type) {
      case PreVoteRequest -> new Message.PreVoteRequest(term, src, dst, integer(n, "mlastLogIndex", path
          + ".mlastLogIndex"), integer(n, "mlastLogTerm", path + ".mlastLogTerm"));
      case RequestVoteRequest -> new Message.RequestVoteRequest(term, src, dst, integer(n, "mlastLogIndex", path
          + ".mlastLogIndex"), integer(n, "mlastLogTerm", path + ".mlastLogTerm"));
      case PreVoteResponse -> new Message.PreVoteResponse(term, src, dst, bool(n, "mvoteGranted", path
          + ".mvoteGranted"));
      case RequestVoteResponse -> new Message.RequestVoteResponse(term, src, dst, bool(n, "mvoteGranted", path
          + ".mvoteGranted"));
      case AppendEntriesRequest -> new Message.AppendEntriesRequest(term, src, dst,
          integer(n, "mprevLogIndex", path + ".mprevLogIndex"), integer(n, "mprevLogTerm", path + ".mprevLogTerm"),
          entries(array(n, "mentries", path + ".mentries"), path + ".mentries"),
          integer(n, "mcommitIndex", path + ".mcommitIndex"));
      case AppendEntriesResponse -> new Message.AppendEntriesResponse(term, src, dst,
          bool(n, "msuccess", path + ".msuccess"), integer(n, "mmatchIndex", path + ".mmatchIndex"),
          integer(n, "mrejectedIndex", path + ".mrejectedIndex"), integer(n, "mhintIndex", path + ".mhintIndex"),
          integer(n, "mhintTerm", path + ".mhintTerm"));
      case InstallSnapshotRequest -> new Message.InstallSnapshotRequest(term, src, dst,
          integer(n, "mlastIncludedIndex", path + ".mlastIncludedIndex"),
          integer(n, "mlastIncludedTerm", path + ".mlastIncludedTerm"), null);
      case TimeoutNow -> new Message.TimeoutNow(term, src, dst);
      case HeartbeatRequest -> new Message.HeartbeatRequest(term, src, dst, integer(n, "mreadId", path + ".mreadId"),
          integer(n, "mcommitIndex", path + ".mcommitIndex"));
      case HeartbeatResponse -> new Message.HeartbeatResponse(term, src, dst,
          integer(n, "mreadId", path + ".mreadId"));
    };
  }

  private List<Entry> entries(JsonNode arr, String path) throws TraceFormatException {
    List<Entry> out = new ArrayList<>(arr.size());
    for (int k = 0; k < arr.size(); k++) {
      out.add(entry(arr.get(k), path + "[" + k + "]"));
    }
    return out;
  }

  private Entry entry(JsonNode n, String path) throws TraceFormatException {
    if (!n.isObject()) {
      throw error(path, "expected an entry object {term, type, value}");
    }
    long term = integer(n, "term", path + ".term");
    String typeName = string(n, "type", path + ".type");
    EntryType type;
    try {
      type = EntryType.fromTraceName(typeName);
    } catch (IllegalArgumentException e) {
      throw error(path + ".type", "unknown entry type \"" + typeName + "\" (value, config, noop)");
    }
    return switch (type) {
      case VALUE -> Entry.value(term, string(n, "value", path + ".value"));
      case NOOP -> {
        if (!field(n, "value", path + ".value").isNull()) {
          throw error(path + ".value", "a noop entry's value must be null");
        }
        yield Entry.noop(term);
      }
      case CONFIG -> {
        List<String> voters = strings(n, "value", path + ".value");
        if (voters.isEmpty()) {
          throw error(path + ".value", "a config entry needs at least one voter");
        }
        for (String v : voters) {
          checkServer(v, path + ".value");
        }
        yield Entry.config(term, voters);
      }
    };
  }

  private NodeState state(String node, JsonNode n) throws TraceFormatException {
    String p = "state.";
    long term = integer(n, "currentTerm", p + "currentTerm");
    String votedFor = nullableString(n, "votedFor", p + "votedFor");
    if (votedFor != null) {
      checkServer(votedFor, p + "votedFor");
    }
    String roleName = string(n, "state", p + "state");
    Role role;
    try {
      role = Role.valueOf(roleName);
    } catch (IllegalArgumentException e) {
      throw error(p + "state", "unknown state \"" + roleName + "\" (Follower, PreCandidate, Candidate, Leader)");
    }
    long commit = integer(n, "commitIndex", p + "commitIndex");
    long snapIndex = integer(n, "snapshotIndex", p + "snapshotIndex");
    long snapTerm = integer(n, "snapshotTerm", p + "snapshotTerm");
    List<Entry> log = entries(array(n, "log", p + "log"), p + "log");
    List<String> votes = strings(n, "votesGranted", p + "votesGranted");
    TreeMap<String, Long> next = indexMap(object(n, "nextIndex", p + "nextIndex"), p + "nextIndex");
    TreeMap<String, Long> match = indexMap(object(n, "matchIndex", p + "matchIndex"), p + "matchIndex");
    JsonNode readsNode = array(n, "pendingReads", p + "pendingReads");
    List<PendingRead> reads = new ArrayList<>();
    for (int k = 0; k < readsNode.size(); k++) {
      String rp = p + "pendingReads[" + k + "]";
      JsonNode r = readsNode.get(k);
      if (!r.isObject()) {
        throw error(rp, "expected {id, index, acks}");
      }
      reads.add(new PendingRead(integer(r, "id", rp + ".id"), integer(r, "index", rp + ".index"),
          strings(r, "acks", rp + ".acks")));
    }
    if (commit < snapIndex) {
      throw error(p + "commitIndex", "commitIndex " + commit + " is below snapshotIndex " + snapIndex);
    }
    return new NodeState(node, term, votedFor, role, commit, snapIndex, snapTerm, log, votes, next, match, reads);
  }

  private TreeMap<String, Long> indexMap(JsonNode n, String path) throws TraceFormatException {
    TreeMap<String, Long> m = new TreeMap<>();
    Iterator<Map.Entry<String, JsonNode>> it = n.fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      checkServer(e.getKey(), path);
      if (!e.getValue().isIntegralNumber()) {
        throw error(path + "." + e.getKey(), "expected an integer");
      }
      m.put(e.getKey(), e.getValue().asLong());
    }
    return m;
  }

  // ---- field access with paths -----------------------------------------------------------------------------

  private JsonNode field(JsonNode n, String name, String path) throws TraceFormatException {
    JsonNode v = n.get(name);
    if (v == null) {
      throw error(path, "missing");
    }
    return v;
  }

  private JsonNode object(JsonNode n, String name, String path) throws TraceFormatException {
    JsonNode v = field(n, name, path);
    if (!v.isObject()) {
      throw error(path, "expected an object, found " + v.getNodeType());
    }
    return v;
  }

  private JsonNode array(JsonNode n, String name, String path) throws TraceFormatException {
    JsonNode v = field(n, name, path);
    if (!v.isArray()) {
      throw error(path, "expected an array, found " + v.getNodeType());
    }
    return v;
  }

  private long integer(JsonNode n, String name, String path) throws TraceFormatException {
    JsonNode v = field(n, name, path);
    if (!v.isIntegralNumber() || !v.canConvertToLong()) {
      throw error(path, "expected an integer, found " + v.getNodeType() + " " + v);
    }
    long x = v.asLong();
    if (x < 0) {
      throw error(path, "expected a non-negative integer, found " + x);
    }
    return x;
  }

  private boolean bool(JsonNode n, String name, String path) throws TraceFormatException {
    JsonNode v = field(n, name, path);
    if (!v.isBoolean()) {
      throw error(path, "expected true or false, found " + v.getNodeType() + " " + v);
    }
    return v.asBoolean();
  }

  private String string(JsonNode n, String name, String path) throws TraceFormatException {
    JsonNode v = field(n, name, path);
    if (!v.isTextual()) {
      throw error(path, "expected a string, found " + v.getNodeType() + " " + v);
    }
    return v.asText();
  }

  private @Nullable String nullableString(JsonNode n, String name, String path) throws TraceFormatException {
    JsonNode v = field(n, name, path);
    if (v.isNull()) {
      return null;
    }
    if (!v.isTextual()) {
      throw error(path, "expected a string or null, found " + v.getNodeType() + " " + v);
    }
    return v.asText();
  }

  private List<String> strings(JsonNode n, String name, String path) throws TraceFormatException {
    JsonNode v = array(n, name, path);
    List<String> out = new ArrayList<>(v.size());
    for (int k = 0; k < v.size(); k++) {
      if (!v.get(k).isTextual()) {
        throw error(path + "[" + k + "]", "expected a string, found " + v.get(k).getNodeType());
      }
      out.add(v.get(k).asText());
    }
    return out;
  }

  private String server(JsonNode n, String name, String path) throws TraceFormatException {
    String s = string(n, name, path);
    checkServer(s, path);
    return s;
  }

  private void checkServer(String s, String path) throws TraceFormatException {
    if (!servers.isEmpty() && !servers.contains(s)) {
      throw error(path, "\"" + s + "\" is not in the header's servers " + servers);
    }
  }

  private TraceFormatException error(@Nullable String field, String problem) {
    return new TraceFormatException(file, line, field, problem);
  }
}
