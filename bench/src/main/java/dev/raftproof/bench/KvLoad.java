package dev.raftproof.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The load generator, the same for both systems: {@code clients} threads, each with its own keep-alive connection
 * to the leader, one request at a time (closed loop). Distinct keys ({@code <prefix>-<client>-<n>}), values of
 * {@link #VALUE_BYTES} bytes. Latencies of requests that start and end inside the measured window are recorded;
 * throughput = those requests / window. While it runs, the members' resident memory (VmRSS) and CPU time
 * (utime + stime from /proc) are sampled.
 */
final class KvLoad {
  static final int VALUE_BYTES = 256;

  private KvLoad() {}

  /** What one measured phase gave. */
  record Result(long ops, long errors, double seconds, long p50Nanos, long p99Nanos, long maxNanos,
      int leader, long[] peakRssKb, double[] cpuSeconds, double loadBefore, double loadAfter, String firstError) {
    double opsPerSecond() {
      return ops / seconds;
    }

    long leaderRssKb() {
      return peakRssKb[leader];
    }

    long maxRssKb() {
      return Arrays.stream(peakRssKb).max().orElse(0);
    }

    /** CPU time of all members per operation, microseconds (robust to other load on the machine). */
    double cpuMicrosPerOp() {
      return Arrays.stream(cpuSeconds).sum() * 1e6 / Math.max(1, ops);
    }
  }

  /** A deterministic value for a key (so that a read can be checked against what was written). */
  static byte[] value(String key) {
    byte[] v = new byte[VALUE_BYTES];
    int h = key.hashCode();
    for (int i = 0; i < v.length; i++) {
      h = h * 31 + i;
      v[i] = (byte) ('a' + Math.floorMod(h, 26));
    }
    return v;
  }

  /** Writes keys {@code <prefix>-0 .. <prefix>-(n-1)} with {@code clients} writers; throws if any write fails. */
  static void populate(KvCluster c, String prefix, int n, int clients) throws Exception {
    AtomicLong next = new AtomicLong();
    List<Thread> ts = new ArrayList<>();
    List<Exception> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
    for (int t = 0; t < clients; t++) {
      Thread th = new Thread(() -> {
        try (HttpConn conn = new HttpConn("127.0.0.1", c.leaderPort())) {
          long i;
          while ((i = next.getAndIncrement()) < n && failures.isEmpty()) {
            String key = prefix + "-" + i;
            KvCluster.Request r = c.put(key, value(key));
            int st = conn.send(r.method(), r.path(), r.body(), r.contentType());
            if (st != 200) {
              throw new IOException("populate " + key + ": HTTP " + st + " " + conn.bodyText());
            }
          }
        } catch (Exception e) {
          failures.add(e);
        }
      }, "kv-populate-" + t);
      ts.add(th);
      th.start();
    }
    for (Thread th : ts) {
      th.join(120_000);
    }
    if (!failures.isEmpty()) {
      throw failures.get(0);
    }
  }

  /**
   * Runs {@code clients} closed-loop clients for {@code warmup + measure} seconds; puts of new keys, or (when
   * {@code readKeys > 0}) linearizable gets of random keys among {@code <readPrefix>-0..readKeys-1}.
   */
  static Result run(KvCluster c, String prefix, int clients, double warmupSeconds, double measureSeconds,
      String readPrefix, int readKeys) throws Exception {
    long t0 = System.nanoTime();
    long measureStart = t0 + (long) (warmupSeconds * 1e9);
    long measureEnd = measureStart + (long) (measureSeconds * 1e9);
    long[][] lat = new long[clients][];
    int[] counts = new int[clients];
    long[] errors = new long[clients];
    String[] firstError = new String[clients];
    List<Thread> ts = new ArrayList<>();
    for (int t = 0; t < clients; t++) {
      final int id = t;
      lat[id] = new long[1 << 14];
      Thread th = new Thread(() -> {
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(id * 7919L + 1);
        HttpConn conn = null;
        long n = 0;
        while (true) {
          long start = System.nanoTime();
          if (start >= measureEnd) {
            break;
          }
          String key = readKeys > 0 ? readPrefix + "-" + rnd.nextInt(readKeys) : prefix + "-" + id + "-" + n++;
          KvCluster.Request r = readKeys > 0 ? c.get(key) : c.put(key, value(key));
          boolean ok;
          String err = null;
          try {
            if (conn == null) {
              conn = new HttpConn("127.0.0.1", c.leaderPort());
            }
            int st = conn.send(r.method(), r.path(), r.body(), r.contentType());
            ok = st == 200 && (readKeys == 0 || conn.bodyContains(c.expected(value(key))));
            if (!ok) {
              err = "HTTP " + st + " " + conn.bodyText();
            }
          } catch (IOException e) {
            ok = false;
            err = e.toString();
            if (conn != null) {
              conn.close();
            }
            conn = null;
          }
          long end = System.nanoTime();
          if (start >= measureStart && end <= measureEnd) {
            if (ok) {
              if (counts[id] == lat[id].length) {
                lat[id] = Arrays.copyOf(lat[id], lat[id].length * 2);
              }
              lat[id][counts[id]++] = end - start;
            } else {
              errors[id]++;
              if (firstError[id] == null) {
                firstError[id] = err;
              }
            }
          }
          if (!ok) {
            try {
              Thread.sleep(10); // no busy loop against a failing server
            } catch (InterruptedException e) {
              return;
            }
          }
        }
        if (conn != null) {
          conn.close();
        }
      }, "kv-client-" + t);
      th.setDaemon(true);
      ts.add(th);
      th.start();
    }
    // Sample memory and CPU of every member during the measured window.
    long[] pids = new long[c.members];
    for (int i = 0; i < c.members; i++) {
      pids[i] = c.pid(i);
    }
    sleepUntil(measureStart);
    double loadBefore = Measure.load();
    long[] cpu0 = new long[pids.length];
    for (int i = 0; i < pids.length; i++) {
      cpu0[i] = cpuTicks(pids[i]);
    }
    long[] peak = new long[pids.length];
    while (System.nanoTime() < measureEnd) {
      for (int i = 0; i < pids.length; i++) {
        peak[i] = Math.max(peak[i], rssKb(pids[i]));
      }
      Thread.sleep(Math.max(1, Math.min(100, (measureEnd - System.nanoTime()) / 1_000_000)));
    }
    double[] cpu = new double[pids.length];
    for (int i = 0; i < pids.length; i++) {
      peak[i] = Math.max(peak[i], rssKb(pids[i]));
      cpu[i] = (cpuTicks(pids[i]) - cpu0[i]) / 100.0; // USER_HZ = 100 on Linux
    }
    double loadAfter = Measure.load();
    for (Thread th : ts) {
      th.join(40_000);
    }
    int total = 0;
    long errs = 0;
    String first = "";
    for (int t = 0; t < clients; t++) {
      total += counts[t];
      errs += errors[t];
      if (first.isEmpty() && firstError[t] != null) {
        first = firstError[t];
      }
    }
    long[] all = new long[total];
    int p = 0;
    for (int t = 0; t < clients; t++) {
      System.arraycopy(lat[t], 0, all, p, counts[t]);
      p += counts[t];
    }
    Arrays.sort(all);
    return new Result(total, errs, measureSeconds, pct(all, 0.50), pct(all, 0.99),
        all.length == 0 ? 0 : all[all.length - 1], c.leader, peak, cpu, loadBefore, loadAfter, first);
  }

  private static long pct(long[] sorted, double q) {
    if (sorted.length == 0) {
      return 0;
    }
    return sorted[Math.min(sorted.length - 1, (int) Math.ceil(q * sorted.length) - 1)];
  }

  private static void sleepUntil(long nanoTime) throws InterruptedException {
    long d;
    while ((d = nanoTime - System.nanoTime()) > 0) {
      Thread.sleep(Math.max(1, d / 1_000_000));
    }
  }

  /** VmRSS of a process in KiB (0 if it is gone). */
  static long rssKb(long pid) {
    Map<String, String> m = status(pid);
    String v = m.get("VmRSS");
    return v == null ? 0 : Long.parseLong(v.replace("kB", "").trim());
  }

  private static Map<String, String> status(long pid) {
    Map<String, String> m = new HashMap<>();
    try {
      for (String l : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
        int c = l.indexOf(':');
        if (c > 0) {
          m.put(l.substring(0, c), l.substring(c + 1).trim());
        }
      }
    } catch (IOException e) {
      // the process is gone
    }
    return m;
  }

  /** utime + stime of a process in clock ticks (0 if it is gone). */
  static long cpuTicks(long pid) {
    try {
      String s = Files.readString(Path.of("/proc", Long.toString(pid), "stat"), StandardCharsets.US_ASCII);
      String[] f = s.substring(s.lastIndexOf(')') + 2).split(" ");
      return Long.parseLong(f[11]) + Long.parseLong(f[12]); // fields 14 and 15 of stat(5)
    } catch (IOException | RuntimeException e) {
      return 0;
    }
  }
}
