package dev.raftproof.lin;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.checkerframework.checker.nullness.qual.MonotonicNonNull;
import org.checkerframework.checker.nullness.qual.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code lin-check}: checks Jepsen/Knossos/Porcupine histories for linearizability. */
@Command(name = "lin-check", mixinStandardHelpOptions = true, version = "lin-check 0.1.0",
    sortOptions = false, exitCodeOnInvalidInput = LinCheckCommand.EXIT_BAD_INPUT,
    description = {"Checks histories for linearizability (Wing & Gong / Lowe search with P-compositionality, "
        + "Knossos's rules for :fail and :info).",
        "Prints one verdict per file; for an invalid history, the longest linearizable prefix and the ops that "
            + "cannot be linearized."},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:every history is linearizable (VALID)", "1:some history is not linearizable (INVALID)",
        "3:no INVALID, but some check hit the time or memory limit (UNKNOWN)",
        "64:usage error or bad input (unreadable file, syntax error, missing :type, unknown model)"})
public final class LinCheckCommand implements Callable<Integer> {
  public static final int EXIT_VALID = 0;
  public static final int EXIT_INVALID = 1;
  public static final int EXIT_UNKNOWN = 3;
  public static final int EXIT_BAD_INPUT = 64;

  @Parameters(paramLabel = "FILE", arity = "1..*", description = "History files.")
  List<Path> files = new ArrayList<>();

  @Option(names = "--model", required = true, paramLabel = "MODEL",
      description = "register, cas-register, etcd-cas-register, multi-register, kv, mutex; or name(init=V) as in "
          + "EXPECTED.tsv; or a class implementing dev.raftproof.lin.Model.")
  String model = "";

  @Option(names = "--init", paramLabel = "EDN", description = "Initial value (EDN), e.g. 0, nil, {:x 0 :y 0}, free.")
  @Nullable String init;

  @Option(names = "--format", paramLabel = "FMT", defaultValue = "auto",
      description = "edn | porcupine-etcd | porcupine-kv | auto (default: ${DEFAULT-VALUE}; by extension "
          + ".edn/.log/.txt, else by content).")
  String format = "auto";

  @Option(names = "--time-limit", paramLabel = "S", defaultValue = "0",
      description = "Per-file time limit in seconds; 0 = none. On expiry the verdict is UNKNOWN.")
  double timeLimit;

  @Option(names = "--html", paramLabel = "OUT.html",
      description = "Write a self-contained HTML page drawing the history (with several files, the file's name is "
          + "added before .html).")
  @Nullable Path html;

  @Option(names = "--emit-edn", paramLabel = "OUT.edn",
      description = "Also write the history as read (any format) as Knossos EDN (single FILE only).")
  @Nullable Path emitEdn;

  @Option(names = "--progress", paramLabel = "S", defaultValue = "5",
      description = "Seconds between progress lines on stderr during long checks (default: ${DEFAULT-VALUE}).")
  double progressSeconds;

