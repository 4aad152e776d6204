package dev.raftproof.jepsen;

import com.fasterxml.jackson.databind.JsonNode;
import dev.raftproof.server.KvClient;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Carries out a {@link NemesisSchedule} on the cluster and the network, one fault at a time, each healed after its
 * hold; resolves "the leader" and random targets when the step runs (from the step's seed), and logs what it did to
 * {@code nemesis.log} and as {@code :nemesis} lines of the history.
 */
final class Nemesis {
  private final Cluster cluster;
  private final Network network;
  private final HistoryRecorder history;
  private final PrintWriter log;
  private final long startNanos;
  private final Map<Fault, Integer> injected = new EnumMap<>(Fault.class);
  private final Set<String> voters = new LinkedHashSet<>();
  private final KvClient members;

  Nemesis(Cluster cluster, Network network, HistoryRecorder history, PrintWriter log, long startNanos) {
    this.cluster = cluster;
    this.network = network;
    this.history = history;
    this.log = log;
    this.startNanos = startNanos;
    this.voters.addAll(cluster.initialVoters());
    this.members = new KvClient(cluster.urls(), Duration.ofSeconds(4), Duration.ofSeconds(6));
  }

  synchronized Map<Fault, Integer> injected() {
    return new EnumMap<>(injected);
  }

  /** Runs the steps at their times; returns early (after healing) if interrupted. */
  void run(NemesisSchedule schedule) throws InterruptedException {
    for (NemesisSchedule.Step s : schedule.steps()) {
      long wait = s.atMillis() - (System.nanoTime() - startNanos) / 1_000_000;
      if (wait > 0) {
        Thread.sleep(wait);
      }
      try {
        apply(s);
      } catch (IOException e) {
        note("step " + s.fault().cliName() + " failed: " + e.getMessage());
      }
    }
  }

  private void note(String s) {
    String line = String.format("%7.2fs %s", (System.nanoTime() - startNanos) / 1e9, s);
    synchronized (log) {
      log.println(line);
      log.flush();
    }
  }

  private void count(Fault f) {
    synchronized (this) {
      injected.merge(f, 1, Integer::sum);
    }
  }

  private List<String> runningVoters() {
    List<String> out = new ArrayList<>();
    for (String v : voters) {
      Cluster.Node n = cluster.node(v);
      if (n.running() && !n.paused) {
        out.add(v);
      }
    }
    return out;
  }

  /** The voters as the leader sees them (falls back to what the harness last knew). */
  private void refreshVoters(@Nullable String leader) {
    if (leader == null) {
      return;
    }
    KvClient.Response r = cluster.status(leader);
    if (r != null && r.body().path("voters").isArray()) {
      voters.clear();
      for (JsonNode v : r.body().path("voters")) {
        voters.add(v.asText());
      }
    }
  }

  private static String pick(List<String> from, Random r) {
    return from.get(r.nextInt(from.size()));
  }

  private String leaderOr(List<String> candidates, Random r, @Nullable String leader) {
    return leader != null && r.nextBoolean() ? leader : pick(candidates, r);
  }

  private void apply(NemesisSchedule.Step s) throws IOException, InterruptedException {
    Random r = new Random(s.stepSeed());
    String leader = cluster.leader();
    refreshVoters(leader);
    List<String> live = runningVoters();
    if (live.isEmpty()) {
      note(s.fault().cliName() + ": skipped, no running voter");
      return;
    }
    List<String> all = new ArrayList<>(cluster.nodes().keySet());
    String f = s.fault().cliName();
    switch (s.fault()) {
      case KILL, TORN_WAL -> {
        String t = leaderOr(live, r, leader);
        cluster.kill(t);
        String torn = null;
        if (s.fault() == Fault.TORN_WAL) {
          torn = WalTear.tear(cluster.node(t).dataDir, r);
        }
        event(s.fault(), f, "kill -9 " + t + (t.equals(leader) ? " (leader)" : "")
            + (torn == null ? "" : "; WAL tail torn: " + torn));
        Thread.sleep(s.holdMillis());
        cluster.start(t);
        heal(f, "restart " + t + " from its data directory");
      }
      case PAUSE -> {
        String t = leaderOr(live, r, leader);
        cluster.pause(t, (int) (s.holdMillis() / 1000) + 10);
        event(s.fault(), f, "SIGSTOP " + t + (t.equals(leader) ? " (leader)" : ""));
        Thread.sleep(s.holdMillis());
        cluster.resume(t);
        heal(f, "SIGCONT " + t);
      }
      case PARTITION_LEADER -> {
        String t = leader != null ? leader : pick(live, r);
        Set<String> rest = new HashSet<>(all);
        rest.remove(t);
        network.partition(List.of(Set.of(t), rest));
        event(s.fault(), f, "isolate " + t + (t.equals(leader) ? " (leader)" : " (no leader known)"));
        holdAndHeal(s, f);
      }
      case PARTITION_HALVES -> {
        List<String> vs = new ArrayList<>(voters);
        Collections.shuffle(vs, r);
        Set<String> minority = new LinkedHashSet<>(vs.subList(0, (vs.size() - 1) / 2));
        Set<String> majority = new LinkedHashSet<>(all);
        majority.removeAll(minority);
        network.partition(List.of(minority, majority));
        event(s.fault(), f, "split " + minority + " | " + majority);
        holdAndHeal(s, f);
      }
      case BRIDGE -> {
        List<String> vs = new ArrayList<>(voters);
        Collections.shuffle(vs, r);
        if (vs.size() < 3) {
          note(f + ": skipped, fewer than 3 voters");
          return;
        }
        String b = vs.get(0);
        int half = (vs.size() - 1) / 2;
        Set<String> left = new LinkedHashSet<>(vs.subList(1, 1 + half));
        Set<String> right = new LinkedHashSet<>(all);
        right.removeAll(left);
        left.add(b);
        network.partition(List.of(left, right));
        event(s.fault(), f, "bridge " + b + ": " + left + " | " + right);
        holdAndHeal(s, f);
      }
      case ONE_WAY -> {
        String t = leaderOr(live, r, leader);
        boolean mute = r.nextBoolean();
        for (String o : all) {
          if (!o.equals(t)) {
            if (mute) {
              network.dropOneWay(t, o);
            } else {
              network.dropOneWay(o, t);
            }
          }
        }
        event(s.fault(), f, (mute ? "drop everything " + t + " sends" : "drop everything sent to " + t)
            + (t.equals(leader) ? " (leader)" : ""));
        holdAndHeal(s, f);
      }
      case DELAY -> {
        int ms = 20 + r.nextInt(130);
        network.delayAll(ms);
        event(s.fault(), f, "+" + ms + " ms on every link");
        holdAndHeal(s, f);
      }
      case MEMBERSHIP -> membership(s, r, all);
    }
  }

  private void membership(NemesisSchedule.Step s, Random r, List<String> all) throws IOException,
      InterruptedException {
    List<String> addable = new ArrayList<>(all);
    addable.removeAll(voters);
    boolean remove = voters.size() > 3 && (addable.isEmpty() || r.nextBoolean());
    String f = s.fault().cliName();
    if (!remove && addable.isEmpty()) {
      note(f + ": skipped, nothing to add and only " + voters.size() + " voters");
      return;
    }
    String t = remove ? pick(new ArrayList<>(voters), r) : pick(addable, r);
    if (!remove) {
      cluster.start(t); // a spare starts empty and catches up once it is a voter
      cluster.awaitServing(t, Duration.ofSeconds(15));
    }
    event(s.fault(), f, (remove ? "remove " : "add ") + t);
    KvClient.Response resp;
    try {
      resp = remove ? members.removeMember(t) : members.addMember(t);
      note(f + ": " + (remove ? "remove " : "add ") + t + " -> HTTP " + resp.status() + " " + resp.body());
      if (resp.ok()) {
        if (remove) {
          voters.remove(t);
        } else {
          voters.add(t);
        }
      }
    } catch (IOException e) {
      note(f + ": " + (remove ? "remove " : "add ") + t + " -> unknown outcome: " + e.getMessage());
    }
    Thread.sleep(s.holdMillis());
  }

  private void event(Fault kind, String f, String what) {
    count(kind);
    note(f + ": " + what);
    history.nemesis(f, what);
  }

  private void heal(String f, String what) {
    note(f + ": heal: " + what);
    history.nemesis(f, "heal: " + what);
  }

  private void holdAndHeal(NemesisSchedule.Step s, String f) throws InterruptedException {
    try {
      Thread.sleep(s.holdMillis());
    } finally {
      network.heal();
      heal(f, "network healed");
    }
  }

  /** End of run: heal the network, resume paused nodes, start every voter and every node ever started. */
  void healAll() throws IOException, InterruptedException {
    network.heal();
    for (Cluster.Node n : cluster.nodes().values()) {
      cluster.resume(n.id);
      if (!n.running() && (n.starts > 0 || voters.contains(n.id))) {
        cluster.start(n.id);
      }
    }
    note("final heal: network healed, every node resumed and running");
    history.nemesis("heal", "final heal");
  }

  Set<String> voters() {
    return Set.copyOf(voters);
  }
}
