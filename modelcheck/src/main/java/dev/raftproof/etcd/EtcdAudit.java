package dev.raftproof.etcd;

import dev.raftproof.trace.TraceFormatException;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.raftproof.validate.Coverage;
import dev.raftproof.validate.Failure;
import dev.raftproof.trace.LoggedEvent;
import dev.raftproof.validate.TextReport;
import dev.raftproof.trace.TraceFile;
import dev.raftproof.validate.TraceValidator;
import dev.raftproof.validate.ValidationResult;
import dev.raftproof.validate.Verdict;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * {@code raft validate --format etcd-raft FILE}: reads etcd/raft's trace, translates it ({@link EtcdTranslator}),
 * validates it with TLC ({@link EtcdValidator}) and prints the verdict, the differences met and the spec coverage.
 * With {@code --differences} it runs the acceptance loop: validate with Raft.tla's rules only, and at each rejection
 * switch on the relaxation that models the difference found, until the trace is accepted or a rejection no modelled
 * difference explains.
 */
public final class EtcdAudit {
  private final EtcdValidator validator;

  public EtcdAudit(EtcdValidator validator) {
    this.validator = validator;
  }

  /** What a run found; exit code as everywhere (0 pass, 1 rejected or stopped at an unmodelled difference). */
  public record Outcome(int exit, EtcdTranslator.Translation translation, @Nullable ValidationResult result,
      List<String> loop) {}

  public static Set<String> parseRelax(String spec) {
    Set<String> all = new LinkedHashSet<>();
    EtcdDifference.relaxations().forEach(d -> all.add(d.relaxation()));
    if (spec.equals("all")) {
      return all;
    }
    if (spec.equals("none") || spec.isEmpty()) {
      return Set.of();
    }
    Set<String> out = new LinkedHashSet<>();
    for (String s : spec.split(",")) {
      String x = s.trim();
      if (!all.contains(x)) {
        throw new IllegalArgumentException("unknown relaxation \"" + x + "\" (known: " + String.join(", ", all)
            + ", or all, none)");
      }
      out.add(x);
    }
    return out;
  }

  public Outcome audit(Path file, Set<String> relax, boolean differences, TraceValidator.Options o,
      @Nullable Path coverage, PrintWriter out) throws IOException, TraceFormatException {
    List<EtcdEvent> events = EtcdTraceReader.read(file);
    EtcdTranslator.Translation t = EtcdTranslator.translate(file.toString(), events);
    header(file, events, t, out);
    List<String> loop = new ArrayList<>();
    ValidationResult r;
    if (differences) {
      r = loop(t, o, out, loop);
    } else {
      out.println("relaxations on: " + (relax.isEmpty() ? "none (Raft.tla's rules only)" : String.join(", ", relax)));
      r = validator.validate(t, relax, o);
      out.print(TextReport.of(file.toString(), r));
      Failure f = r.failure();
      if (f != null) {
        explain(f, t, out);
      }
    }
    differencesMet(t, out);
    int exit = r.verdict().exitCode();
    EtcdTranslator.Stop stop = t.stop();
    if (stop != null) {
      out.println("STOPPED at etcd line " + stop.line() + " (" + stop.event() + "): outside Raft.tla and not "
          + "modelled: " + stop.reason());
      out.println("  the " + t.trace().events().size() + " spec steps before it are what was validated");
      exit = Math.max(exit, 1);
    }
    Coverage cov = new Coverage();
    cov.add(coverageView(r));
    out.print(cov.table());
    if (coverage != null) {
      Files.writeString(coverage, cov.tsv(), StandardCharsets.UTF_8);
      out.println("coverage written to " + coverage);
    }
    return new Outcome(exit, t, r, loop);
  }

  private static void header(Path file, List<EtcdEvent> events, EtcdTranslator.Translation t, PrintWriter out) {
    TraceFile tr = t.trace();
    out.printf("etcd/raft trace %s: %d events, servers %s, initial voters %s%n", file, events.size(),
        tr.servers(), tr.initServers());
    out.printf("  bootstrap: servers %s start with %d config entries in term %d, committed%n", t.boot(),
        t.bootLog().size(), t.bootTerm());
    out.printf("  translated into %d spec steps:", tr.events().size());
    for (Map.Entry<String, Integer> a : EtcdTranslator.actionCounts(tr).entrySet()) {
      out.printf(" %s %d,", a.getKey(), a.getValue());
    }
    out.println();
  }

  /** The acceptance loop: strict first, then one relaxation per difference found. */
  private ValidationResult loop(EtcdTranslator.Translation t, TraceValidator.Options o, PrintWriter out,
      List<String> loop) {
    Set<String> relax = new LinkedHashSet<>();
    int round = 1;
    while (true) {
      ValidationResult r = validator.validate(t, relax, o);
      String on = relax.isEmpty() ? "none" : String.join(", ", relax);
      if (r.verdict() != Verdict.REJECTED) {
        String s = String.format("round %d (relaxations: %s): %s, %d of %d steps matched, TLC %.1f s", round, on,
            r.verdict(), r.matched(), t.trace().events().size(), r.tlcTime().toMillis() / 1000.0);
        out.println(s);
        loop.add(s);
        out.print(TextReport.of(t.trace().name(), r));
        return r;
      }
      Failure f = r.failure();
      LoggedEvent e = f == null ? null : f.event();
      String s = String.format("round %d (relaxations: %s): REJECTED at step %d = etcd line %d %s at node %s "
              + "(TLC %.1f s)", round, on, r.matched() + 1, e == null ? 0 : e.line(), e == null ? "?" : e.action(),
          e == null ? "?" : e.node(), r.tlcTime().toMillis() / 1000.0);
      out.println(s);
      loop.add(s);
      if (f != null) {
        for (String w : f.reasons()) {
          out.println("    why: " + w);
        }
      }
      String found = null;
      for (String c : candidates(e == null ? "" : e.action())) {
        if (relax.contains(c)) {
          continue;
        }
        Set<String> tryRelax = new LinkedHashSet<>(relax);
        tryRelax.add(c);
        ValidationResult r2 = validator.validate(t, tryRelax, o);
        if (r2.verdict() == Verdict.PASS || r2.matched() > r.matched()) {
          found = c;
          break;
        }
      }
      if (found == null) {
        String s2 = "    no modelled difference explains it: this is where the audit stops";
        out.println(s2);
        loop.add(s2);
        out.print(TextReport.of(t.trace().name(), r));
        return r;
      }
      EtcdDifference d = byRelaxation(found);
      String s2 = "    difference: " + found + " (stricter: " + d.stricter() + ") — " + d.text();
      out.println(s2);
      loop.add(s2);
      relax.add(found);
      round++;
    }
  }

