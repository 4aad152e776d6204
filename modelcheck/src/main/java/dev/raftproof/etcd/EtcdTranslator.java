package dev.raftproof.etcd;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.raftproof.trace.LoggedEvent;
import dev.raftproof.trace.TraceFile;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Translates etcd/raft's trace events into format-v1 events (the validator's {@link LoggedEvent}) that name
 * spec/Raft.tla's actions, plus the few etcd-only steps of spec/TraceEtcd.tla. Only what etcd logs is filled in;
 * the rest is left free (see {@link EtcdDifference}). The mapping, event by event, is the table in
 * docs/AUDITING.md. Each translated event keeps the line of the etcd event it comes from.
 *
 * <p>The translation stops at the first event outside the spec that is not modelled (joint consensus, learners,
 * snapshots, pre-vote messages): {@link Translation#stop()} says where and why, and the prefix is validated.
 */
public final class EtcdTranslator {
  /** The one client value: etcd does not log proposal payloads. */
  static final String VALUE = "v";

  /** Where the translation stopped early, and why (in an etcd engineer's words). */
  public record Stop(int line, String event, String reason) {}

  /** First etcd line and number of events of each difference the importer met. */
  public record Seen(int firstLine, int count) {}

  /**
   * The translated trace.
   *
   * @param boot the servers etcd bootstrapped
   * @param bootLog the voter sets of their bootstrap config entries, in log order
   * @param bootTerm the term bootstrap leaves them in
   * @param etcdEvents how many etcd events were read (the translated prefix ends at stop, if any)
   */
  public record Translation(TraceFile trace, Set<String> boot, List<List<String>> bootLog, long bootTerm,
      Map<EtcdDifference, Seen> seen, @Nullable Stop stop, int etcdEvents) {}

  private static final JsonNodeFactory F = JsonNodeFactory.instance;

  /** Per-node translation state. */
  private static final class Node {
    boolean started;
    boolean inInit;
    @Nullable EtcdEvent initEvent;
    @Nullable EtcdEvent last;
    List<List<String>> bootConfs = new ArrayList<>();
    EtcdEvent.@Nullable Msg pending;
    int pendingLine;
    boolean noopPending;
    long batchBase = -1;
    int batchPos;
    @Nullable String lastChecked;
  }

  private final String name;
  private final List<EtcdEvent> in;
  private final List<LoggedEvent> out = new ArrayList<>();
  private final Map<String, Node> nodes = new HashMap<>();
  private final Map<EtcdDifference, Seen> seen = new EnumMap<>(EtcdDifference.class);
  private final Set<Integer> absorbed = new HashSet<>();
  private @Nullable Stop stop;

  private EtcdTranslator(String name, List<EtcdEvent> in) {
    this.name = name;
    this.in = in;
  }

  public static Translation translate(String name, List<EtcdEvent> events) {
    return new EtcdTranslator(name, events).run();
  }

  private Translation run() {
    for (int k = 0; k < in.size() && stop == null; k++) {
      if (!absorbed.contains(k)) {
        step(k, in.get(k));
      }
    }
    for (Map.Entry<String, Node> n : nodes.entrySet()) {
      flushInit(n.getKey(), n.getValue());
      // A request received at the very end (or where the translation stopped) whose handling the trace does not
      // show is not a step: the trace was cut in the middle of it.
      n.getValue().pending = null;
    }
    mark(EtcdDifference.ENTRIES_AS_COUNTS, in.get(0).line());
    mark(EtcdDifference.NO_MESSAGE_IDS, in.get(0).line());
    mark(EtcdDifference.VOLATILE_NOT_LOGGED, in.get(0).line());
    // boot servers and their log
    Set<String> boot = new TreeSet<>(ID_ORDER);
    List<List<String>> bootLog = List.of();
    long bootTerm = 0;
    for (Map.Entry<String, Node> n : nodes.entrySet()) {
      Node s = n.getValue();
      if (!s.bootConfs.isEmpty()) {
        if (!boot.isEmpty() && !s.bootConfs.equals(bootLog) && stop == null) {
          stop = new Stop(s.initEvent == null ? 1 : s.initEvent.line(), "InitState",
              "node " + n.getKey() + " bootstrapped with other config entries than the other initial members: "
                  + "the importer models one bootstrap log");
        }
        boot.add(n.getKey());
        bootLog = s.bootConfs;
        EtcdEvent init = s.initEvent;
        bootTerm = init == null ? 1 : bootTerm(n.getKey());
      }
    }
    List<String> initServers = bootLog.isEmpty() ? List.of() : sorted(bootLog.get(bootLog.size() - 1));
    if (initServers.isEmpty()) {
      initServers = sorted(boot);
    }
    if (initServers.isEmpty()) {
      initServers = sorted(new ArrayList<String>(nodes.keySet()));
    }
    TraceFile trace = new TraceFile(name, sorted(servers()), initServers, null, renumber(markConsumed(out)));
    return new Translation(trace, boot, bootLog, bootTerm, seen, stop, in.size());
  }

  private long bootTerm(String nid) {
    long t = 0;
    for (EtcdEvent e : in) {
      if (e.nid().equals(nid)) {
        if (!e.name().equals("InitState") && !e.name().equals("ApplyConfChange")
            && !e.name().equals("BecomeFollower")) {
          break;
        }
        t = e.term();
      }
    }
    return t;
  }

  private void step(int k, EtcdEvent e) {
    Node n = nodes.computeIfAbsent(e.nid(), x -> new Node());
    if (outOfSpec(e)) {
      return;
    }
    if (n.inInit) {
      if (e.name().equals("ApplyConfChange") || e.name().equals("BecomeFollower")) {
        if (e.name().equals("ApplyConfChange") && !e.newConf().isEmpty()) {
          n.bootConfs.add(e.newConf());
          mark(EtcdDifference.BOOTSTRAP, e.line());
        }
        n.last = e;
        return;
      }
      flushInit(e.nid(), n);
    }
    switch (e.name()) {
      case "InitState" -> {
        if (!n.started) {
          n.started = true;
          n.inInit = true;
          n.initEvent = e;
        } else {
          emit(e, "Restart", obj(), null, List.of(), state(e));
        }
      }
      case "ApplyConfChange" -> {
        mark(EtcdDifference.CONFIG_AT_APPLY, e.line());
        ObjectNode p = obj();
        var arr = p.putArray("voters");
        e.newConf().forEach(arr::add);
        emit(e, "EtcdApplyConfig", p, null, List.of(), state(e));
        if (e.role().equals("StateLeader")) {
          for (String j : e.newConf()) {
            if (!e.voters().contains(j) && !j.equals(e.nid())) {
              mark(EtcdDifference.PROGRESS_OF_ADDED_SERVER, e.line());
              emit(e, "EtcdAddProgress", obj().put("peer", j), null, List.of(), state(e));
            }
          }
        }
      }
      case "BecomeFollower" -> becomeFollower(e, n);
      case "BecomeCandidate" -> campaign(k, e, n);
      case "BecomeLeader" -> {
        ObjectNode s = state(e);
        s.put("lastIndex", e.lastIndex() + 1); // etcd appends the empty entry right after this event
        emit(e, "BecomeLeader", obj(), null, List.of(), s);
        n.noopPending = true;
        mark(EtcdDifference.STEP_SPLIT, e.line());
      }
      case "Replicate" -> {
        if (n.noopPending) {
          n.noopPending = false;
        } else {
          ObjectNode s = state(e);
          s.put("lastIndex", batchIndex(n, e));
          emit(e, "ClientRequest", obj().put("value", VALUE), null, List.of(), s);
        }
      }
      case "ChangeConf" -> {
        EtcdEvent.Change c = e.changes().get(0);
        ObjectNode s = state(e);
        s.put("lastIndex", batchIndex(n, e));
        emit(e, c.action().equals("AddNewServer") ? "AddServer" : "RemoveServer", obj().put("peer", c.nid()), null,
            List.of(), s);
      }
      case "Commit" -> {
        EtcdEvent prev = n.last;
        if (prev != null && e.commit() > prev.commit()) {
          emit(e, "AdvanceCommitIndex", obj(), null, List.of(), state(e));
        } else {
          mark(EtcdDifference.STEP_SPLIT, e.line());
        }
      }
      case "Ready" -> {
        ObjectNode s = state(e);
        if (!s.toString().equals(n.lastChecked)) {
          emit(e, "EtcdObserve", obj(), null, List.of(), s);
        }
      }
      case "SendAppendEntriesRequest" -> sendAppend(e);
      case "SendRequestVoteRequest" -> unsupported(e, "a MsgVote outside a campaign: the importer only knows "
          + "etcd's campaign broadcast");
      case "ReceiveAppendEntriesRequest", "ReceiveRequestVoteRequest" -> receiveRequest(e, n);
      case "SendAppendEntriesResponse", "SendRequestVoteResponse" -> sendResponse(e, n);
      case "ReceiveAppendEntriesResponse", "ReceiveRequestVoteResponse" -> receiveResponse(e, n);
      default -> unsupported(e, "no mapping for this event");
    }
    n.last = e;
  }

  /** Joint consensus, learners, snapshots and pre-vote messages are outside Raft.tla: stop there. */
  private boolean outOfSpec(EtcdEvent e) {
    if (!e.outgoing().isEmpty()) {
      return unsupported(e, "node " + e.nid() + " is in a joint configuration (outgoing voters "
          + e.outgoing() + "): etcd's joint consensus (ConfChangeV2) is outside Raft.tla, which changes one "
          + "server at a time");
    }
    if (e.name().equals("ChangeConf")) {
      if (e.changes().size() > 1) {
        return unsupported(e, "a ConfChangeV2 with " + e.changes().size() + " changes enters joint consensus, "
            + "which Raft.tla does not have (one server at a time)");
      }
      String a = e.changes().get(0).action();
      if (a.equals("AddLearner")) {
        return unsupported(e, "learners (non-voting members) are outside Raft.tla");
      }
      if (!a.equals("AddNewServer") && !a.equals("RemoveServer")) {
        return unsupported(e, "unknown configuration change \"" + a + "\"");
      }
    }
    EtcdEvent.Msg m = e.msg();
    if (m != null) {
      if (m.type().equals("MsgSnap") || e.name().endsWith("Snapshot")) {
        return unsupported(e, "etcd sends a snapshot (MsgSnap), but its trace has no event for taking one "
            + "(Raft.tla's TakeSnapshot) and does not log the snapshot's term: not mapped");
      }
      if (m.type().startsWith("MsgPreVote")) {
        return unsupported(e, "pre-vote messages: etcd's trace does not normally log them and the importer "
            + "has no mapping for them yet");
      }
    }
    return false;
  }

  private boolean unsupported(EtcdEvent e, String why) {
    if (stop == null) {
      stop = new Stop(e.line(), e.name(), why);
    }
    return true;
  }

  /** The InitState segment (InitState, ApplyConfChange, BecomeFollower) ends: one state check. */
  private void flushInit(String nid, Node n) {
    if (!n.inInit) {
      return;
    }
    n.inInit = false;
    EtcdEvent init = n.initEvent;
    EtcdEvent last = n.last != null ? n.last : init;
    if (init == null || last == null) {
      return;
    }
    ObjectNode s = state(last);
    LoggedEvent ev = new LoggedEvent(name, init.line(), 0, nid, "EtcdObserve", Map.of(), obj(), null, List.of(), s);
    out.add(ev);
    n.lastChecked = s.toString();
  }

  private void becomeFollower(EtcdEvent e, Node n) {
    EtcdEvent prev = n.last;
    EtcdEvent.Msg pm = prev == null ? null : prev.msg();
    if (prev != null && prev.isReceive() && pm != null && pm.term() > prev.term() && e.term() == pm.term()) {
      return; // the UpdateTerm step, emitted at the receive
    }
    if (prev != null && prev.isReceive() && pm != null && pm.term() == prev.term()
        && !prev.role().equals("StateFollower")) {
      return; // a (pre-)candidate steps down on a message of its term: part of the handler step
    }
    if (prev != null && prev.role().equals("StateLeader")) {
      emit(e, "CheckQuorum", obj(), null, List.of(), state(e));
      return;
    }
    emit(e, "EtcdObserve", obj(), null, List.of(), state(e));
  }

  /** BecomeCandidate and the MsgVotes that follow it (and the candidate's vote for itself) are one step. */
  private void campaign(int k, EtcdEvent e, Node n) {
    EtcdEvent prev = n.last;
    boolean fromPre = prev != null && prev.role().equals("StatePreCandidate");
    List<ObjectNode> sent = new ArrayList<>();
    for (int j = k + 1; j < in.size(); j++) {
      EtcdEvent x = in.get(j);
      if (!x.nid().equals(e.nid())) {
        continue;
      }
      EtcdEvent.Msg m = x.msg();
      if (x.name().equals("SendRequestVoteRequest") && m != null) {
        sent.add(voteRequest(m));
        absorbed.add(j);
      } else if (x.name().equals("SendRequestVoteResponse") && m != null && m.toSelf()) {
        absorbed.add(j);
        mark(EtcdDifference.SELF_MESSAGES, x.line());
      } else {
        break;
      }
    }
    if (fromPre) {
      emit(e, "BecomeCandidate", obj(), null, sent, state(e));
    } else {
      mark(EtcdDifference.CAMPAIGN_WITHOUT_PREVOTE, e.line());
      emit(e, "EtcdCampaign", obj(), null, sent, state(e));
    }
  }

  private void sendAppend(EtcdEvent e) {
    EtcdEvent.Msg m = e.message();
    if (m.type().equals("MsgHeartbeat")) {
      mark(EtcdDifference.HEARTBEAT, e.line());
      emit(e, "EtcdHeartbeat", obj().put("peer", m.to()), null, List.of(heartbeat(m)), state(e));
      return;
    }
    if (m.commit() > m.index() + m.entries()) {
      mark(EtcdDifference.MSGAPP_COMMIT, e.line());
    }
    ObjectNode p = obj().put("peer", m.to()).put("prev", m.index()).put("entries", m.entries());
    emit(e, "AppendEntries", p, null, List.of(appendRequest(m)), state(e));
  }

  private void receiveRequest(EtcdEvent e, Node n) {
    flushPending(e.nid(), n, e.line());
    EtcdEvent.Msg m = e.message();
    updateTermIfNewer(e, m);
    n.pending = m;
    n.pendingLine = e.line();
  }

  /** A message of a newer term: Raft.tla's UpdateTerm comes first (etcd: becomeFollower inside Step). */
  private void updateTermIfNewer(EtcdEvent e, EtcdEvent.Msg m) {
    if (m.term() > e.term()) {
      ObjectNode s = state(e);
      s.put("currentTerm", m.term());
      s.putNull("votedFor");
      s.put("state", "Follower");
      emit(e, "UpdateTerm", obj(), request(m), List.of(), s);
      mark(EtcdDifference.STEP_SPLIT, e.line());
    }
  }

  private void sendResponse(EtcdEvent e, Node n) {
    EtcdEvent.Msg r = e.message();
    if (r.toSelf()) {
      mark(EtcdDifference.SELF_MESSAGES, e.line());
      return;
    }
    EtcdEvent.Msg q = n.pending;
    String want = switch (r.type()) {
      case "MsgAppResp" -> "MsgApp";
      case "MsgHeartbeatResp" -> "MsgHeartbeat";
      case "MsgVoteResp" -> "MsgVote";
      default -> "";
    };
    if (q == null || !q.type().equals(want) || !q.from().equals(r.to())) {
      unsupported(e, "a " + r.type() + " to node " + r.to() + " that answers no " + want
          + " received just before: the importer pairs each reply with the request it answers");
      return;
    }
    n.pending = null;
    ObjectNode s = state(e);
    switch (r.type()) {
      case "MsgAppResp" -> emit(e, "HandleAppendEntriesRequest", obj().put("entries", q.entries()), request(q),
          List.of(appendResponse(r)), s);
      case "MsgHeartbeatResp" -> emit(e, "EtcdHandleHeartbeat", obj(), request(q), List.of(heartbeatResponse(r)), s);
      default -> {
        s.remove("votedFor"); // etcd records the vote after queuing the reply
        mark(EtcdDifference.VOTE_AFTER_SEND, e.line());
        emit(e, "HandleRequestVoteRequest", obj(), request(q), List.of(voteResponse(r)), s);
      }
    }
  }

  private void receiveResponse(EtcdEvent e, Node n) {
    EtcdEvent.Msg m = e.message();
    if (m.toSelf()) {
      mark(EtcdDifference.SELF_MESSAGES, e.line());
      return;
    }
    flushPending(e.nid(), n, e.line());
    updateTermIfNewer(e, m);
    ObjectNode s = state(e);
    if (m.term() > e.term()) {
      s.put("currentTerm", m.term());
      s.putNull("votedFor");
      s.put("state", "Follower");
    }
    switch (m.type()) {
      case "MsgAppResp" -> emit(e, "HandleAppendEntriesResponse", obj(), appendResponse(m), List.of(), s);
      case "MsgHeartbeatResp" -> emit(e, "EtcdHandleHeartbeatResponse", obj(), heartbeatResponse(m), List.of(), s);
      default -> emit(e, "HandleRequestVoteResponse", obj(), voteResponse(m), List.of(), s);
    }
  }

  /** A request received without a reply by the node's next receive: its handler step, with nothing logged. */
  private void flushPending(String nid, Node n, int line) {
    EtcdEvent.Msg q = n.pending;
    if (q == null) {
      return;
    }
    n.pending = null;
    String action = switch (q.type()) {
      case "MsgApp" -> "HandleAppendEntriesRequest";
      case "MsgHeartbeat" -> "EtcdHandleHeartbeat";
      default -> "HandleRequestVoteRequest";
    };
    ObjectNode p = q.type().equals("MsgApp") ? obj().put("entries", q.entries()) : obj();
    out.add(new LoggedEvent(name, n.pendingLine, 0, nid, action, Map.of(), p, request(q), List.of(), obj()));
  }

  /** Index of an entry appended by Replicate/ChangeConf: etcd logs the index before the batch for each entry. */
  private static long batchIndex(Node n, EtcdEvent e) {
    EtcdEvent prev = n.last;
    boolean sameBatch = prev != null && (prev.name().equals("Replicate") || prev.name().equals("ChangeConf"))
        && prev.lastIndex() == e.lastIndex() && n.batchBase == e.lastIndex();
    if (!sameBatch) {
      n.batchBase = e.lastIndex();
      n.batchPos = 0;
    }
    n.batchPos++;
    return e.lastIndex() + n.batchPos;
  }

  // ---- messages, in Raft.tla's fields (only what etcd logs) ----

  private static ObjectNode request(EtcdEvent.Msg m) {
    return switch (m.type()) {
      case "MsgApp" -> appendRequest(m);
      case "MsgHeartbeat" -> heartbeat(m);
      default -> voteRequest(m);
    };
  }

  private static ObjectNode header(String type, EtcdEvent.Msg m) {
    return obj().put("mtype", type).put("mterm", m.term()).put("msource", m.from()).put("mdest", m.to());
  }

  static ObjectNode appendRequest(EtcdEvent.Msg m) {
    return header("AppendEntriesRequest", m).put("mprevLogIndex", m.index()).put("mprevLogTerm", m.logTerm())
        .put("mcommitIndex", Math.min(m.commit(), m.index() + m.entries()));
  }

  static ObjectNode appendResponse(EtcdEvent.Msg m) {
    ObjectNode r = header("AppendEntriesResponse", m).put("msuccess", !m.reject());
    if (m.reject()) {
      r.put("mmatchIndex", 0).put("mrejectedIndex", m.index()).put("mhintIndex", m.rejectHint())
          .put("mhintTerm", m.logTerm());
    } else {
      r.put("mmatchIndex", m.index());
    }
    return r;
  }

  static ObjectNode heartbeat(EtcdEvent.Msg m) {
    return header("EtcdHeartbeat", m).put("mcommitIndex", m.commit());
  }

  static ObjectNode heartbeatResponse(EtcdEvent.Msg m) {
    return header("EtcdHeartbeatResponse", m);
  }

  static ObjectNode voteRequest(EtcdEvent.Msg m) {
    return header("RequestVoteRequest", m).put("mlastLogIndex", m.index()).put("mlastLogTerm", m.logTerm());
  }

  static ObjectNode voteResponse(EtcdEvent.Msg m) {
    return header("RequestVoteResponse", m).put("mvoteGranted", !m.reject());
  }

  /** The logged state in Raft.tla's names: etcd's HardState, role and last index. */
  static ObjectNode state(EtcdEvent e) {
    ObjectNode s = obj().put("currentTerm", e.term());
    if (e.vote().equals("0")) {
      s.putNull("votedFor");
    } else {
      s.put("votedFor", e.vote());
    }
    s.put("state", switch (e.role()) {
      case "StateLeader" -> "Leader";
      case "StateCandidate" -> "Candidate";
      case "StatePreCandidate" -> "PreCandidate";
      default -> "Follower";
    });
    s.put("commitIndex", e.commit());
    s.put("lastIndex", e.lastIndex());
    return s;
  }

  private void emit(EtcdEvent e, String action, ObjectNode params, @Nullable ObjectNode recv, List<ObjectNode> sent,
      ObjectNode state) {
    out.add(new LoggedEvent(name, e.line(), 0, e.nid(), action, Map.of(), params, recv, sent, state));
    Node n = nodes.get(e.nid());
    if (n != null) {
      n.lastChecked = state.toString();
    }
  }

  private void mark(EtcdDifference d, int line) {
    Seen s = seen.get(d);
    seen.put(d, s == null ? new Seen(line, 1) : new Seen(s.firstLine(), s.count() + 1));
  }

  private Set<String> servers() {
    Set<String> s = new HashSet<>();
    for (EtcdEvent e : in) {
      s.add(e.nid());
      EtcdEvent.Msg m = e.msg();
      if (m != null) {
        s.add(m.from());
        s.add(m.to());
      }
      for (EtcdEvent.Change c : e.changes()) {
        s.add(c.nid());
      }
      s.addAll(e.voters());
      s.addAll(e.newConf());
    }
    return s;
  }

  /** Numeric ids in numeric order, others after them in string order. */
  static final Comparator<String> ID_ORDER = Comparator.<String, Boolean>comparing(x -> !x.matches("\\d{1,18}"))
      .thenComparing(x -> x.matches("\\d{1,18}") ? Long.parseLong(x) : 0L).thenComparing(x -> x);

  private static List<String> sorted(Iterable<String> xs) {
    TreeSet<String> t = new TreeSet<>(ID_ORDER);
    xs.forEach(t::add);
    return new ArrayList<>(t);
  }

  /**
   * A handler whose message no later event receives again consumes it (params.consume): the network then holds only
   * messages in flight, which keeps TLC's states small. Messages are compared on their logged fields.
   */
  static List<LoggedEvent> markConsumed(List<LoggedEvent> evs) {
    Set<String> later = new HashSet<>();
    List<LoggedEvent> r = new ArrayList<>(evs);
    for (int k = r.size() - 1; k >= 0; k--) {
      LoggedEvent e = r.get(k);
      ObjectNode m = e.recv();
      if (m == null || e.action().equals("UpdateTerm")) {
        continue;
      }
      String key = m.toString() + e.params().path("entries").asText("");
      if (later.add(key)) {
        ObjectNode p = e.params().deepCopy().put("consume", true);
        r.set(k, new LoggedEvent(e.file(), e.line(), e.seq(), e.node(), e.action(), e.clock(), p, m, e.sent(),
            e.state()));
      }
    }
    return r;
  }

  private static List<LoggedEvent> renumber(List<LoggedEvent> evs) {
    List<LoggedEvent> r = new ArrayList<>(evs.size());
    long seq = 1;
    for (LoggedEvent e : evs) {
      r.add(new LoggedEvent(e.file(), e.line(), seq++, e.node(), e.action(), e.clock(), e.params(), e.recv(),
          e.sent(), e.state()));
    }
    return r;
  }

  private static ObjectNode obj() {
    return F.objectNode();
  }

  /** For reports: the translated actions and how many events each. */
  public static Map<String, Integer> actionCounts(TraceFile t) {
    Map<String, Integer> m = new LinkedHashMap<>();
    for (LoggedEvent e : t.events()) {
      m.merge(e.action(), 1, Integer::sum);
    }
    return m;
  }
}
