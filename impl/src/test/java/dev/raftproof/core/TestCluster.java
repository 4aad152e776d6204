package dev.raftproof.core;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Predicate;

/**
 * A hand-driven cluster for tests: the test decides every tick and every delivery. Each node's Ready is carried out
 * at once (persist, trace, send, apply). Messages wait in {@link #network} until a test delivers or drops them.
 */
final class TestCluster {
  final List<String> servers;
  final List<String> initServers;
  final RaftOptions options;
  final Map<String, RaftNode> nodes = new LinkedHashMap<>();
  final Map<String, MemoryStorage> storage = new LinkedHashMap<>();
  final Map<String, List<Entry>> applied = new LinkedHashMap<>();
  final Map<String, List<ReadState>> reads = new LinkedHashMap<>();
  final List<Message> network = new ArrayList<>();
  final List<ActionEvent> trace = new ArrayList<>();
  /** Every safety violation seen after any step (the monitor runs after every event). */
  final List<dev.raftproof.safety.Violation> violations = new ArrayList<>();
  private final dev.raftproof.safety.SafetyMonitor monitor = new dev.raftproof.safety.SafetyMonitor();
  private final IdentityHashMap<Message, VectorClock> sentClock = new IdentityHashMap<>();
  private long seed = 1;

  TestCluster(List<String> servers, List<String> initServers, RaftOptions options) {
    this(servers, initServers, options, 1);
  }

  TestCluster(List<String> servers, List<String> initServers, RaftOptions options, long firstSeed) {
    this.seed = firstSeed;
    this.servers = servers;
    this.initServers = initServers;
    this.options = options.withTracing(true);
    for (String s : servers) {
      nodes.put(s, RaftNode.create(s, servers, initServers, this.options, new SplittableRandom(seed++)));
      storage.put(s, new MemoryStorage());
      applied.put(s, new ArrayList<>());
      reads.put(s, new ArrayList<>());
    }
  }

  static TestCluster of(int n) {
    List<String> ids = new ArrayList<>();
    for (int i = 1; i <= n; i++) {
      ids.add("s" + i);
    }
    return new TestCluster(ids, ids, RaftOptions.DEFAULT);
  }

  RaftNode node(String id) {
    return nodes.get(id);
  }

  /** Carries out the node's Ready: persist, record events, send, apply. */
  void process(String id) {
    RaftNode n = node(id);
    while (n.hasReady()) {
      Ready r = n.ready();
      storage.get(id).persist(r);
      for (ActionEvent e : r.events()) {
        trace.add(e);
        violations.addAll(monitor.observe(e.state()));
        for (Message m : e.sent()) {
          sentClock.put(m, e.clock());
        }
      }
      network.addAll(r.messages());
      if (r.snapshotToInstall() != null) {
        applied.get(id).clear();
      }
      applied.get(id).addAll(r.committedEntries());
      reads.get(id).addAll(r.readStates());
    }
  }

  void tick(String id, int times) {
    for (int i = 0; i < times; i++) {
      node(id).tick();
      process(id);
    }
  }

  /** Ticks {@code id} until it leaves Follower (times out), at most 3 election timeouts. */
  void timeout(String id) {
    for (int i = 0; i < 3 * options.electionTimeoutTicks() && node(id).role() == Role.Follower; i++) {
      tick(id, 1);
    }
  }

  /** Makes {@code id} leader: it times out (again, if a pre-vote fails) and every message is delivered. */
  void elect(String id) {
    electAmong(id, servers);
  }

  /**
   * Makes {@code id} leader using only the servers in {@code reachable}: messages touching anyone else are dropped.
   * Retries the timeout a few times (a first pre-vote may teach it a newer term).
   */
  void electAmong(String id, List<String> reachable) {
    java.util.function.Predicate<Message> blocked =
        m -> !reachable.contains(m.source()) || !reachable.contains(m.dest());
    for (int attempt = 0; attempt < 5 && node(id).role() != Role.Leader; attempt++) {
      timeout(id);
      deliverAllExcept(blocked);
      if (node(id).role() != Role.Leader) {
        tick(id, 3 * options.electionTimeoutTicks());
        deliverAllExcept(blocked);
      }
    }
    if (node(id).role() != Role.Leader) {
      throw new AssertionError(id + " did not become leader: " + node(id).nodeState());
    }
  }

