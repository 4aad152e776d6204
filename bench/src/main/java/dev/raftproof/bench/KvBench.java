package dev.raftproof.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code Bench kv}: raftproof's key-value server next to etcd 3.4, in one run, on this machine (issue #6). Both
 * run as 3 members on 127.0.0.1 with fsync on and the same Raft timing (heartbeat 100 ms, election 1 s); both are
 * driven through HTTP/JSON by the same Java load generator ({@link KvLoad}): puts with 1, 16 and 64 clients and
 * linearizable gets with 16, always sent to the leader. Each (scenario, round, system) gets a fresh cluster, so
 * that every measurement starts from the same state; the systems alternate (A/B, then B/A) so that a change of the
 * machine's load affects both. Reports medians over rounds and the ratio ours/etcd; writes the table to
 * {@code --out} (default bench/target/kv-bench.md). Exit 0, 64 on a usage error or when etcd is missing and cannot
 * be installed, 70 if a cluster fails.
 *
 * <p>Arguments: {@code [--seconds S] [--warmup W] [--rounds R] [--scenarios put1,put16,put64,get16]
 * [--systems raftproof,etcd] [--jvm "FLAGS"] [--server-cp CP] [--prop key=value]... [--env KEY=VALUE]...
 * [--get-keys N] [--out FILE] [--dir DIR] [--keep]}; a later {@code --prop} of the same key wins.
 */
final class KvBench {
  private KvBench() {}

  /**
   * JVM flags of each raftproof member (the reasons are in BENCHMARKS.md, "Real cluster vs etcd 3.4"). Serial GC:
   * one GC thread and the smallest footprint on a 2-core machine; -Xms16m and a fixed 4 MiB young generation so the
   * heap grows only with live data (the default initial heap is 1/64 of RAM, here larger than the whole cap);
   * C1 only (-XX:TieredStopAtLevel=1): C2 compiles for tens of seconds of CPU after each start and its arenas
   * and code cache cost memory, on cores the two clusters share; a bounded per-thread NIO buffer cache.
   */
  static final List<String> DEFAULT_JVM = List.of("-XX:+UseSerialGC", "-Xms16m", "-Xmx256m", "-Xmn4m",
      "-Xss256k", "-XX:TieredStopAtLevel=1", "-XX:ReservedCodeCacheSize=16m", "-Djdk.nio.maxCachedBufferSize=262144");

  /** Server properties: the snapshot interval of etcd 3.4 ({@code --snapshot-count} defaults to 100,000). */
  static final List<String> DEFAULT_PROPS = List.of("snapshot.entries=100000");

  /** Environment of each raftproof member: none by default. */
  static final List<String> DEFAULT_ENV = List.of();

  record Scenario(String name, String label, int clients, boolean read) {}

  static final Map<String, Scenario> SCENARIOS = new LinkedHashMap<>();

  static {
    SCENARIOS.put("put1", new Scenario("put1", "put, 1 client", 1, false));
    SCENARIOS.put("put16", new Scenario("put16", "put, 16 clients", 16, false));
    SCENARIOS.put("put64", new Scenario("put64", "put, 64 clients", 64, false));
    SCENARIOS.put("get16", new Scenario("get16", "linearizable get, 16 clients", 16, true));
  }

