package dev.raftproof.jepsen;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * What one harness run does (immutable; each {@code with}-style method returns a copy). Defaults: 5 voters and 2
 * spares, 6 clients, 60 s of workload, every fault, traces checked, artifacts deleted on a pass.
 */
public final class HarnessOptions {
  private final int nodes;
  private final int spares;
  private final int clients;
  private final int keys;
  private final Duration duration;
  private final long seed;
  private final Set<Fault> faults;
  private final List<Path> serverClasspathPrefix;
  private final @Nullable Path workDir;
  private final boolean keep;
  private final boolean checkTraces;
  private final Duration linTimeLimit;
  private final Duration traceTimeLimit;
  private final @Nullable Duration hardLimit;
  private final int tickMillis;
  private final boolean pinnedClients;
  private final double rate;
  private final int snapshotEntries;

  private HarnessOptions(int nodes, int spares, int clients, int keys, Duration duration, long seed,
      Set<Fault> faults, List<Path> serverClasspathPrefix, @Nullable Path workDir, boolean keep, boolean checkTraces,
      Duration linTimeLimit, Duration traceTimeLimit, @Nullable Duration hardLimit, int tickMillis,
      boolean pinnedClients, double rate, int snapshotEntries) {
    this.nodes = nodes;
    this.spares = spares;
    this.clients = clients;
    this.keys = keys;
    this.duration = duration;
    this.seed = seed;
    this.faults = Set.copyOf(faults);
    this.serverClasspathPrefix = List.copyOf(serverClasspathPrefix);
    this.workDir = workDir;
    this.keep = keep;
    this.checkTraces = checkTraces;
    this.linTimeLimit = linTimeLimit;
    this.traceTimeLimit = traceTimeLimit;
    this.hardLimit = hardLimit;
    this.tickMillis = tickMillis;
    this.pinnedClients = pinnedClients;
    this.rate = rate;
    this.snapshotEntries = snapshotEntries;
  }

  /** The defaults, with a seed taken from the clock (printed by every run). */
  public static HarnessOptions defaults() {
    return new HarnessOptions(5, 2, 6, 3, Duration.ofSeconds(60), System.nanoTime() & 0x7fffffffL, Fault.ALL,
        List.of(), null, false, true, Duration.ofSeconds(120), Duration.ofSeconds(600), null, 100, false, 10.0, 50);
  }

  /** Checks the numbers; IllegalArgumentException names the bad option. */
  public HarnessOptions validated() {
    if (nodes < 1 || nodes > 9) {
      throw new IllegalArgumentException("--nodes must be 1..9");
    }
    if (spares < 0 || nodes + spares > 9) {
      throw new IllegalArgumentException("--spares must be >= 0 and nodes + spares <= 9");
    }
    if (clients < 1 || clients > 64) {
      throw new IllegalArgumentException("--clients must be 1..64");
    }
    if (keys < 1 || keys > 100) {
      throw new IllegalArgumentException("--keys must be 1..100");
    }
    if (duration.isNegative() || duration.isZero()) {
      throw new IllegalArgumentException("--time must be positive");
    }
    if (!(rate > 0 && rate <= 10_000)) {
      throw new IllegalArgumentException("--rate must be in (0, 10000] ops/s");
    }
    if (snapshotEntries < 1) {
      throw new IllegalArgumentException("--snapshot-entries must be at least 1");
    }
    if (tickMillis < 5) {
      throw new IllegalArgumentException("tick must be at least 5 ms");
    }
    return this;
  }

  public int nodes() {
    return nodes;
  }

  public int spares() {
    return spares;
  }

  public int clients() {
    return clients;
  }

  /** Keys in use at a time (the key set rotates every 10 s so that each key's history stays checkable). */
  public int keys() {
    return keys;
  }

  /** How long the clients and the nemesis run (the checks come after). */
  public Duration duration() {
    return duration;
  }

  public long seed() {
    return seed;
  }

  public Set<Fault> faults() {
    return faults;
  }

  /** Prepended to the kv-server processes' class path (a mutant's classes shadow the real ones). */
  public List<Path> serverClasspathPrefix() {
    return serverClasspathPrefix;
  }