  void deliver(Message m) {
    network.remove(m);
    VectorClock c = sentClock.getOrDefault(m, VectorClock.EMPTY);
    node(m.dest()).receive(m, c);
    process(m.dest());
  }

  /** Delivers a copy of {@code m}, which stays in the network (duplication). */
  void deliverCopy(Message m) {
    VectorClock c = sentClock.getOrDefault(m, VectorClock.EMPTY);
    node(m.dest()).receive(m, c);
    process(m.dest());
  }

  /** Delivers the first message matching {@code p}; false if none. */
  boolean deliverFirst(Predicate<Message> p) {
    for (Message m : network) {
      if (p.test(m)) {
        deliver(m);
        return true;
      }
    }
    return false;
  }

  /** Delivers messages in FIFO order until the network is empty (bounded). */
  void deliverAll() {
    for (int i = 0; i < 100_000 && !network.isEmpty(); i++) {
      deliver(network.get(0));
    }
  }

  /** Delivers all messages except those matching {@code blocked}, which are dropped. */
  void deliverAllExcept(Predicate<Message> blocked) {
    for (int i = 0; i < 100_000 && !network.isEmpty(); i++) {
      Message m = network.get(0);
      if (blocked.test(m)) {
        network.remove(0);
      } else {
        deliver(m);
      }
    }
  }

  void drop(Predicate<Message> p) {
    network.removeIf(p);
  }

  /**
   * Makes {@code id} leader by delivering only (pre-)vote messages among {@code reachable}; every other message
   * stays in the network for the test to deliver.
   */
  void electByVotesOnly(String id, List<String> reachable) {
    Predicate<Message> vote = m -> isVote(m) && reachable.contains(m.source()) && reachable.contains(m.dest());
    for (int attempt = 0; attempt < 5 && node(id).role() != Role.Leader; attempt++) {
      if (node(id).role() == Role.Follower) {
        timeout(id);
      } else {
        for (int i = 0; i < 3 * options.electionTimeoutTicks() && !network.stream().anyMatch(vote); i++) {
          tick(id, 1);
        }
      }
      while (deliverFirst(vote)) {
        // deliver every vote message, including the answers they produce
      }
    }
    if (node(id).role() != Role.Leader) {
      throw new AssertionError(id + " did not become leader: " + node(id).nodeState());
    }
  }

  static boolean isVote(Message m) {
    return m instanceof Message.PreVoteRequest || m instanceof Message.PreVoteResponse
        || m instanceof Message.RequestVoteRequest || m instanceof Message.RequestVoteResponse;
  }

  static Predicate<Message> to(String id) {
    return m -> m.dest().equals(id);
  }

  static Predicate<Message> from(String id) {
    return m -> m.source().equals(id);
  }

  static Predicate<Message> touching(String id) {
    return m -> m.dest().equals(id) || m.source().equals(id);
  }

  /** Crash (losing everything unpersisted and every message to it) and Restart. */
  void restart(String id) {
    drop(to(id));
    VectorClock c = node(id).clock();
    nodes.put(id, RaftNode.restart(id, servers, initServers, storage.get(id).state(), options,
        new SplittableRandom(seed++), c));
    applied.get(id).clear();
    process(id);
  }

  Outcome propose(String id, String value) {
    Outcome o = node(id).propose(value);
    process(id);
    return o;
  }

  List<NodeState> states() {
    List<NodeState> out = new ArrayList<>();
    for (RaftNode n : nodes.values()) {
      out.add(n.nodeState());
    }
    return out;
  }

  List<String> appliedValues(String id) {
    List<String> out = new ArrayList<>();
    for (Entry e : applied.get(id)) {
      if (e.type() == EntryType.VALUE) {
        out.add(e.value());
      }
    }
    return out;
  }

  Iterator<Message> messages() {
    return network.iterator();
  }
}
