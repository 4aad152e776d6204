package dev.raftproof.cli;

import dev.raftproof.tlc.CounterexampleFiles;
import dev.raftproof.tlc.CounterexampleFormatter;
import dev.raftproof.tlc.SpecParseError;
import dev.raftproof.tlc.SpecSource;
import dev.raftproof.tlc.TlcFigures;
import dev.raftproof.tlc.TlcOptions;
import dev.raftproof.tlc.TlcResult;
import dev.raftproof.tlc.TlcRunner;
import dev.raftproof.tlc.Violation;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.checkerframework.checker.nullness.qual.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code raft tlc}: model-check (or simulate) a config of the spec with TLC. */
@Command(name = "tlc", mixinStandardHelpOptions = true,
    description = {
        "Run the TLC model checker on a config of the Raft spec (in a separate JVM).",
        "CONFIG names a .cfg (e.g. MCraft_ci); the module of the same name is checked.",
        "Without --spec-dir the spec embedded in the jar (classpath spec/) is used."},
    footerHeading = "%nOutput:%n",
    footer = "A progress line while TLC runs, then the verdict and figures. On a violation the counterexample is "
        + "printed (one block per state; after the first state only the variables that changed, marked *) and "
        + "saved as counterexample.txt and counterexample.json under --out, with TLC's raw output "
        + "(tlc-output.log).",
    exitCodeListHeading = ExitCodes.HELP_HEADING,
    exitCodeList = {
        "0:pass: model fully explored (or simulation finished) with no violation",
        "1:violation found (invariant, action property, deadlock, assertion)",
        "2:spec or .cfg parse error",
        "3:no verdict: time limit reached (model checking), interrupted, or TLC error",
        "64:usage error or bad input (unknown CONFIG, missing --spec-dir...)",
        "70:internal error (a bug in raft)"})
