package dev.raftproof.tlc;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Interprets TLC's tool messages as they arrive (progress, violation, counterexample, figures) and decides the
 * verdict once the process is gone. Fed from one thread; {@link #result} is called after that thread is done.
 */
final class OutcomeCollector implements ToolOutputParser.Sink {
  private static final Pattern INV = Pattern.compile("^Invariant (\\S+) is violated");
  private static final Pattern ACT = Pattern.compile("^Action property (\\S+) is violated");
  private static final Pattern PROGRESS = Pattern.compile(
      "(-?[\\d,]+) states generated(?: \\([\\d,]+ s/min\\))?, (-?[\\d,]+) distinct states found"
          + "(?: \\([\\d,]+ ds/min\\))?(?:, (-?[\\d,]+) states? left on queue)?");
  private static final Pattern SIMU_STATS = Pattern.compile("The number of states generated: ([\\d,]+)");
  private static final Pattern DEPTH = Pattern.compile("The depth of the complete state graph search is (\\d+)");
  private static final Pattern FINISHED = Pattern.compile("^Finished in (.+?) at");
  private static final Pattern INIT = Pattern.compile("^Finished computing initial states: ([\\d,]+) distinct");

  private final TlcListener listener;
  private final Supplier<Duration> clock;
  private final Path specDir;
  private final Path cfgFile;

  private final List<String> sanyLines = new ArrayList<>();
  private boolean inSany;
  private boolean parsingFailed;
  private @Nullable SpecParseError configError;
  private @Nullable Violation violation;
  private final List<TraceState> trace = new ArrayList<>();
  private final List<String> errors = new ArrayList<>();
  private final List<String> untaggedAfterSany = new ArrayList<>();
  private @Nullable String nestedLocation;
  private boolean success;
  private boolean finished;
  private long generated = -1;
  private long distinct = -1;
  private long depth = -1;
  private @Nullable String tlcTime;
  private volatile boolean violationStarted;

  OutcomeCollector(TlcListener listener, Supplier<Duration> clock, Path specDir, Path cfgFile) {
    this.listener = listener;
    this.clock = clock;
    this.specDir = specDir;
    this.cfgFile = cfgFile;
  }

  /** True once TLC has begun reporting a violation (used to let it finish printing the counterexample). */
  boolean violationStarted() {
    return violationStarted;
  }

  @Override
  public void untaggedLine(String line) {
    if (inSany) {
      sanyLines.add(line);
    } else if (!line.isBlank() && untaggedAfterSany.size() < 200) {
      untaggedAfterSany.add(line);
    }
  }

  @Override
  public void message(ToolMessage m) {
    String first = m.firstLine();
    switch (m.code()) {
      case MessageCodes.TLC_SANY_START -> inSany = true;
      case MessageCodes.TLC_SANY_END -> inSany = false;
      case MessageCodes.TLC_PARSING_FAILED -> parsingFailed = true;
      case MessageCodes.TLC_INVARIANT_VIOLATED_BEHAVIOR -> setViolation(ViolationKind.INVARIANT, group(INV, first), first);
      case MessageCodes.TLC_INVARIANT_VIOLATED_INITIAL -> {
        setViolation(ViolationKind.INVARIANT, group(INV, first), first);
        int nl = m.body().indexOf('\n');
        if (nl >= 0) {
          List<String> lines = List.of(m.body().substring(nl + 1).split("\n", -1));
          trace.add(new TraceState(1, "Initial predicate", null, StateTextParser.parseVariables(lines)));
        }
      }
      case MessageCodes.TLC_ACTION_PROPERTY_VIOLATED_BEHAVIOR ->
          setViolation(ViolationKind.ACTION_PROPERTY, group(ACT, first), first);
      case MessageCodes.TLC_DEADLOCK_REACHED -> setViolation(ViolationKind.DEADLOCK, null, first);
      case MessageCodes.TLC_TEMPORAL_PROPERTY_VIOLATED -> setViolation(ViolationKind.TEMPORAL, null, first);
      case MessageCodes.TLC_ASSUMPTION_FALSE -> setViolation(ViolationKind.ASSUMPTION, null, first);
      case MessageCodes.TLC_VALUE_ASSERT_FAILED -> {
        String name = null;
        int nl = m.body().indexOf('\n');
        if (nl >= 0) {
          name = m.body().substring(nl + 1).strip();
          if (name.length() >= 2 && name.startsWith("\"") && name.endsWith("\"")) {
            name = name.substring(1, name.length() - 1);
          }
        }
        setViolation(ViolationKind.ASSERTION, name, SanyErrorParser.oneParagraph(m.body()));
      }
      case MessageCodes.TLC_NESTED_EXPRESSION -> {
        String[] lines = m.body().split("\n");
        for (String l : lines) {
          if (l.matches("^0\\. .*")) {
            nestedLocation = l.substring(3).strip();
          }
        }
      }
      case MessageCodes.TLC_STATE_PRINT1, MessageCodes.TLC_STATE_PRINT2 -> {
        TraceState s = StateTextParser.parse(m.body());
        if (s != null) {
          trace.add(s);
        }
      }
      case MessageCodes.TLC_STATE_PRINT3 -> {
        // "N: Stuttering": the behaviour stutters forever from the previous state (liveness counterexample)
        java.util.Map<String, String> vars =
            trace.isEmpty() ? java.util.Map.of() : trace.get(trace.size() - 1).variables();
        trace.add(new TraceState(trace.size() + 1, "Stuttering", null, vars));
      }
      case MessageCodes.TLC_COUNTER_EXAMPLE -> {
        // header of a liveness counterexample; the states follow
      }
      case MessageCodes.TLC_BACK_TO_STATE ->
          trace.add(new TraceState(trace.size() + 1, first.strip(), null, java.util.Map.of()));
      case MessageCodes.TLC_PROGRESS_STATS, MessageCodes.TLC_PROGRESS_SIMU, MessageCodes.TLC_PROGRESS_STATS_DFID -> {
        Matcher pm = PROGRESS.matcher(first);
        if (pm.find()) {
          long g = num(pm.group(1));
          long d = num(pm.group(2));
          long q = pm.group(3) == null ? -1 : num(pm.group(3));
          generated = Math.max(generated, g);
          if (d >= 0) {
            distinct = d;
          }
          listener.progress(TlcProgress.of(g, d, q, clock.get()));
        }
      }
      case MessageCodes.TLC_STATS, MessageCodes.TLC_STATS_DFID -> {
        Matcher pm = PROGRESS.matcher(first);
        if (pm.find()) {
          generated = num(pm.group(1));
          long d = num(pm.group(2));
          if (d >= 0) {
            distinct = d;
          }
        }
      }
      case MessageCodes.TLC_STATS_SIMU -> {
        Matcher sm = SIMU_STATS.matcher(m.body());
        if (sm.find()) {
          generated = num(sm.group(1));
        }
      }
      case MessageCodes.TLC_INIT_GENERATED1 -> {
        Matcher im = INIT.matcher(first);
        if (im.find() && distinct < 0) {
          distinct = num(im.group(1));
        }
      }
      case MessageCodes.TLC_SEARCH_DEPTH -> {
        Matcher dm = DEPTH.matcher(first);
        if (dm.find()) {
          depth = num(dm.group(1));
        }
      }
      case MessageCodes.TLC_SUCCESS -> success = true;
      case MessageCodes.TLC_FINISHED -> {
        finished = true;
        Matcher fm = FINISHED.matcher(first);
        if (fm.find()) {
          tlcTime = fm.group(1);
        }
      }
      default -> {
        if (m.code() >= MessageCodes.CFG_FIRST && m.code() <= MessageCodes.CFG_LAST) {
          configError = SanyErrorParser.fromConfig(m.body(), cfgFile);
        } else if (m.severity() == MessageCodes.SEVERITY_ERROR || m.code() == MessageCodes.GENERAL) {
          String b = SanyErrorParser.oneParagraph(m.body());
          if (!b.isEmpty()) {
            errors.add(b);
          }
        } else if (m.code() == 2154 || m.code() == 2153) {
          errors.add(SanyErrorParser.oneParagraph(m.body()));
        }
      }
    }
  }

  private void setViolation(ViolationKind kind, @Nullable String name, String message) {
    violationStarted = true;
    if (violation == null) {
      violation = new Violation(kind, name, message.strip());
    }
  }

  TlcResult result(int exitCode, boolean timedOut, boolean interrupted, boolean simulation, long pid,
      Duration wall, List<String> output, List<String> command, @Nullable String sourceDirDescription) {
    List<TraceState> ce = List.copyOf(trace);
    long d = depth;
    if (d < 0 && violation != null && !ce.isEmpty()) {
      d = ce.size();
    }
    TlcFigures figs = new TlcFigures(generated, distinct, d, wall, tlcTime);
    Verdict verdict;
    SpecParseError parseError = null;
    String error = null;
    Violation v = violation;
    if (v != null && nestedLocation != null && v.kind() == ViolationKind.ASSERTION) {
      v = new Violation(v.kind(), v.name(), v.message() + " (at " + nestedLocation + ")");
    }
    if (parsingFailed || exitCode == 150) {
      verdict = Verdict.PARSE_ERROR;
      SpecParseError pe = SanyErrorParser.fromSany(sanyLines, specDir);
      parseError = relocate(pe, sourceDirDescription);
    } else if (configError != null || exitCode == 151) {
      verdict = Verdict.PARSE_ERROR;
      parseError = configError != null ? relocate(configError, sourceDirDescription)
          : new SpecParseError(cfgFile.toString(), -1, -1, String.join(" ", errors), String.join("\n", errors));
    } else if (v != null) {
      verdict = Verdict.VIOLATION;
    } else if (exitCode >= 10 && exitCode <= 14) {
      verdict = Verdict.VIOLATION;
      ViolationKind k = switch (exitCode) {
        case 10 -> ViolationKind.ASSUMPTION;
        case 11 -> ViolationKind.DEADLOCK;
        case 13 -> ViolationKind.TEMPORAL;
        case 14 -> ViolationKind.ASSERTION;
        default -> ViolationKind.INVARIANT;
      };
      v = new Violation(k, null, "TLC exit code " + exitCode + " (violation not reported in tool output)");
    } else if (timedOut || interrupted) {
      if (simulation && timedOut && errors.isEmpty()) {
        return new TlcResult(Verdict.PASS, null, List.of(), figs, null, null, exitCode, true, true, pid, output, command);
      }
      verdict = Verdict.TIMEOUT;
      error = interrupted ? "interrupted; TLC was stopped" : "time limit of " + human(wall) + " reached; TLC was stopped";
    } else if (exitCode == 0 && errors.isEmpty() && (finished || success)) {
      verdict = Verdict.PASS;
    } else {
      verdict = Verdict.TLC_ERROR;
      List<String> all = new ArrayList<>(errors);
      if (all.isEmpty()) {
        all.addAll(untaggedAfterSany.subList(0, Math.min(5, untaggedAfterSany.size())));
      }
      if (nestedLocation != null) {
        all.add("at " + nestedLocation);
      }
      error = (all.isEmpty() ? "TLC stopped without a verdict" : String.join(" ", all))
          + " (TLC exit code " + exitCode + ")";
    }
    return new TlcResult(verdict, v, ce, figs, parseError, error, exitCode, simulation, false, pid, output, command);
  }

  private SpecParseError relocate(SpecParseError e, @Nullable String sourceDir) {
    String f = e.file();
    if (sourceDir == null || f == null) {
      return e;
    }
    String dir = specDir.toString();
    if (f.startsWith(dir)) {
      f = sourceDir + f.substring(dir.length());
    }
    return new SpecParseError(f, e.line(), e.column(), e.message(), e.rawText());
  }

  static String human(Duration d) {
    long s = d.toSeconds();
    if (s < 60) {
      return d.toMillis() < 10_000 ? String.format("%.1fs", d.toMillis() / 1000.0) : s + "s";
    }
    if (s < 3600) {
      return String.format("%dmin %02ds", s / 60, s % 60);
    }
    return String.format("%dh %02dmin", s / 3600, (s % 3600) / 60);
  }

  private static @Nullable String group(Pattern p, String s) {
    Matcher m = p.matcher(s);
    return m.find() ? m.group(1) : null;
  }

  private static long num(@Nullable String s) {
    if (s == null) {
      return -1;
    }
    try {
      return Long.parseLong(s.replace(",", ""));
    } catch (NumberFormatException e) {
      return -1;
    }
  }
}
