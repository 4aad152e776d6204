package dev.raftproof.trace;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * The one reader of trace format v1 (traces/FORMAT.md §3), in two views of the same parse:
 * <ul>
 *   <li>{@link #readLogged}: the trace as logged ({@link TraceFile} of {@link LoggedEvent}s, fields kept as JSON,
 *       state fields optional) — what the validator turns into TLA+;</li>
 *   <li>{@link #read}/{@link #parse}: the core's typed events ({@link Trace}), every state field required — what
 *       the safety monitor and the core's tests read.</li>
 * </ul>
 * Checks, each a {@link TraceFormatException} naming file, line and the field's JSON path: the header (format,
 * version, servers), malformed JSON, blank lines, unknown actions / message types / entry types / roles / state
 * fields, missing or mistyped fields, servers not in the header, an action's missing parameter, a {@code recv} that
 * contradicts the action, {@code seq} out of order, an event of another node in a per-node file, and a clock whose
 * own entry does not increase. It checks the format, not Raft: a well-formed trace of an impossible run parses fine
 * (rejecting it is the validator's job).
 */
public final class TraceReader {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final String file;
  /** Typed mode: every state field is required (a {@link NodeState} needs them all). */
  private final boolean typed;
  private int line;
  private List<String> servers = List.of();

  private TraceReader(String file, boolean typed) {
    this.file = file;
    this.typed = typed;
  }

  // ---- the trace as logged (the validator's model: fields kept as JSON, state fields optional) ---------------

  /** Reads {@code path} (UTF-8) as logged: shape checks only, state fields optional (a missing one is free). */
  public static TraceFile readLogged(Path path) throws IOException, TraceFormatException {
    try (BufferedReader r = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
      return new TraceReader(path.toString(), false).parse(r).logged();
    }
  }

  /** {@link #readLogged(Path)} of a trace held in a string; {@code name} stands for the file in messages. */
  public static TraceFile parseLogged(String name, String text) throws TraceFormatException {
    try {
      return new TraceReader(name, false).parse(new BufferedReader(new StringReader(text))).logged();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  // ---- the trace as the core's typed events (every state field required) -------------------------------------

  /** Reads {@code path} (UTF-8) into typed events. */
  public static Trace read(Path path) throws IOException, TraceFormatException {
    try (BufferedReader r = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
      return new TraceReader(path.toString(), true).parse(r).typed();
    }
  }

  /** Reads a trace held in a string; {@code name} stands for the file in error messages. */
  public static Trace parse(String name, String text) throws TraceFormatException {
    try {
      return new TraceReader(name, true).parse(new BufferedReader(new StringReader(text))).typed();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Reads from {@code reader}; {@code name} stands for the file in error messages. */
  public static Trace read(String name, Reader reader) throws IOException, TraceFormatException {
    return new TraceReader(name, true).parse(new BufferedReader(reader)).typed();
  }

  /**
   * The typed events of a trace already read as logged (e.g. a merge of per-node files), seq renumbered in its
   * order. Errors name the event's own file and line.
   */
  public static List<ActionEvent> typedEvents(TraceFile trace) throws TraceFormatException {
    List<ActionEvent> out = new ArrayList<>(trace.events().size());
    Map<String, TraceReader> readers = new HashMap<>();
    for (LoggedEvent e : trace.events()) {
      TraceReader r = readers.computeIfAbsent(e.file(), f -> new TraceReader(f, true));
      r.servers = trace.servers();
      r.line = e.line();
      out.add(r.typedEvent(e));
    }
    return out;
  }

  /** Both views of one parse; the typed one only exists in typed mode. */
  private record Parsed(TraceFile logged, TraceHeader header, List<TraceEvent> typedEvents) {
    Trace typed() {
      return new Trace(header, typedEvents);
    }
  }

  private Parsed parse(BufferedReader r) throws IOException, TraceFormatException {
    List<String> lines = new ArrayList<>();
    String s;
    while ((s = r.readLine()) != null) {
      lines.add(s);
    }
    while (!lines.isEmpty() && lines.get(lines.size() - 1).isBlank()) {
      lines.remove(lines.size() - 1);
    }
    line = 1;
    if (lines.isEmpty()) {
      throw error(null, "empty file: expected a format v1 header line");
    }
    TraceHeader header = header(object(lines.get(0)));
    servers = header.servers();
    String fileNode = header.node();
    List<LoggedEvent> events = new ArrayList<>();
    List<TraceEvent> typedEvents = new ArrayList<>();
    Map<String, Long> lastOwnClock = new HashMap<>();
    for (int k = 1; k < lines.size(); k++) {
      line = k + 1;
      if (lines.get(k).isBlank()) {
        throw error(null, "blank line inside the trace");
      }
      LoggedEvent e = loggedEvent(object(lines.get(k)));
      if (e.seq() != events.size() + 1) {
        throw error("seq", "expected " + (events.size() + 1) + ", found " + e.seq());
      }
      if (fileNode != null && !fileNode.equals(e.node())) {
        throw error("node", "this file holds the events of " + fileNode + " only, found " + e.node());
      }
      Long own = e.clock().get(e.node());
      if (own == null) {
        throw error("clock", "has no entry for its own node " + e.node());
      }
      Long before = lastOwnClock.get(e.node());
      if (before != null && own <= before) {
        throw error("clock", "clock goes backwards: " + e.node() + "'s own entry is " + own + " after " + before);
      }
      lastOwnClock.put(e.node(), own);
      events.add(e);
      if (typed) {
        typedEvents.add(new TraceEvent(e.seq(), typedEvent(e)));
      }
    }
    TraceFile logged = new TraceFile(file, header.servers(), header.initServers(), fileNode, events);
    return new Parsed(logged, header, typedEvents);
  }

  private ObjectNode object(String text) throws TraceFormatException {
    JsonNode n;
    try {
      n = MAPPER.readTree(text);
    } catch (JsonProcessingException e) {
      throw error(null, "malformed JSON: " + e.getOriginalMessage());
    }
    if (n == null || !n.isObject()) {
      throw error(null, "expected one JSON object on the line");
    }
    return (ObjectNode) n;
  }

  private TraceHeader header(JsonNode n) throws TraceFormatException {
    String format = string(n, "format", "format");
    if (!format.equals(TraceHeader.FORMAT)) {
      throw error("format", "expected \"" + TraceHeader.FORMAT + "\", found \"" + format + "\"");
    }
    long version = integer(n, "version", "version");
    if (version > TraceHeader.VERSION) {
      throw error("version", "unsupported trace format version " + version + ": newer than this reader (it reads "
          + "version " + TraceHeader.VERSION + "); upgrade raftproof");
    }
    if (version < 1) {
      throw error("version", "unknown trace format version " + version + " (this reader reads version "
          + TraceHeader.VERSION + ")");
    }
    List<String> servers = strings(n, "servers", "servers");
    if (servers.isEmpty()) {
      throw error("servers", "no servers");
    }
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

  /** One event line as logged, every present field checked (types, servers, the action's shape). */
  private LoggedEvent loggedEvent(ObjectNode n) throws TraceFormatException {
    long seq = integer(n, "seq", "seq");
    String node = server(n, "node", "node");
    String action = string(n, "action", "action");
    TraceVocabulary.ActionShape shape = TraceVocabulary.action(action);
    if (shape == null) {
      throw error("action", "unknown action \"" + action + "\"");
    }
    Map<String, Long> clock = clock(object(n, "clock", "clock")).counters();
    ObjectNode params = (ObjectNode) object(n, "params", "params");
    String param = shape.param();
    if (param != null && (!params.has(param) || params.get(param).isNull())) {
      throw error("params." + param, "missing (" + action + " needs it)");
    }
    params(params);
    JsonNode recvNode = field(n, "recv", "recv");
    ObjectNode recv = null;
    if (shape.receives()) {
      if (!recvNode.isObject()) {
        throw error("recv", action + " consumes a message; recv must be an object");
      }
      recv = (ObjectNode) recvNode;
      message(recv, "recv");
    } else if (!recvNode.isNull()) {
      throw error("recv", action + " consumes no message; recv must be null");
    }
    JsonNode sentNode = array(n, "sent", "sent");
    List<ObjectNode> sent = new ArrayList<>();
    for (int k = 0; k < sentNode.size(); k++) {
      message(sentNode.get(k), "sent[" + k + "]");
      sent.add((ObjectNode) sentNode.get(k));
    }
    ObjectNode state = (ObjectNode) object(n, "state", "state");
    for (Iterator<String> it = state.fieldNames(); it.hasNext(); ) {
      String f = it.next();
      if (!TraceVocabulary.STATE_FIELDS.contains(f)) {
        throw error("state." + f, "unknown state field");
      }
    }
    state(node, state); // checks every present field (typed mode: and that none is missing)
    return new LoggedEvent(file, line, seq, node, action, clock, params, recv, sent, state);
  }

  /** The core's typed event for a logged one (typed mode: every state field present). */
  private ActionEvent typedEvent(LoggedEvent e) throws TraceFormatException {
    Action action;
    try {
      action = Action.valueOf(e.action());
    } catch (IllegalArgumentException ex) {
      throw error("action", "unknown action \"" + e.action() + "\"");
    }
    ObjectNode recvNode = e.recv();
    Message recv = recvNode == null ? null : message(recvNode, "recv");
    List<Message> sent = new ArrayList<>();
    for (int k = 0; k < e.sent().size(); k++) {
      sent.add(message(e.sent().get(k), "sent[" + k + "]"));
    }
    NodeState state = state(e.node(), e.state());
    if (state == null) {
      throw new IllegalStateException("typed mode always builds the state");
    }
    return new ActionEvent(e.node(), action, params(e.params()), recv, sent, VectorClock.of(e.clock()), state);
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

  /**
   * Checks the state fields present; in typed mode every field must be present and the node's typed state is
   * returned, else null (a field the trace does not log is free for the validator).
   */
  private @Nullable NodeState state(String node, JsonNode n) throws TraceFormatException {
    String p = "state.";
    long term = absentOr(n, "currentTerm") ? 0 : integer(n, "currentTerm", p + "currentTerm");
    String votedFor = absentOr(n, "votedFor") ? null : nullableString(n, "votedFor", p + "votedFor");
    if (votedFor != null) {
      checkServer(votedFor, p + "votedFor");
    }
    Role role = Role.Follower;
    if (!absentOr(n, "state")) {
      String roleName = string(n, "state", p + "state");
      try {
        role = Role.valueOf(roleName);
      } catch (IllegalArgumentException e) {
        throw error(p + "state", "unknown state \"" + roleName + "\" (Follower, PreCandidate, Candidate, Leader)");
      }
    }
    boolean hasCommit = !absentOr(n, "commitIndex");
    boolean hasSnap = !absentOr(n, "snapshotIndex");
    long commit = hasCommit ? integer(n, "commitIndex", p + "commitIndex") : 0;
    long snapIndex = hasSnap ? integer(n, "snapshotIndex", p + "snapshotIndex") : 0;
    long snapTerm = absentOr(n, "snapshotTerm") ? 0 : integer(n, "snapshotTerm", p + "snapshotTerm");
    List<Entry> log = absentOr(n, "log") ? List.of() : entries(array(n, "log", p + "log"), p + "log");
    List<String> votes = absentOr(n, "votesGranted") ? List.of() : strings(n, "votesGranted", p + "votesGranted");
    for (String v : votes) {
      checkServer(v, p + "votesGranted");
    }
    TreeMap<String, Long> next = absentOr(n, "nextIndex") ? new TreeMap<>()
        : indexMap(object(n, "nextIndex", p + "nextIndex"), p + "nextIndex");
    TreeMap<String, Long> match = absentOr(n, "matchIndex") ? new TreeMap<>()
        : indexMap(object(n, "matchIndex", p + "matchIndex"), p + "matchIndex");
    List<PendingRead> reads = new ArrayList<>();
    if (!absentOr(n, "pendingReads")) {
      JsonNode readsNode = array(n, "pendingReads", p + "pendingReads");
      for (int k = 0; k < readsNode.size(); k++) {
        String rp = p + "pendingReads[" + k + "]";
        JsonNode r = readsNode.get(k);
        if (!r.isObject()) {
          throw error(rp, "expected {id, index, acks}");
        }
        reads.add(new PendingRead(integer(r, "id", rp + ".id"), integer(r, "index", rp + ".index"),
            strings(r, "acks", rp + ".acks")));
      }
    }
    if (hasCommit && hasSnap && commit < snapIndex) {
      throw error(p + "commitIndex", "commitIndex " + commit + " is below snapshotIndex " + snapIndex);
    }
    if (!typed) {
      return null;
    }
    return new NodeState(node, term, votedFor, role, commit, snapIndex, snapTerm, log, votes, next, match, reads);
  }

  /** True if the state field is absent and may be (logged mode); in typed mode an absent field is an error. */
  private boolean absentOr(JsonNode n, String name) throws TraceFormatException {
    if (n.has(name)) {
      return false;
    }
    if (typed) {
      throw error("state." + name, "missing (every state field is needed here: the safety check and the core's "
          + "typed events read them all)");
    }
    return true;
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
