package dev.raftproof.cli;

import dev.raftproof.tlc.TlcListener;
import dev.raftproof.tlc.TlcProgress;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Shows a progress line while TLC runs: on a terminal one line rewritten every second, otherwise one line every
 * ~10 s. TLC itself reports its counts once a minute; the elapsed time is live.
 */
final class ProgressLine implements TlcListener, AutoCloseable {
  private final PrintWriter out;
  private final boolean tty;
  private final long startNanos = System.nanoTime();
  private final ScheduledExecutorService ticker;
  private volatile @Nullable TlcProgress last;
  private int lastWidth;

  ProgressLine(PrintWriter out, boolean tty) {
    this.out = out;
    this.tty = tty;
    this.ticker = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "raft-progress");
      t.setDaemon(true);
      return t;
    });
    long period = tty ? 1 : 10;
    ticker.scheduleAtFixedRate(this::tick, period, period, TimeUnit.SECONDS);
  }

  @Override
  public void progress(TlcProgress p) {
    last = p;
  }

  private synchronized void tick() {
    String line = render(last, Duration.ofNanos(System.nanoTime() - startNanos));
    if (tty) {
      StringBuilder sb = new StringBuilder("\r").append(line);
      for (int i = line.length(); i < lastWidth; i++) {
        sb.append(' ');
      }
      lastWidth = line.length();
      out.print(sb);
    } else {
      out.println(line);
    }
    out.flush();
  }

  static String render(@Nullable TlcProgress p, Duration elapsed) {
    String t = clock(elapsed);
    if (p == null) {
      return "TLC " + t + "  running (TLC reports state counts once a minute)";
    }
    StringBuilder sb = new StringBuilder("TLC ").append(t);
    if (p.distinctStates() >= 0) {
      sb.append("  distinct ").append(String.format("%,d", p.distinctStates()));
      if (p.distinctStatesPerMinute() >= 0) {
        sb.append(" (").append(String.format("%,d", p.distinctStatesPerMinute())).append("/min)");
      }
    }
    sb.append("  generated ").append(String.format("%,d", p.statesGenerated()));
    if (p.queueSize() >= 0) {
      sb.append("  queue ").append(String.format("%,d", p.queueSize()));
    }
    sb.append("  [as of ").append(clock(p.elapsed())).append(']');
    return sb.toString();
  }

  static String clock(Duration d) {
    long s = d.toSeconds();
    return s >= 3600 ? String.format("%d:%02d:%02d", s / 3600, (s / 60) % 60, s % 60)
        : String.format("%02d:%02d", s / 60, s % 60);
  }

  @Override
  public synchronized void close() {
    ticker.shutdownNow();
    if (tty && lastWidth > 0) {
      out.print("\r" + " ".repeat(lastWidth) + "\r");
      out.flush();
    }
  }
}
