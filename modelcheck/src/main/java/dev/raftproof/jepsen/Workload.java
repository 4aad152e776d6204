package dev.raftproof.jepsen;

import com.fasterxml.jackson.databind.JsonNode;
import dev.raftproof.server.ClientHistory;
import dev.raftproof.server.KvClient;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * The clients: {@code clients} threads, each one Jepsen process at a time (a new process id after an {@code :info},
 * since the old one may still be running its op), doing gets, puts, cas and (rarely) deletes on a small key set.
 * The key set rotates every {@link #GENERATION_MILLIS} so each key's history stays small enough to check exactly;
 * keys are {@code g<generation>k<i>}. Values are unique ({@code v<process>-<n>}), and an absent key reads as
 * {@link #ABSENT} (the model's initial value), so a lost write or a resurrected value is visible to the checker.
 */
final class Workload {
  static final String ABSENT = "absent";
  static final long GENERATION_MILLIS = 10_000;

  /** A write and what came of it, for the acknowledged-writes check. */
  record Write(String key, String value, ClientOutcome outcome, long invokeNanos, long completeNanos) {}

  private final HistoryRecorder history;
  private final List<String> urls;
  private final int clients;
  private final int keys;
  private final long seed;
  private final long startNanos;
  private final List<Write> writes = Collections.synchronizedList(new ArrayList<>());
  private final Set<String> keysUsed = Collections.synchronizedSet(new LinkedHashSet<>());
  private final List<Thread> threads = new ArrayList<>();
  private final AtomicInteger nextValue = new AtomicInteger();
  private final int homes;
  private final boolean pinned;
  private final long meanGapMillis;
  private volatile boolean stop;

  /**
   * {@code urls}: every server, the first {@code homes} being the initial voters; {@code pinned}: each op starts at
   * the client's home node ({@link HarnessOptions#pinnedClients()}).
   */
  Workload(HistoryRecorder history, List<String> urls, int homes, boolean pinned, int clients, int keys, double rate,
      long seed, long startNanos) {
    this.meanGapMillis = Math.max(0, (long) (1000.0 * clients / rate));
    this.homes = Math.max(1, Math.min(homes, urls.size()));
    this.pinned = pinned;
    this.history = history;
    this.urls = List.copyOf(urls);
    this.clients = clients;
    this.keys = keys;
    this.seed = seed;
    this.startNanos = startNanos;
  }

  void start() {
    for (int w = 0; w < clients; w++) {
      int worker = w;
      Thread t = new Thread(() -> run(worker), "client-" + w);
      t.setDaemon(true);
      threads.add(t);
      t.start();
    }
  }

  /** Stops the clients and waits for their last ops (each is bounded by the client's deadline). */
  void stop() throws InterruptedException {
    stop = true;
    for (Thread t : threads) {
      t.join(15_000);
      if (t.isAlive()) {
        t.interrupt();
      }
    }
  }

  List<Write> writes() {
    synchronized (writes) {
      return List.copyOf(writes);
    }
  }

  List<String> keysUsed() {
    synchronized (keysUsed) {
      return List.copyOf(keysUsed);
    }
  }

  private void run(int worker) {
    Random rnd = new Random(seed * 31 + worker);
    List<String> order = new ArrayList<>(urls);
    if (pinned) {
      Collections.rotate(order, -(worker % homes)); // home first, then the others
    } else {
      Collections.shuffle(order, rnd);
    }
    KvClient client = new KvClient(order, Duration.ofMillis(3000), Duration.ofMillis(4000));
    long process = worker;
    Map<String, String> lastSeen = new HashMap<>();
    while (!stop && !Thread.currentThread().isInterrupted()) {
      long gen = (System.nanoTime() - startNanos) / 1_000_000 / GENERATION_MILLIS;
      String key = "g" + gen + "k" + rnd.nextInt(keys);
      keysUsed.add(key);
      double x = rnd.nextDouble();
      ClientOutcome o;
      if (pinned) {
        client = new KvClient(order, Duration.ofMillis(3000), Duration.ofMillis(4000)); // start at home again
      }
      try {
        if (x < 0.40) {
          o = get(client, process, key, lastSeen);
        } else if (x < 0.75) {
          o = put(client, process, key, "v" + process + "-" + nextValue.incrementAndGet());
        } else if (x < 0.95) {
          String expect = lastSeen.getOrDefault(key, ABSENT);
          o = cas(client, process, key, expect, "v" + process + "-" + nextValue.incrementAndGet());
        } else {
          o = delete(client, process, key);
        }
      } catch (InterruptedException e) {
        return; // the op stays pending (no completion): Knossos treats it as :info
      }
      if (o == ClientOutcome.INFO) {
        process += clients; // the old process may still be running its op: never reuse it
      }
      try {
        Thread.sleep(meanGapMillis == 0 ? 0 : rnd.nextInt((int) Math.min(Integer.MAX_VALUE, 2 * meanGapMillis)));
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  private ClientOutcome get(KvClient c, long p, String key, Map<String, String> lastSeen)
      throws InterruptedException {
    history.record(p, "invoke", "get", key, null);
    try {
      KvClient.Response r = c.get(key, false);
      ClientOutcome o = ClientOutcome.of("get", r.status());
      if (o == ClientOutcome.OK) {
        String v = valueOf(r.body(), r.status());
        lastSeen.put(key, v);
        history.record(p, "ok", "get", key, ClientHistory.str(v));
      } else {
        history.record(p, o == ClientOutcome.FAIL ? "fail" : "info", "get", key, null);
      }
      return o;
    } catch (IOException e) {
      history.record(p, "info", "get", key, null);
      return ClientOutcome.INFO;
    }
  }

  /** The value of a 200/404 GET answer: {@link #ABSENT} when the key is absent. */
  static String valueOf(JsonNode body, int status) {
    JsonNode v = body.path("value");
    return status == 404 || v.isNull() || v.isMissingNode() ? ABSENT : v.asText();
  }

  private ClientOutcome put(KvClient c, long p, String key, String value) throws InterruptedException {
    String edn = ClientHistory.str(value);
    history.record(p, "invoke", "put", key, edn);
    long t0 = System.nanoTime();
    ClientOutcome o;
    try {
      o = ClientOutcome.of("put", c.put(key, value).status());
    } catch (IOException e) {
      o = ClientOutcome.INFO;
    }
    complete(p, "put", key, edn, o, value, t0);
    return o;
  }

  private ClientOutcome cas(KvClient c, long p, String key, String expect, String value)
      throws InterruptedException {
    String edn = "[" + ClientHistory.str(expect) + " " + ClientHistory.str(value) + "]";
    history.record(p, "invoke", "cas", key, edn);
    long t0 = System.nanoTime();
    ClientOutcome o;
    try {
      o = ClientOutcome.of("cas", c.cas(key, expect.equals(ABSENT) ? null : expect, value).status());
    } catch (IOException e) {
      o = ClientOutcome.INFO;
    }
    complete(p, "cas", key, edn, o, value, t0);
    return o;
  }

  private ClientOutcome delete(KvClient c, long p, String key) throws InterruptedException {
    history.record(p, "invoke", "delete", key, null);
    long t0 = System.nanoTime();
    ClientOutcome o;
    try {
      o = ClientOutcome.of("delete", c.delete(key).status());
    } catch (IOException e) {
      o = ClientOutcome.INFO;
    }
    complete(p, "delete", key, null, o, ABSENT, t0);
    return o;
  }

  private void complete(long p, String f, String key, @Nullable String edn, ClientOutcome o, String written,
      long t0) {
    history.record(p, o.name().toLowerCase(java.util.Locale.ROOT), f, key, edn);
    writes.add(new Write(key, written, o, t0, System.nanoTime()));
  }
}