  /** Where the run's artifacts go (a fresh directory is made inside); default the system temp directory. */
  public @Nullable Path workDir() {
    return workDir;
  }

  /** Keep the artifacts directory even when the run passes. */
  public boolean keep() {
    return keep;
  }

  public boolean checkTraces() {
    return checkTraces;
  }

  public Duration linTimeLimit() {
    return linTimeLimit;
  }

  public Duration traceTimeLimit() {
    return traceTimeLimit;
  }

  /**
   * The limit of a run's cluster part, start to final reads and the history checks (processes are killed and the run
   * answers 3 when it is reached); default duration + lin-check limit + 4 min. TLC has its own limit.
   */
  public Duration hardLimit() {
    Duration h = hardLimit;
    return h != null ? h : duration.plus(linTimeLimit).plus(Duration.ofSeconds(240));
  }

  public int tickMillis() {
    return tickMillis;
  }

  public HarnessOptions nodes(int n) {
    return new HarnessOptions(n, spares, clients, keys, duration, seed, faults, serverClasspathPrefix, workDir, keep,
        checkTraces, linTimeLimit, traceTimeLimit, hardLimit, tickMillis, pinnedClients, rate, snapshotEntries);
  }

  public HarnessOptions spares(int n) {
    return new HarnessOptions(nodes, n, clients, keys, duration, seed, faults, serverClasspathPrefix, workDir, keep,
        checkTraces, linTimeLimit, traceTimeLimit, hardLimit, tickMillis, pinnedClients, rate, snapshotEntries);
  }

  public HarnessOptions clients(int n) {
    return new HarnessOptions(nodes, spares, n, keys, duration, seed, faults, serverClasspathPrefix, workDir, keep,
        checkTraces, linTimeLimit, traceTimeLimit, hardLimit, tickMillis, pinnedClients, rate, snapshotEntries);
  }

  public HarnessOptions keys(int n) {
    return new HarnessOptions(nodes, spares, clients, n, duration, seed, faults, serverClasspathPrefix, workDir, keep,
        checkTraces, linTimeLimit, traceTimeLimit, hardLimit, tickMillis, pinnedClients, rate, snapshotEntries);
  }

  public HarnessOptions duration(Duration d) {
    return new HarnessOptions(nodes, spares, clients, keys, d, seed, faults, serverClasspathPrefix, workDir, keep,
        checkTraces, linTimeLimit, traceTimeLimit, hardLimit, tickMillis, pinnedClients, rate, snapshotEntries);
  }

  public HarnessOptions seed(long s) {
    return new HarnessOptions(nodes, spares, clients, keys, duration, s, faults, serverClasspathPrefix, workDir, keep,
        checkTraces, linTimeLimit, traceTimeLimit, hardLimit, tickMillis, pinnedClients, rate, snapshotEntries);
  }

  public HarnessOptions faults(Set<Fault> f) {
    return new HarnessOptions(nodes, spares, clients, keys, duration, seed, f, serverClasspathPrefix, workDir, keep,
        checkTraces, linTimeLimit, traceTimeLimit, hardLimit, tickMillis, pinnedClients, rate, snapshotEntries);
  }

  public HarnessOptions serverClasspathPrefix(List<Path> p) {
    return new HarnessOptions(nodes, spares, clients, keys, duration, seed, faults, p, workDir, keep, checkTraces,
        linTimeLimit, traceTimeLimit, hardLimit, tickMillis, pinnedClients, rate, snapshotEntries);
  }

  public HarnessOptions workDir(@Nullable Path d) {
    return new HarnessOptions(nodes, spares, clients, keys, duration, seed, faults, serverClasspathPrefix, d, keep,
        checkTraces, linTimeLimit, traceTimeLimit, hardLimit, tickMillis, pinnedClients, rate, snapshotEntries);
  }

  public HarnessOptions keep(boolean k) {
    return new HarnessOptions(nodes, spares, clients, keys, duration, seed, faults, serverClasspathPrefix, workDir, k,
        checkTraces, linTimeLimit, traceTimeLimit, hardLimit, tickMillis, pinnedClients, rate, snapshotEntries);
  }

