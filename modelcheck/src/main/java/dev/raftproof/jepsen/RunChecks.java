package dev.raftproof.jepsen;

import dev.raftproof.lin.BadHistoryException;
import dev.raftproof.lin.CheckResult;
import dev.raftproof.lin.Explanation;
import dev.raftproof.lin.History;
import dev.raftproof.lin.HistoryFormat;
import dev.raftproof.lin.HistoryReader;
import dev.raftproof.lin.HtmlReport;
import dev.raftproof.lin.LinearizabilityChecker;
import dev.raftproof.lin.Model;
import dev.raftproof.lin.Models;
import dev.raftproof.lin.Operation;
import dev.raftproof.lin.PartitionResult;
import dev.raftproof.lin.Verdict;
import dev.raftproof.safety.Violation;
import dev.raftproof.trace.LoggedEvent;
import dev.raftproof.trace.TraceFile;
import dev.raftproof.trace.TraceFormatException;
import dev.raftproof.validate.SafetyCheck;
import dev.raftproof.validate.TextReport;
import dev.raftproof.validate.TraceInputs;
import dev.raftproof.validate.TraceMerger;
import dev.raftproof.validate.TraceValidator;
import dev.raftproof.validate.ValidationResult;
import dev.raftproof.validate.ValidationSpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The end-of-run checks, each turning its tool's answer into a {@link CheckOutcome}. */
final class RunChecks {
  private RunChecks() {}

  /** (1) The history with the project's checker, {@code kv} model (split by key), absent keys read as "absent". */
  static CheckOutcome linearizable(Path historyFile, Duration limit, Path artifacts) {
    long t0 = System.nanoTime();
    try {
      History h = HistoryReader.read(historyFile, HistoryFormat.EDN);
      List<Operation> ops = Operation.complete(h);
      Model m = Models.create("kv", "\"" + Workload.ABSENT + "\"");
      LinearizabilityChecker.Options o = LinearizabilityChecker.Options.defaults();
      o.timeLimitNanos = limit.toNanos();
      CheckResult r = LinearizabilityChecker.check(m, ops, o, null);
      long ms = (System.nanoTime() - t0) / 1_000_000;
      String head = r.ops() + " ops, " + r.partitions().size() + " keys, " + ms + " ms";
      if (r.verdict() == Verdict.VALID) {
        return new CheckOutcome(Check.LINEARIZABLE, CheckOutcome.Status.PASS, head, ms);
      }
      if (r.verdict() == Verdict.UNKNOWN) {
        return new CheckOutcome(Check.LINEARIZABLE, CheckOutcome.Status.UNKNOWN, head + ": " + r.reason(), ms);
      }
      StringBuilder b = new StringBuilder(head).append(": NOT linearizable");
      for (PartitionResult p : r.invalidPartitions()) {
        b.append("\n    ").append(p.label()).append(":\n");
        Explanation ex = p.explanation();
        if (ex != null) {
          b.append(ex.describe("      "));
        }
      }
      Files.writeString(artifacts.resolve("linearizability.html"), HtmlReport.render(historyFile.toString(), m, r),
          StandardCharsets.UTF_8);
      b.append("\n    HTML: ").append(artifacts.resolve("linearizability.html"));
      return new CheckOutcome(Check.LINEARIZABLE, CheckOutcome.Status.FAIL, b.toString(), ms);
    } catch (BadHistoryException | IOException | RuntimeException e) {
      long ms = (System.nanoTime() - t0) / 1_000_000;
      return new CheckOutcome(Check.LINEARIZABLE, CheckOutcome.Status.UNKNOWN, "could not check: " + e, ms);
    }
  }

  /**
   * (2) Every acknowledged write is in the final state: per key, the final (linearizable) read must be the value
   * of the last acknowledged write L, of an acknowledged write that completed after L was invoked (concurrent with
   * L), or of a write whose outcome is unknown (it may take effect at any time after its invocation). A key with no
   * acknowledged write may also be absent.
   */
  static CheckOutcome ackedWrites(List<Workload.Write> writes, Map<String, String> finals, Set<String> unread) {
    Map<String, List<Workload.Write>> byKey = new HashMap<>();
    for (Workload.Write w : writes) {
      byKey.computeIfAbsent(w.key(), k -> new ArrayList<>()).add(w);
    }
    List<String> lost = new ArrayList<>();
    int acked = 0;
    for (Map.Entry<String, String> e : finals.entrySet()) {
      List<Workload.Write> ws = byKey.getOrDefault(e.getKey(), List.of());
      Workload.Write last = null;
      for (Workload.Write w : ws) {
        if (w.outcome() == ClientOutcome.OK) {
          acked++;
          if (last == null || w.completeNanos() > last.completeNanos()) {
            last = w;
          }
        }
      }
      Set<String> allowed = new LinkedHashSet<>();
      if (last == null) {
        allowed.add(Workload.ABSENT);
      } else {
        allowed.add(last.value());
      }
      for (Workload.Write w : ws) {
        if (w.outcome() == ClientOutcome.INFO
            || (w.outcome() == ClientOutcome.OK && last != null && w.completeNanos() > last.invokeNanos())) {
          allowed.add(w.value());
        }
      }
      if (!allowed.contains(e.getValue())) {
        lost.add("key " + e.getKey() + ": final value " + e.getValue() + ", expected one of " + allowed
            + (last == null ? "" : " (last acknowledged write: " + last.value() + ")"));
      }
    }
    String head = finals.size() + " keys read at the end, " + acked + " acknowledged writes";
    if (!lost.isEmpty()) {
      return new CheckOutcome(Check.ACKED_WRITES_PRESENT, CheckOutcome.Status.FAIL,
          head + ": " + lost.size() + " key(s) lost an acknowledged write:\n    " + String.join("\n    ", lost), 0);
    }
    if (!unread.isEmpty()) {
      return new CheckOutcome(Check.ACKED_WRITES_PRESENT, CheckOutcome.Status.UNKNOWN,
          head + "; no final read succeeded for " + unread, 0);
    }
    return new CheckOutcome(Check.ACKED_WRITES_PRESENT, CheckOutcome.Status.PASS, head, 0);
  }

