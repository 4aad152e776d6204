package dev.raftproof.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Locale;

/**
 * One timed section: CPU time of the calling thread (the "per core" figure on a shared machine: it excludes time the
 * thread waited for a core, and the JIT and GC threads), process CPU time, wall time, and the load average at start
 * and end.
 */
final class Measure {
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  final long threadCpuNanos;
  /** Bytes allocated on the heap by the calling thread (-1 if the JVM does not say): load-independent. */
  final long allocatedBytes;
  final long processCpuNanos;
  final long wallNanos;
  final double loadBefore;
  final double loadAfter;

  private Measure(long threadCpuNanos, long allocatedBytes, long processCpuNanos, long wallNanos, double loadBefore,
      double loadAfter) {
    this.threadCpuNanos = threadCpuNanos;
    this.allocatedBytes = allocatedBytes;
    this.processCpuNanos = processCpuNanos;
    this.wallNanos = wallNanos;
    this.loadBefore = loadBefore;
    this.loadAfter = loadAfter;
  }

  /** Runs {@code body} once and measures it. */
  static Measure of(Runnable body) {
    double l0 = load();
    long p0 = processCpu();
    long a0 = allocated();
    long c0 = THREADS.getCurrentThreadCpuTime();
    long w0 = System.nanoTime();
    body.run();
    long w1 = System.nanoTime();
    long c1 = THREADS.getCurrentThreadCpuTime();
    long a1 = allocated();
    long p1 = processCpu();
    return new Measure(c1 - c0, a0 < 0 || a1 < 0 ? -1 : a1 - a0, p1 - p0, w1 - w0, l0, load());
  }

  private static long allocated() {
    if (THREADS instanceof com.sun.management.ThreadMXBean t && t.isThreadAllocatedMemorySupported()
        && t.isThreadAllocatedMemoryEnabled()) {
      return t.getThreadAllocatedBytes(Thread.currentThread().getId());
    }
    return -1;
  }

  static double load() {
    return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
  }

  private static long processCpu() {
    if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
      return os.getProcessCpuTime();
    }
    return -1;
  }

  double perThreadCpuSecond(double count) {
    return count / (threadCpuNanos / 1e9);
  }

  double perWallSecond(double count) {
    return count / (wallNanos / 1e9);
  }

  /** "N x/s per thread-CPU-s, M x/s wall (thread CPU a s, process CPU b s, wall c s, load l0 -> l1)". */
  String rates(double count, String unit) {
    return String.format(Locale.ROOT,
        "%,.0f %s/s per thread-CPU-second, %,.0f %s/s wall (thread CPU %.2f s, process CPU %.2f s, wall %.2f s, "
            + "load average %.2f -> %.2f; %,.0f bytes allocated per %s)",
        perThreadCpuSecond(count), unit, perWallSecond(count), unit, threadCpuNanos / 1e9, processCpuNanos / 1e9,
        wallNanos / 1e9, loadBefore, loadAfter, allocatedBytes / count, unit.endsWith("s")
            ? unit.substring(0, unit.length() - 1) : unit);
  }
}