  public HarnessOptions checkTraces(boolean c) {
    return new HarnessOptions(nodes, spares, clients, keys, duration, seed, faults, serverClasspathPrefix, workDir,
        keep, c, linTimeLimit, traceTimeLimit, hardLimit, tickMillis, pinnedClients, rate, snapshotEntries);
  }

  public HarnessOptions linTimeLimit(Duration d) {
    return new HarnessOptions(nodes, spares, clients, keys, duration, seed, faults, serverClasspathPrefix, workDir,
        keep, checkTraces, d, traceTimeLimit, hardLimit, tickMillis, pinnedClients, rate, snapshotEntries);
  }

  public HarnessOptions traceTimeLimit(Duration d) {
    return new HarnessOptions(nodes, spares, clients, keys, duration, seed, faults, serverClasspathPrefix, workDir,
        keep, checkTraces, linTimeLimit, d, hardLimit, tickMillis, pinnedClients, rate, snapshotEntries);
  }

  public HarnessOptions hardLimit(@Nullable Duration d) {
    return new HarnessOptions(nodes, spares, clients, keys, duration, seed, faults, serverClasspathPrefix, workDir,
        keep, checkTraces, linTimeLimit, traceTimeLimit, d, tickMillis, pinnedClients, rate, snapshotEntries);
  }

  public HarnessOptions tickMillis(int t) {
    return new HarnessOptions(nodes, spares, clients, keys, duration, seed, faults, serverClasspathPrefix, workDir,
        keep, checkTraces, linTimeLimit, traceTimeLimit, hardLimit, t, pinnedClients, rate, snapshotEntries);
  }

  /**
   * Each op starts at the client's home node (client i: node i mod N) and follows redirects from there, instead of
   * sticking to the last leader it found: clients homed at an isolated old leader keep reading from it while the
   * others write to the new leader (what a stale read needs to be seen). Default off.
   */
  public boolean pinnedClients() {
    return pinnedClients;
  }

  public HarnessOptions pinnedClients(boolean p) {
    return new HarnessOptions(nodes, spares, clients, keys, duration, seed, faults, serverClasspathPrefix, workDir,
        keep, checkTraces, linTimeLimit, traceTimeLimit, hardLimit, tickMillis, p, rate, snapshotEntries);
  }

  /**
   * Target client ops per second, all clients together (each client waits about {@code clients / rate} seconds,
   * randomised, between its ops). Every op costs ~15 trace events on 5 nodes and TLC's time grows with the events,
   * so the default (10) keeps a 60 s run's trace validation within a few minutes on a loaded machine; raise it with
   * {@code checkTraces(false)} for more load.
   */
  public double rate() {
    return rate;
  }

  public HarnessOptions rate(double r) {
    return new HarnessOptions(nodes, spares, clients, keys, duration, seed, faults, serverClasspathPrefix, workDir,
        keep, checkTraces, linTimeLimit, traceTimeLimit, hardLimit, tickMillis, pinnedClients, r, snapshotEntries);
  }

  /**
   * The servers' {@code snapshot.entries} (default 50: frequent compaction keeps the log every trace event logs
   * short, so TLC stays fast; larger values keep uncompacted suffixes around longer).
   */
  public int snapshotEntries() {
    return snapshotEntries;
  }

  public HarnessOptions snapshotEntries(int n) {
    return new HarnessOptions(nodes, spares, clients, keys, duration, seed, faults, serverClasspathPrefix, workDir,
        keep, checkTraces, linTimeLimit, traceTimeLimit, hardLimit, tickMillis, pinnedClients, rate, n);
  }

  @Override
  public String toString() {
    return "nodes=" + nodes + " spares=" + spares + " clients=" + clients + " keys=" + keys + " rate=" + rate + "/s time="
        + duration.toSeconds() + "s seed=" + seed + " faults=" + faults.stream().map(Fault::cliName).sorted().toList()
        + (serverClasspathPrefix.isEmpty() ? "" : " server-classpath-prefix=" + serverClasspathPrefix)
        + (checkTraces ? "" : " traces-unchecked") + (pinnedClients ? " pinned-clients" : "")
        + (snapshotEntries == 50 ? "" : " snapshot-entries=" + snapshotEntries);
  }
}