  static int run(List<String> args) throws Exception {
    double seconds = 10;
    double warmup = 3;
    int rounds = 3;
    List<String> scenarios = new ArrayList<>(SCENARIOS.keySet());
    List<String> systems = List.of("raftproof", "etcd");
    List<String> jvm = DEFAULT_JVM;
    String serverCp = System.getProperty("java.class.path");
    List<String> props = new ArrayList<>(DEFAULT_PROPS);
    List<String> env = new ArrayList<>(DEFAULT_ENV);
    int getKeys = 5000;
    Path out = Path.of("bench/target/kv-bench.md");
    Path dir = null;
    boolean keep = false;
    for (int i = 0; i < args.size(); i++) {
      String a = args.get(i);
      String v = i + 1 < args.size() ? args.get(i + 1) : null;
      boolean takes = !a.equals("--keep");
      if (!List.of("--seconds", "--warmup", "--rounds", "--scenarios", "--systems", "--jvm", "--server-cp", "--prop",
          "--env", "--get-keys", "--out", "--dir", "--keep").contains(a)) {
        return usage("unknown argument " + a);
      }
      if (takes && v == null) {
        return usage("missing value after " + a);
      }
      try {
        switch (a) {
          case "--seconds" -> seconds = Double.parseDouble(v);
          case "--warmup" -> warmup = Double.parseDouble(v);
          case "--rounds" -> rounds = Integer.parseInt(v);
          case "--scenarios" -> scenarios = Arrays.asList(v.split(","));
          case "--systems" -> systems = Arrays.asList(v.split(","));
          case "--jvm" -> jvm = Arrays.asList(v.trim().split("\\s+"));
          case "--server-cp" -> serverCp = v;
          case "--prop" -> props.add(v);
          case "--env" -> {
            if (!v.contains("=")) {
              return usage("--env needs KEY=VALUE, got " + v);
            }
            env.add(v);
          }
          case "--get-keys" -> getKeys = Integer.parseInt(v);
          case "--out" -> out = Path.of(v);
          case "--dir" -> dir = Path.of(v);
          case "--keep" -> keep = true;
          default -> {
            return usage("unknown argument " + a);
          }
        }
      } catch (NumberFormatException e) {
        return usage("bad number after " + a + ": " + v);
      }
      if (takes) {
        i++;
      }
    }
    for (String s : scenarios) {
      if (!SCENARIOS.containsKey(s)) {
        return usage("unknown scenario " + s + " (known: " + SCENARIOS.keySet() + ")");
      }
    }
    for (String s : systems) {
      if (!s.equals("raftproof") && !s.equals("etcd")) {
        return usage("unknown system " + s + " (raftproof, etcd)");
      }
    }
    if (seconds <= 0 || warmup < 0 || rounds < 1) {
      return usage("need --seconds > 0, --warmup >= 0, --rounds >= 1");
    }
    String etcd = "/usr/bin/etcd";
    if (systems.contains("etcd") && !ensureEtcd(etcd)) {
      return 64;
    }
    Path root = dir == null ? Files.createTempDirectory("kv-bench") : Files.createDirectories(dir);
    String etcdVersion = systems.contains("etcd") ? etcdVersion(etcd) : "-";
    String machine = String.format(Locale.ROOT, "%d cores, %s, JDK %s, etcd %s, load average %.2f at start",
        Runtime.getRuntime().availableProcessors(), memTotal(), System.getProperty("java.version"), etcdVersion,
        Measure.load());
    System.out.println("kv bench: " + machine);
    System.out.println("kv bench: raftproof JVM flags: " + String.join(" ", jvm)
        + (props.isEmpty() ? "" : "; properties " + props) + (env.isEmpty() ? "" : "; environment " + env));
    System.out.printf(Locale.ROOT, "kv bench: %d rounds x %s, %.0f s warm-up + %.0f s measured each; dir %s%n",
        rounds, scenarios, warmup, seconds, root);
    long lifetime = (long) (warmup + seconds) + 180;
    Map<String, List<KvLoad.Result>> results = new LinkedHashMap<>();
    StringBuilder raw = new StringBuilder();
    int code = 0;
    try {
      for (int r = 0; r < rounds; r++) {
        for (String sn : scenarios) {
          Scenario sc = SCENARIOS.get(sn);
          List<String> order = new ArrayList<>(systems);
          if ((r + scenarios.indexOf(sn)) % 2 == 1) { // A/B, then B/A
            java.util.Collections.reverse(order);
          }
          for (String sys : order) {
            Path d = Files.createDirectories(root.resolve(sys + "-" + sn + "-r" + (r + 1)));
            KvCluster c = sys.equals("etcd") ? new KvCluster.Etcd(d, 3, etcd)
                : new KvCluster.Ours(d, 3, jvm, serverCp, props, env);
            KvLoad.Result res;
            try {
              c.start(lifetime);
              probe(c);
              String prefix = "r" + (r + 1) + sn;
              if (sc.read()) {
                KvLoad.populate(c, "pre", getKeys, 16);
                res = KvLoad.run(c, prefix, sc.clients(), warmup, seconds, "pre", getKeys);
              } else {
                res = KvLoad.run(c, prefix, sc.clients(), warmup, seconds, "", 0);
              }
              c.checkAlive();
            } finally {
              c.close();
            }
            results.computeIfAbsent(sys + "/" + sn, k -> new ArrayList<>()).add(res);
            String line = String.format(Locale.ROOT,
                "round %d %-9s %-6s %8.0f ops/s  p50 %6.2f ms  p99 %7.2f ms  max %7.1f ms  RSS leader %5.1f MB"
                    + " max %5.1f MB  CPU %6.0f us/op  errors %d  load %.2f->%.2f%s",
                r + 1, sys, sn, res.opsPerSecond(), res.p50Nanos() / 1e6, res.p99Nanos() / 1e6,
                res.maxNanos() / 1e6, res.leaderRssKb() / 1024.0, res.maxRssKb() / 1024.0,
                res.cpuMicrosPerOp(), res.errors(), res.loadBefore(), res.loadAfter(),
                res.errors() > 0 ? "  first error: " + abbreviate(res.firstError()) : "");
            System.out.println(line);
            raw.append("    ").append(line).append('\n');
          }
        }
      }
    } catch (Exception e) {
      System.out.println("kv bench: FAILED: " + e);
      code = 70;
    } finally {
      KvCluster.killAll();
      if (!keep && code == 0) {
        KvCluster.deleteTree(root);
      }
    }
    if (code != 0) {
      System.out.println("kv bench: logs kept in " + root);
      return code;
    }
    String table = table(scenarios, systems, results);
    String report = "# Bench kv: raftproof vs etcd, " + java.time.Instant.now() + "\n\n" + machine + "\n\n"
        + "raftproof JVM flags: `" + String.join(" ", jvm) + "`" + (props.isEmpty() ? "" : ", properties " + props) + (env.isEmpty() ? "" : ", environment " + env)
        + "\n\n" + String.format(Locale.ROOT, "%d rounds, %.0f s warm-up + %.0f s measured per phase, fresh "
            + "clusters per phase, medians over rounds; load average %.2f at the end.%n%n", rounds, warmup, seconds,
            Measure.load())
        + table + "\nPer phase:\n\n" + raw;
    System.out.println();
    System.out.println(table);
    if (out.getParent() != null) {
      Files.createDirectories(out.getParent());
    }
    Files.writeString(out, report, StandardCharsets.UTF_8);
    System.out.println("kv bench: written to " + out.toAbsolutePath());
    return 0;
  }

