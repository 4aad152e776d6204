package dev.raftproof.validate;

import dev.raftproof.trace.TraceFile;
import dev.raftproof.trace.TraceFormatException;
import dev.raftproof.safety.Violation;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.checkerframework.checker.nullness.qual.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code raft validate TRACE...}: validates recorded traces against the spec with TLC, checks the five safety
 * properties on them, and optionally writes spec coverage and an HTML report of the first rejected trace.
 * Exit codes: 0 all PASS, 1 a trace rejected (or a safety violation), 3 time limit, 64 bad input, 70 internal.
 */
@Command(name = "validate", mixinStandardHelpOptions = true,
    description = {"Validate implementation traces (format v1, traces/FORMAT.md) against spec/Raft.tla with TLC.",
        "Whole-cluster files are validated one by one; per-node files (or a directory of them) are merged by their "
            + "vector clocks into one trace first."},
    footer = {"Exit codes: 0 pass, 1 trace rejected, safety violated or (--explored) a step within the bounds that "
        + "the model never explores, 3 time limit, 64 bad input (file:line: field: problem), 70 internal."})
public final class ValidateCommand implements Callable<Integer> {
  @Parameters(arity = "1..*", paramLabel = "TRACE", description = "NDJSON trace files or directories of per-node files")
  List<Path> traces = new ArrayList<>();

  @Option(names = "--coverage", paramLabel = "OUT", description = "write the spec coverage table (TSV) here")
  @Nullable Path coverage;

  @Option(names = "--report", paramLabel = "OUT.html", description = "write an HTML report of the first rejected trace")
  @Nullable Path report;

  @Option(names = "--time-limit", paramLabel = "S", description = "seconds per TLC run (default: none)")
  @Nullable Long timeLimit;

  @Option(names = "--keep-tla", paramLabel = "DIR", description = "keep the generated TraceData.tla and .cfg here")
  @Nullable Path keepTla;

  @Option(names = "--explored", arity = "0..1", fallbackValue = "MCraft_ci", paramLabel = "CONFIG",
      description = {"also check that every state and step of each accepted trace is one TLC explores when it checks "
          + "the model config CONFIG (default MCraft_ci). Applies to traces within its bounds (same servers, voters, "
          + "at most its values, every state within its CONSTRAINTs); a trace within the bounds with a step the "
          + "model never takes exits 1."})
  @Nullable String explored;

  @Option(names = "--spec", paramLabel = "DIR", description = "directory with Raft.tla (default: the embedded spec)")
  @Nullable Path specDir;

  @Option(names = "--format", paramLabel = "FMT", defaultValue = "v1",
      description = "trace format: v1 (traces/FORMAT.md, default) or etcd-raft (etcd/raft's with_tla trace, "
          + "translated; see docs/AUDITING.md)")
  String format = "v1";

  @Option(names = "--relax", paramLabel = "LIST", defaultValue = "all",
      description = "etcd-raft only: the etcd behaviours outside Raft.tla to model (all, none, or a comma list)")
  String relax = "all";

  @Option(names = "--differences", description = "etcd-raft only: the acceptance loop: start from Raft.tla's "
      + "rules and model one difference per rejection, listing each")
  boolean differences;

  @Spec
  CommandLine.Model.@Nullable CommandSpec spec;

  private final TraceValidator validator;

  public ValidateCommand() {
    this(new TraceValidator());
  }

  ValidateCommand(TraceValidator validator) {
    this.validator = validator;
  }

  @Override
  public Integer call() {
    PrintWriter out = spec != null ? spec.commandLine().getOut() : new PrintWriter(System.out, true);
    PrintWriter err = spec != null ? spec.commandLine().getErr() : new PrintWriter(System.err, true);
    try {
      return run(out, err);
    } catch (TraceFormatException e) {
      err.println("bad input: " + e.getMessage());
      return 64;
    } catch (IOException e) {
      err.println("bad input: " + e.getMessage());
      return 64;
    } catch (RuntimeException e) {
      err.println("internal error: " + e);
      return 70;
    } finally {
      out.flush();
      err.flush();
    }
  }