  /** (3) and (4): traces merged and validated with TLC, and the five properties on them; plus event counts. */
  record TraceOutcomes(CheckOutcome valid, CheckOutcome safety, long events, int elections, int leaders) {}

  static TraceOutcomes traces(Path traceDir, Duration limit, Path artifacts) {
    long t0 = System.nanoTime();
    TraceFile merged;
    try {
      List<TraceInputs.Input> in = TraceInputs.group(List.of(traceDir));
      if (in.size() != 1) {
        throw new IOException("expected one group of per-node traces in " + traceDir + ", got " + in.size());
      }
      merged = TraceMerger.merge(in.get(0).files());
    } catch (TraceMerger.ImpossibleOrderException e) {
      long ms = ms(t0);
      CheckOutcome bad = new CheckOutcome(Check.TRACE_VALID, CheckOutcome.Status.FAIL,
          "the per-node traces have no possible order: " + e.getMessage(), ms);
      return new TraceOutcomes(bad, skipped(Check.TRACE_SAFETY, "no merged trace"), -1, -1, -1);
    } catch (IOException | TraceFormatException | RuntimeException e) {
      long ms = ms(t0);
      return new TraceOutcomes(new CheckOutcome(Check.TRACE_VALID, CheckOutcome.Status.UNKNOWN,
          "could not read the traces: " + e.getMessage(), ms), skipped(Check.TRACE_SAFETY, "no merged trace"), -1,
          -1, -1);
    }
    int elections = 0;
    int leaders = 0;
    for (LoggedEvent e : merged.events()) {
      switch (e.action()) {
        case "BecomeCandidate", "HandleTimeoutNow" -> elections++;
        case "BecomeLeader" -> leaders++;
        default -> { }
      }
    }
    long events = merged.events().size();
    long t1 = System.nanoTime();
    CheckOutcome safety;
    try {
      List<Violation> v = SafetyCheck.check(merged);
      safety = v.isEmpty()
          ? new CheckOutcome(Check.TRACE_SAFETY, CheckOutcome.Status.PASS, "the five properties hold on " + events
              + " events", ms(t1))
          : new CheckOutcome(Check.TRACE_SAFETY, CheckOutcome.Status.FAIL, v.size() + " violation(s): "
              + v.stream().limit(5).map(Object::toString).toList(), ms(t1));
    } catch (TraceFormatException | RuntimeException e) {
      safety = new CheckOutcome(Check.TRACE_SAFETY, CheckOutcome.Status.UNKNOWN, "could not check: " + e, ms(t1));
    }
    long t2 = System.nanoTime();
    CheckOutcome valid;
    try {
      TraceValidator.Options opts = TraceValidator.Options.of(ValidationSpec.embedded()).withTimeLimit(limit);
      ValidationResult r = new TraceValidator().validate(merged, opts);
      String text = TextReport.of("traces", r).strip();
      Files.writeString(artifacts.resolve("trace-validation.txt"), text + "\n", StandardCharsets.UTF_8);
      valid = switch (r.verdict()) {
        case PASS -> new CheckOutcome(Check.TRACE_VALID, CheckOutcome.Status.PASS, events + " events accepted by "
            + "TLC", ms(t2));
        case REJECTED -> new CheckOutcome(Check.TRACE_VALID, CheckOutcome.Status.FAIL, text, ms(t2));
        default -> new CheckOutcome(Check.TRACE_VALID, CheckOutcome.Status.UNKNOWN, text, ms(t2));
      };
    } catch (IOException | RuntimeException e) {
      valid = new CheckOutcome(Check.TRACE_VALID, CheckOutcome.Status.UNKNOWN, "could not validate: " + e, ms(t2));
    }
    return new TraceOutcomes(valid, safety, events, elections, leaders);
  }

  static CheckOutcome skipped(Check c, String why) {
    return new CheckOutcome(c, CheckOutcome.Status.SKIPPED, why, 0);
  }

  private static long ms(long t0) {
    return (System.nanoTime() - t0) / 1_000_000;
  }
}