@SuppressWarnings("initialization.field.uninitialized") // picocli injects @Spec
public final class TlcCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Parameters(index = "0", arity = "0..1", paramLabel = "CONFIG",
      description = "Config to check: CONFIG.cfg with module CONFIG.tla (a trailing .cfg is accepted).")
  @Nullable String config;

  @Option(names = "--spec-dir", paramLabel = "DIR", description = "Directory with the .tla/.cfg files "
      + "(default: the spec embedded in the jar).")
  @Nullable Path specDir;

  @Option(names = "--spec-resource", hidden = true, defaultValue = "spec",
      description = "Classpath folder of the embedded spec.")
  String specResource = "spec";

  @Option(names = "--module", paramLabel = "NAME", description = "Module to check if it differs from CONFIG.")
  @Nullable String module;

  @Option(names = "--workers", paramLabel = "N", defaultValue = "1",
      description = "TLC worker threads (default: ${DEFAULT-VALUE}).")
  int workers = 1;

  @Option(names = "--simulate", description = "Random simulation instead of exhaustive model checking.")
  boolean simulate;

  @Option(names = "--depth", paramLabel = "D", description = "Simulation: length of each behaviour (TLC default 100).")
  @Nullable Integer depth;

  @Option(names = "--traces", paramLabel = "N", description = "Simulation: stop after N behaviours.")
  @Nullable Long traces;

  @Option(names = "--seed", paramLabel = "S", description = "Simulation: random seed.")
  @Nullable Long seed;

  @Option(names = "--dfid", paramLabel = "D", description = "Depth-first iterative deepening from depth D.")
  @Nullable Integer dfid;

  @Option(names = "--time-limit", paramLabel = "S", description = "Stop after S seconds. Model checking: "
      + "verdict TIMEOUT (exit 3). Simulation: the time budget; PASS if no violation was found.")
  @Nullable Long timeLimitSeconds;

  @Option(names = "--heap", paramLabel = "SIZE", description = "Max heap of the TLC JVM, e.g. 2g (-Xmx).")
  @Nullable String heap;

  @Option(names = "--jvm-arg", paramLabel = "ARG", description = "Extra argument for the TLC JVM (repeatable).")
  List<String> jvmArgs = new ArrayList<>();

  @Option(names = "--no-deadlock", description = "Do not report deadlock (TLC -deadlock).")
  boolean noDeadlock;

  @Option(names = "--out", paramLabel = "DIR", defaultValue = "out/tlc",
      description = "Where counterexamples and logs are saved (default: ${DEFAULT-VALUE}).")
  Path out = Paths.get("out", "tlc");

  @Option(names = "--list", description = "List the configs of the spec and exit.")
  boolean list;

  @Option(names = "--color", negatable = true, description = "Highlight changes in ANSI bold "
      + "(default: only when output is a terminal).")
  @Nullable Boolean color;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    SpecSource source = source();
    if (list) {
      List<String> configs = source.listConfigs();
      if (configs.isEmpty()) {
        err.println("raft tlc: no configs found in " + source.describe());
        return ExitCodes.USAGE;
      }
      out.println("Configs in " + source.describe() + ":");
      configs.forEach(c -> out.println("  " + c));
      return ExitCodes.PASS;
    }
    String cfg = config;
    if (cfg == null) {
      throw new UserInputException("missing CONFIG (see raft tlc --list for the available ones)");
    }
    if (cfg.endsWith(".cfg")) {
      cfg = cfg.substring(0, cfg.length() - 4);
    }
    String mod = module != null ? module : cfg;
    List<String> configs = source.listConfigs();
    if (!source.listConfigs().contains(cfg) && (module == null || !configExists(source, cfg))) {
      throw new UserInputException("no config '" + cfg + "' in " + source.describe()
          + (configs.isEmpty() ? "" : " (available: " + String.join(", ", configs) + ")"));
    }
    TlcOptions opts = options();
    boolean tty = System.console() != null;
    boolean ansi = color != null ? color : tty;
    String mode = simulate ? "simulating" : dfid != null ? "model checking (DFID)" : "model checking";
    out.println("TLC " + mode + " " + mod + " with " + cfg + ".cfg from " + source.describe()
        + " (" + workers + (workers == 1 ? " worker" : " workers")
        + (timeLimitSeconds != null ? ", time limit " + timeLimitSeconds + " s" : "") + ")");
    out.flush();

    TlcResult result;
    try (ProgressLine progress = new ProgressLine(out, tty)) {
      result = new TlcRunner().run(source, mod, cfg, opts, progress);
    } catch (IllegalArgumentException e) {
      throw new UserInputException(String.valueOf(e.getMessage()));
    }
    return report(result, mod, cfg, ansi, out, err);
  }

  private static boolean configExists(SpecSource source, String cfg) {
    try (var m = source.materialize()) {
      return Files.isRegularFile(m.dir().resolve(cfg + ".cfg"));
    }
  }

  private SpecSource source() {
    Path dir = specDir;
    if (dir != null) {
      if (!Files.isDirectory(dir)) {
        throw new UserInputException("--spec-dir " + dir + " is not a directory");
      }
      return SpecSource.directory(dir);
    }
    SpecSource s = SpecSource.classpath(specResource);
    if (!s.exists()) {
      throw new UserInputException("no spec embedded in this jar (classpath " + specResource
          + "/); rebuild with the spec present, or pass --spec-dir DIR");
    }
    return s;
  }

  private TlcOptions options() {
    if (workers < 1) {
      throw new UserInputException("--workers must be at least 1");
    }
    if (!simulate && (depth != null || traces != null || seed != null)) {
      throw new UserInputException("--depth, --traces and --seed need --simulate");
    }
    if (simulate && dfid != null) {
      throw new UserInputException("--simulate and --dfid cannot be combined");
    }
    if (timeLimitSeconds != null && timeLimitSeconds <= 0) {
      throw new UserInputException("--time-limit must be a positive number of seconds");
    }
    TlcOptions o = TlcOptions.defaults().withWorkers(workers).withHeap(heap).withJvmArgs(jvmArgs)
        .withCheckDeadlock(!noDeadlock);
    if (timeLimitSeconds != null) {
      o = o.withTimeLimit(Duration.ofSeconds(timeLimitSeconds));
    }
    if (simulate) {
      o = o.withSimulation(depth == null ? -1 : depth).withSeed(seed);
      if (traces != null) {
        o = o.withTraces(traces);
      }
    }
    if (dfid != null) {
      o = o.withDfid(dfid);
    }
    return o;
  }

  private int report(TlcResult r, String mod, String cfg, boolean ansi, PrintWriter out, PrintWriter err) {
    switch (r.verdict()) {
      case PARSE_ERROR -> {
        SpecParseError pe = r.parseError();
        err.println("raft tlc: " + (pe == null ? "the spec does not parse" : pe.toParagraph()));
        err.flush();
        return ExitCodes.SPEC_PARSE_ERROR;
      }
      case PASS -> {
        out.println("Verdict: " + r.summary()
            + (r.budgetExhausted() ? " (time budget of " + timeLimitSeconds + " s used up)" : ""));
        out.println("  " + figures(r.figures()));
        out.flush();
        return ExitCodes.PASS;
      }
      case VIOLATION -> {
        Violation v = r.violation();
        out.println("Verdict: " + r.summary());
        if (v != null) {
          out.println("  " + v.message());
        }
        out.println("  " + figures(r.figures()));
        out.println();
        out.print(new CounterexampleFormatter(ansi).format(r.counterexample()));
        Path dir = save(r, mod, cfg, err);
        if (dir != null) {
          out.println("Counterexample saved to " + dir.resolve("counterexample.txt") + " and "
              + dir.resolve("counterexample.json"));
        }
        out.flush();
        return ExitCodes.VIOLATION;
      }
      case TIMEOUT, TLC_ERROR -> {
        out.println("Verdict: " + r.summary());
        out.println("  " + figures(r.figures()));
        Path dir = save(r, mod, cfg, err);
        if (dir != null) {
          out.println("TLC output saved to " + dir.resolve("tlc-output.log"));
        }
        out.flush();
        return ExitCodes.NO_VERDICT;
      }
    }
    return ExitCodes.INTERNAL;
  }

  private @Nullable Path save(TlcResult r, String mod, String cfg, PrintWriter err) {
    String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
    Path dir = out.resolve(cfg + "-" + stamp).toAbsolutePath().normalize();
    try {
      Files.createDirectories(dir);
      Files.write(dir.resolve("tlc-output.log"), r.output(), StandardCharsets.UTF_8);
      if (!r.counterexample().isEmpty() || r.violation() != null) {
        CounterexampleFiles.save(dir, "TLC " + mod + " with " + cfg + ".cfg", r);
      }
      return dir;
    } catch (IOException e) {
      err.println("raft tlc: could not save results under " + dir + ": " + e.getMessage());
      return null;
    }
  }

  static String figures(TlcFigures f) {
    StringBuilder sb = new StringBuilder();
    if (f.statesGenerated() >= 0) {
      sb.append(String.format("states generated %,d", f.statesGenerated()));
    }
    if (f.distinctStates() >= 0) {
      sb.append(String.format(", distinct states %,d", f.distinctStates()));
    }
    if (f.depth() >= 0) {
      sb.append(", depth ").append(f.depth());
    }
    long ms = f.wallTime().toMillis();
    sb.append(sb.length() == 0 ? "" : ", ").append("time ")
        .append(ms < 60_000 ? String.format("%.1f s", ms / 1000.0) : ProgressLine.clock(f.wallTime()));
    return sb.toString();
  }
}