  private int run(PrintWriter out, PrintWriter err)
      throws IOException, TraceFormatException {
    if (timeLimit != null && timeLimit <= 0) {
      throw new TraceFormatException("--time-limit", 0, null, "must be a positive number of seconds");
    }
    if (!format.equals("v1") && !format.equals("etcd-raft")) {
      throw new TraceFormatException("--format", 0, null, "unknown format \"" + format + "\" (v1 or etcd-raft)");
    }
    if (format.equals("etcd-raft")) {
      return etcd(out, err);
    }
    List<TraceInputs.Input> inputs = TraceInputs.group(traces);
    if (specDir == null && !ValidationSpec.embeddedHasRaft()) {
      err.println("internal error: the tool has no embedded spec/Raft.tla; pass --spec DIR");
      return 70;
    }
    TraceValidator.Options opts = TraceValidator.Options.of(
            specDir == null ? ValidationSpec.embedded() : ValidationSpec.directory(specDir))
        .withTimeLimit(timeLimit == null ? null : Duration.ofSeconds(timeLimit)).withKeepTla(keepTla);
    Coverage cov = new Coverage();
    int exit = 0;
    boolean reported = false;
    List<String> names = new ArrayList<>();
    List<TraceFile> merged = new ArrayList<>();
    for (TraceInputs.Input in : inputs) {
      try {
        merged.add(TraceMerger.merge(in.files()));
        names.add(in.name());
      } catch (TraceMerger.ImpossibleOrderException e) {
        out.println("REJECTED " + in.name() + ": impossible order: " + e.getMessage());
        exit = Math.max(exit, 1);
      }
    }
    // traces with the same servers share one TLC run; a trace it does not accept is validated again alone
    List<ValidationResult> results = validator.validateAll(merged, opts);
    for (int i = 0; i < merged.size(); i++) {
      TraceFile trace = merged.get(i);
      String name = names.get(i);
      ValidationResult r = results.get(i);
      out.print(TextReport.of(name, r));
      exit = Math.max(exit, r.verdict().exitCode());
      cov.add(r);
      if (r.verdict() == Verdict.REJECTED && report != null && !reported) {
        Files.writeString(report, HtmlReport.render(name, r), StandardCharsets.UTF_8);
        out.println("  HTML report: " + report);
        reported = true;
      }
      String ciConfig = explored;
      if (r.verdict() == Verdict.PASS && ciConfig != null) {
        ExploredStateCheck.Result x = new ExploredStateCheck(validator.runner()).check(trace, opts.spec(), ciConfig,
            opts.timeLimit());
        out.println("  explored (" + ciConfig + "): " + x.kind() + ": " + x.detail());
        exit = Math.max(exit, x.exitCode());
      }
      if (r.verdict() == Verdict.PASS || r.verdict() == Verdict.REJECTED) {
        List<Violation> v = SafetyCheck.check(trace);
        if (v.isEmpty()) {
          out.println("  safety (Java, " + trace.events().size() + " events): the five properties hold");
        } else {
          out.println("  safety (Java): " + v.size() + " violation(s):");
          v.stream().limit(10).forEach(x -> out.println("    - " + x));
          exit = Math.max(exit, 1);
        }
      }
    }
    if (coverage != null) {
      Files.writeString(coverage, cov.tsv(), StandardCharsets.UTF_8);
      out.print(cov.table());
      out.println("coverage written to " + coverage);
    }
    return exit;
  }

  /** {@code --format etcd-raft}: one etcd/raft trace file (dev.raftproof.etcd). */
  private int etcd(PrintWriter out, PrintWriter err) throws IOException, TraceFormatException {
    if (traces.size() != 1 || Files.isDirectory(traces.get(0))) {
      err.println("bad input: --format etcd-raft takes exactly one trace file");
      return 64;
    }
    if (!Files.isRegularFile(traces.get(0))) {
      err.println("bad input: " + traces.get(0) + ": no such file");
      return 64;
    }
    java.util.Set<String> r;
    try {
      r = dev.raftproof.etcd.EtcdAudit.parseRelax(relax);
    } catch (IllegalArgumentException e) {
      err.println("bad input: --relax: " + e.getMessage());
      return 64;
    }
    if (specDir == null && !ValidationSpec.embeddedHasRaft()) {
      err.println("internal error: the tool has no embedded spec/Raft.tla; pass --spec DIR");
      return 70;
    }
    TraceValidator.Options opts = TraceValidator.Options.of(
            specDir == null ? ValidationSpec.embedded() : ValidationSpec.directory(specDir))
        .withTimeLimit(timeLimit == null ? null : Duration.ofSeconds(timeLimit)).withKeepTla(keepTla);
    return new dev.raftproof.etcd.EtcdAudit(new dev.raftproof.etcd.EtcdValidator())
        .audit(traces.get(0), r, differences, opts, coverage, out).exit();
  }

  /** Standalone use (inside {@code raft}, RaftCli's handlers apply): usage errors exit 64 as well. */
  public static void main(String[] args) {
    CommandLine cl = new CommandLine(new ValidateCommand());
    cl.setParameterExceptionHandler((ex, a) -> {
      ex.getCommandLine().getErr().println("validate: error: " + ex.getMessage());
      return 64;
    });
    System.exit(cl.execute(args));
  }
}