  /** The relaxations that change the step an event of this action takes. */
  static List<String> specific(String action) {
    List<String> c = new ArrayList<>();
    switch (action) {
      case "EtcdCampaign" -> c.add("campaign-without-prevote");
      case "EtcdAddProgress" -> c.add("progress-of-added-server");
      case "EtcdHeartbeat" -> {
        c.add("heartbeat");
        c.add("append-to-unapplied-removal");
      }
      case "EtcdHandleHeartbeat", "EtcdHandleHeartbeatResponse" -> c.add("heartbeat");
      case "AppendEntries" -> {
        c.add("append-to-unapplied-removal");
        c.add("probe-resend");
        c.add("progress-of-added-server");
      }
      case "AdvanceCommitIndex" -> {
        c.add("quorum-of-applied-config");
        c.add("commit-not-max");
      }
      default -> { }
    }
    return c;
  }

  static List<String> candidates(String action) {
    List<String> c = specific(action);
    for (EtcdDifference d : EtcdDifference.relaxations()) {
      if (!c.contains(d.relaxation())) {
        c.add(d.relaxation());
      }
    }
    return c;
  }

  static EtcdDifference byRelaxation(String r) {
    for (EtcdDifference d : EtcdDifference.relaxations()) {
      if (d.relaxation().equals(r)) {
        return d;
      }
    }
    throw new IllegalArgumentException(r);
  }

  /** For a rejected event: which etcd event it came from, and the catalogue entry if its step is etcd-only. */
  private static void explain(Failure f, EtcdTranslator.Translation t, PrintWriter out) {
    LoggedEvent e = f.event();
    if (e == null) {
      return;
    }
    out.println("  etcd event: line " + e.line() + " of " + t.trace().name() + " (node " + e.node() + ")");
    List<String> c = specific(e.action());
    if (!c.isEmpty()) {
      out.println("  modelled differences that may explain it (switch on with --relax): " + String.join(", ", c));
    }
  }

  private static void differencesMet(EtcdTranslator.Translation t, PrintWriter out) {
    out.println("differences between etcd/raft and Raft.tla met by the importer (first etcd line, events):");
    for (Map.Entry<EtcdDifference, EtcdTranslator.Seen> d : t.seen().entrySet()) {
      out.printf("  %-28s %-10s line %5d, %5d events   stricter: %s%n", d.getKey().relaxation(),
          d.getKey().kind().name().toLowerCase(java.util.Locale.ROOT), d.getValue().firstLine(), d.getValue().count(),
          d.getKey().stricter());
    }
  }

  /** Coverage reads entry counts from mentries: give AppendEntries events placeholders of the logged count. */
  static ValidationResult coverageView(ValidationResult r) {
    List<LoggedEvent> evs = new ArrayList<>();
    for (LoggedEvent e : r.trace().events()) {
      if (e.action().equals("AppendEntries") && !e.sent().isEmpty() && e.params().has("entries")) {
        ObjectNode m = e.sent().get(0).deepCopy();
        var arr = m.putArray("mentries");
        for (int k = 0; k < e.params().path("entries").asInt(); k++) {
          arr.add(JsonNodeFactory.instance.objectNode());
        }
        evs.add(new LoggedEvent(e.file(), e.line(), e.seq(), e.node(), e.action(), e.clock(), e.params(), e.recv(),
            List.of(m), e.state()));
      } else if (e.action().equals("HandleAppendEntriesRequest") && e.params().has("entries")
          && e.recv() != null) {
        ObjectNode m = recvOf(e).deepCopy();
        var arr = m.putArray("mentries");
        for (int k = 0; k < e.params().path("entries").asInt(); k++) {
          arr.add(JsonNodeFactory.instance.objectNode());
        }
        evs.add(new LoggedEvent(e.file(), e.line(), e.seq(), e.node(), e.action(), e.clock(), e.params(), m,
            e.sent(), e.state()));
      } else {
        evs.add(e);
      }
    }
    TraceFile t = r.trace();
    return new ValidationResult(new TraceFile(t.name(), t.servers(), t.initServers(), t.node(), evs), r.verdict(),
        r.matched(), r.failure(), r.behaviour(), r.freeFields(), r.tlcTime(), r.message());
  }

  private static ObjectNode recvOf(LoggedEvent e) {
    ObjectNode r = e.recv();
    return r == null ? JsonNodeFactory.instance.objectNode() : r;
  }

  static Set<String> sortedSet(Set<String> s) {
    return new TreeSet<>(s);
  }
}