  private static String abbreviate(String s) {
    String t = s.replace('\n', ' ');
    return t.length() > 160 ? t.substring(0, 160) + "..." : t;
  }

  /** Puts one key until it succeeds (a new leader answers 503 until it committed an entry of its term). */
  private static void probe(KvCluster c) throws Exception {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    String last = "";
    while (System.nanoTime() < end) {
      try (HttpConn conn = new HttpConn("127.0.0.1", c.leaderPort())) {
        KvCluster.Request r = c.put("probe", KvLoad.value("probe"));
        int st = conn.send(r.method(), r.path(), r.body(), r.contentType());
        if (st == 200) {
          return;
        }
        last = "HTTP " + st + " " + conn.bodyText();
      } catch (IOException e) {
        last = e.toString();
      }
      Thread.sleep(100);
    }
    throw new IOException(c.name() + ": the leader does not accept a put within 30 s: " + last);
  }

  private static double median(List<KvLoad.Result> rs, java.util.function.ToDoubleFunction<KvLoad.Result> f) {
    double[] v = rs.stream().mapToDouble(f).sorted().toArray();
    return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
  }

  static String table(List<String> scenarios, List<String> systems, Map<String, List<KvLoad.Result>> results) {
    StringBuilder b = new StringBuilder();
    b.append("| scenario | system | ops/s | p50 ms | p99 ms | RSS leader MB | RSS max member MB | CPU µs/op "
        + "(3 members) | errors |\n|---|---|---:|---:|---:|---:|---:|---:|---:|\n");
    for (String sn : scenarios) {
      for (String sys : systems) {
        List<KvLoad.Result> rs = results.get(sys + "/" + sn);
        if (rs == null) {
          continue;
        }
        b.append(String.format(Locale.ROOT, "| %s | %s | %,.0f | %.2f | %.2f | %.1f | %.1f | %.0f | %d |%n",
            SCENARIOS.get(sn).label(), sys, median(rs, KvLoad.Result::opsPerSecond),
            median(rs, r -> r.p50Nanos() / 1e6), median(rs, r -> r.p99Nanos() / 1e6),
            median(rs, r -> r.leaderRssKb() / 1024.0), median(rs, r -> r.maxRssKb() / 1024.0),
            median(rs, KvLoad.Result::cpuMicrosPerOp), rs.stream().mapToLong(KvLoad.Result::errors).sum()));
      }
    }
    if (systems.contains("raftproof") && systems.contains("etcd")) {
      b.append("\nRatios raftproof / etcd (medians of the same run): throughput ≥ 1, p99 ≤ 1, RSS ≤ 1 and CPU ≤ 1 "
          + "are better-or-equal for raftproof.\n\n| scenario | throughput | p50 | p99 | RSS leader | RSS max member "
          + "| CPU per op |\n|---|---:|---:|---:|---:|---:|---:|\n");
      for (String sn : scenarios) {
        List<KvLoad.Result> o = results.get("raftproof/" + sn);
        List<KvLoad.Result> e = results.get("etcd/" + sn);
        if (o == null || e == null) {
          continue;
        }
        b.append(String.format(Locale.ROOT, "| %s | %.2f× | %.2f× | %.2f× | %.2f× | %.2f× | %.2f× |%n",
            SCENARIOS.get(sn).label(),
            median(o, KvLoad.Result::opsPerSecond) / median(e, KvLoad.Result::opsPerSecond),
            median(o, KvLoad.Result::p50Nanos) / median(e, KvLoad.Result::p50Nanos),
            median(o, KvLoad.Result::p99Nanos) / median(e, KvLoad.Result::p99Nanos),
            median(o, r -> r.leaderRssKb()) / median(e, r -> r.leaderRssKb()),
            median(o, KvLoad.Result::maxRssKb) / median(e, KvLoad.Result::maxRssKb),
            median(o, KvLoad.Result::cpuMicrosPerOp) / median(e, KvLoad.Result::cpuMicrosPerOp)));
      }
    }
    return b.toString();
  }