  @Spec @MonotonicNonNull CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec != null ? spec.commandLine().getOut() : new PrintWriter(System.out, true);
    PrintWriter err = spec != null ? spec.commandLine().getErr() : new PrintWriter(System.err, true);
    Model m;
    HistoryFormat fmt;
    try {
      fmt = HistoryFormat.parse(format);
      if (!model.contains("(")) {
        m = Models.create(model, init);
      } else if (init == null) {
        m = Models.parse(model);
      } else {
        m = Models.create(model.substring(0, model.indexOf('(')), init); // --init overrides init= in the spec
      }
    } catch (IllegalArgumentException e) {
      err.println("lin-check: " + e.getMessage());
      err.flush();
      return EXIT_BAD_INPUT;
    }
    if (emitEdn != null && files.size() != 1) {
      err.println("lin-check: --emit-edn needs exactly one FILE");
      err.flush();
      return EXIT_BAD_INPUT;
    }
    boolean bad = false;
    boolean invalid = false;
    boolean unknown = false;
    ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "lin-check-progress");
      t.setDaemon(true);
      return t;
    });
    try {
      for (Path file : files) {
        History h;
        List<Operation> ops;
        try {
          h = HistoryReader.read(file, fmt);
          ops = Operation.complete(h);
        } catch (BadHistoryException e) {
          err.println("lin-check: " + e.getMessage());
          err.flush();
          bad = true;
          continue;
        }
        Path edn = emitEdn;
        if (edn != null) {
          if (!write(edn, HistoryWriter.toEdn(h), err)) {
            bad = true;
          }
        }
        LinearizabilityChecker.Options opts = LinearizabilityChecker.Options.defaults();
        opts.timeLimitNanos = (long) (timeLimit * 1e9);
        LinearizabilityChecker.Progress progress = new LinearizabilityChecker.Progress();
        long start = System.nanoTime();
        long period = Math.max(100, (long) (progressSeconds * 1000));
        ScheduledFuture<?> tick = ticker.scheduleAtFixedRate(() -> {
          err.printf(Locale.ROOT, "lin-check: %s: still checking after %.0f s: partition %d/%d, %d search steps, "
                  + "%d configurations cached%n", file, (System.nanoTime() - start) / 1e9,
              Math.min(progress.partitionsDone + 1, progress.partitions), progress.partitions, progress.iterations,
              progress.cacheEntries);
          err.flush();
        }, period, period, TimeUnit.MILLISECONDS);
        CheckResult r;
        try {
          r = LinearizabilityChecker.check(m, ops, opts, progress);
        } finally {
          tick.cancel(false);
        }
        out.println(summary(file, r));
        if (r.verdict() == Verdict.INVALID) {
          invalid = true;
          for (PartitionResult p : r.invalidPartitions()) {
            Explanation ex = p.explanation();
            out.println("  " + p.label() + ": not linearizable");
            if (ex != null) {
              out.print(ex.describe("    "));
            }
          }
        } else if (r.verdict() == Verdict.UNKNOWN) {
          unknown = true;
        }
        out.flush();
        Path htmlOut = html;
        if (htmlOut != null) {
          Path target = files.size() == 1 ? htmlOut : perFile(htmlOut, file);
          if (!write(target, HtmlReport.render(file.toString(), m, r), err)) {
            bad = true;
          }
        }
      }
    } finally {
      ticker.shutdownNow();
    }
    return bad ? EXIT_BAD_INPUT : invalid ? EXIT_INVALID : unknown ? EXIT_UNKNOWN : EXIT_VALID;
  }

  static String summary(Path file, CheckResult r) {
    StringBuilder sb = new StringBuilder();
    sb.append(file).append(": ").append(r.verdict()).append(" (").append(r.ops()).append(" ops, ")
        .append(r.partitions().size()).append(r.partitions().size() == 1 ? " partition" : " partitions")
        .append(String.format(Locale.ROOT, ", %.1f ms", r.elapsedNanos() / 1e6));
    if (!r.reason().isEmpty()) {
      sb.append(", ").append(r.reason());
    }
    return sb.append(')').toString();
  }

  private static Path perFile(Path html, Path file) {
    String base = html.getFileName() == null ? "lin-check.html" : html.getFileName().toString();
    String stem = base.endsWith(".html") ? base.substring(0, base.length() - 5) : base;
    Path name = file.getFileName();
    String fn = (name == null ? "history" : name.toString()).replaceAll("[^A-Za-z0-9._-]", "_");
    return html.resolveSibling(stem + "-" + fn + ".html");
  }

  private static boolean write(Path target, String text, PrintWriter err) {
    try {
      Files.writeString(target, text, StandardCharsets.UTF_8);
      return true;
    } catch (IOException e) {
      err.println("lin-check: " + target + ": cannot write: " + e.getMessage());
      err.flush();
      return false;
    }
  }

  public static void main(String[] args) {
    System.exit(new CommandLine(new LinCheckCommand()).execute(args));
  }
}