  /** etcd must be installed; as root the benchmark installs Debian's packages itself. */
  private static boolean ensureEtcd(String etcd) throws Exception {
    if (Files.isExecutable(Path.of(etcd))) {
      return true;
    }
    boolean root = "root".equals(System.getProperty("user.name"));
    if (root) {
      System.out.println("kv bench: " + etcd + " not found: apt-get install -y etcd-server etcd-client");
      Process p = new ProcessBuilder("sh", "-c", "apt-get update -q && apt-get install -y -q etcd-server etcd-client")
          .inheritIO().start();
      if (p.waitFor(600, TimeUnit.SECONDS) && p.exitValue() == 0 && Files.isExecutable(Path.of(etcd))) {
        return true;
      }
      p.destroyForcibly();
    }
    System.out.println("kv bench: etcd 3.4 is needed at " + etcd
        + ": install it with `sudo apt-get update && sudo apt-get install -y etcd-server etcd-client`, or run "
        + "with --systems raftproof");
    return false;
  }

  private static String etcdVersion(String etcd) {
    try {
      Process p = new ProcessBuilder(etcd, "--version").redirectErrorStream(true).start();
      String s = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      p.waitFor(10, TimeUnit.SECONDS);
      return s.lines().filter(l -> l.startsWith("etcd Version:")).map(l -> l.substring(13).trim()).findFirst()
          .orElse("?") + s.lines().filter(l -> l.startsWith("Go Version:")).map(l -> " (" + l.substring(11).trim()
              + ")").findFirst().orElse("");
    } catch (IOException | InterruptedException e) {
      return "?";
    }
  }

  private static String memTotal() {
    try {
      return Files.readAllLines(Path.of("/proc/meminfo")).stream().filter(l -> l.startsWith("MemTotal:"))
          .map(l -> String.format(Locale.ROOT, "%.0f GiB RAM",
              Long.parseLong(l.replaceAll("[^0-9]", "")) / 1048576.0)).findFirst().orElse("?");
    } catch (IOException e) {
      return "?";
    }
  }

  private static int usage(String why) {
    System.err.println("kv bench: " + why);
    System.err.println("usage: Bench kv [--seconds S] [--warmup W] [--rounds R] [--scenarios put1,put16,put64,get16]"
        + " [--systems raftproof,etcd] [--jvm \"FLAGS\"] [--server-cp CP] [--prop key=value]... [--env KEY=VALUE]... [--get-keys N]"
        + " [--out FILE] [--dir DIR] [--keep]");
    return 64;
  }
}
