package dev.raftproof.lin;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * A self-contained HTML page (inline CSS, inline SVG and JS, no network) drawing a checked history like Porcupine's
 * visualizer: one row per process, one bar per operation from its invoke to its completion (pending ops run to the
 * right edge, dashed). For an invalid partition the longest linearizable prefix is shown: linearized ops are green
 * and numbered in linearization order, the op that cannot be linearized is red, the other ops that could not be
 * placed next are orange; a line marks where the prefix ends. Click an op for its details.
 */
public final class HtmlReport {
  private HtmlReport() {}

  private static final int MAX_PARTITIONS_DRAWN = 50;

  public static String render(String source, Model model, CheckResult result) {
    StringBuilder sb = new StringBuilder(64 * 1024);
    sb.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n<title>lin-check: ")
        .append(esc(source)).append("</title>\n<style>\n")
        .append("body{font:14px system-ui,sans-serif;margin:1.5em;color:#222}")
        .append("h1{font-size:1.3em}h2{font-size:1.1em;margin-top:2em}")
        .append(".VALID{color:#1a7f37}.INVALID{color:#c62828}.UNKNOWN{color:#b26a00}")
        .append("pre{background:#f6f8fa;padding:.8em;overflow:auto;font-size:12px}")
        .append(".wrap{overflow-x:auto;border:1px solid #ddd}")
        .append("rect.op{stroke:#555;stroke-width:.6;cursor:pointer}rect.op:hover{stroke:#000;stroke-width:2}")
        .append("rect.lin{fill:#a5d6a7}rect.blocked{fill:#ef5350}rect.stuck{fill:#ffb74d}")
        .append("rect.other{fill:#e0e0e0}rect.pending{stroke-dasharray:4 2}")
        .append("text{font:11px monospace;pointer-events:none}text.proc{font-weight:bold}")
        .append("line.cut{stroke:#c62828;stroke-width:1.5;stroke-dasharray:6 3}")
        .append("#details{position:sticky;bottom:0;background:#fffde7;border:1px solid #ccc;padding:.5em;")
        .append("min-height:2.5em;font:12px monospace;white-space:pre-wrap}")
        .append(".legend span{display:inline-block;padding:0 .6em;margin-right:.5em;border:1px solid #999}")
        .append("\n</style></head><body>\n");
    sb.append("<h1>").append(esc(source)).append(": <span class=\"").append(result.verdict()).append("\">")
        .append(result.verdict()).append("</span></h1>\n");
    sb.append("<p>model <code>").append(esc(model.name())).append("</code>, ").append(result.ops())
        .append(" operations, ").append(result.partitions().size()).append(" partition(s) checked, ")
        .append(String.format(java.util.Locale.ROOT, "%.1f ms", result.elapsedNanos() / 1e6));
    if (!result.reason().isEmpty()) {
      sb.append(", ").append(esc(result.reason()));
    }
    sb.append("</p>\n<p class=\"legend\"><span style=\"background:#a5d6a7\">linearized (order)</span>")
        .append("<span style=\"background:#ef5350\">cannot be linearized</span>")
        .append("<span style=\"background:#ffb74d\">could not be placed next</span>")
        .append("<span style=\"background:#e0e0e0\">not reached</span>")
        .append("<span style=\"border-style:dashed\">pending (:info)</span></p>\n");
    List<PartitionResult> shown = new ArrayList<>(result.invalidPartitions());
    for (PartitionResult p : result.partitions()) {
      if (p.verdict() != Verdict.INVALID) {
        shown.add(p);
      }
    }
    int drawn = 0;
    int pid = 0;
    for (PartitionResult p : shown) {
      if (drawn++ >= MAX_PARTITIONS_DRAWN) {
        sb.append("<p>(").append(shown.size() - MAX_PARTITIONS_DRAWN).append(" more partitions not drawn)</p>\n");
        break;
      }
      partition(sb, model, p, pid++);
    }
    sb.append("<div id=\"details\">click an operation for details</div>\n");
    sb.append("<script>\n(function(){var d=document.getElementById('details');")
        .append("document.querySelectorAll('rect.op').forEach(function(r){r.addEventListener('click',function(){")
        .append("d.textContent=r.getAttribute('data-info');});});})();\n</script>\n</body></html>\n");
    return sb.toString();
  }

  private static void partition(StringBuilder sb, Model model, PartitionResult p, int pid) {
    sb.append("<h2>").append(esc(p.label())).append(": <span class=\"").append(p.verdict()).append("\">")
        .append(p.verdict()).append("</span> (").append(p.ops().size()).append(" ops)</h2>\n");
    Explanation ex = p.explanation();
    Map<Operation, Integer> order = new HashMap<>();
    Map<Operation, String> stuckWhy = new HashMap<>();
    if (ex != null) {
      for (int i = 0; i < ex.linearized().size(); i++) {
        order.put(ex.linearized().get(i), i + 1);
      }
      for (int i = 0; i < ex.stuck().size(); i++) {
        stuckWhy.put(ex.stuck().get(i), ex.reasons().get(i));
      }
      sb.append("<pre>").append(esc(ex.describe(""))).append("</pre>\n");
    } else if (!p.reason().isEmpty()) {
      sb.append("<p>").append(esc(p.reason())).append("</p>\n");
    }
    // dense time axis over this partition's events
    TreeSet<Integer> times = new TreeSet<>();
    for (Operation op : p.ops()) {
      times.add(op.call());
      if (!op.pending()) {
        times.add(op.ret());
      }
    }
    if (ex != null) {
      times.add(ex.prefixEnd());
    }
    Map<Integer, Integer> rank = new HashMap<>();
    for (int t : times) {
      rank.put(t, rank.size());
    }
    int slots = rank.size() + 1;
    TreeMap<String, List<Operation>> byProc = new TreeMap<>((a, b) -> {
      try {
        return Long.compare(Long.parseLong(a), Long.parseLong(b));
      } catch (NumberFormatException e) {
        return a.compareTo(b);
      }
    });
    for (Operation op : p.ops()) {
      byProc.computeIfAbsent(Edn.write(op.process()), k -> new ArrayList<>()).add(op);
    }
    int step = Math.max(6, Math.min(40, 1400 / Math.max(1, slots)));
    int left = 60;
    int rowH = 26;
    int width = left + slots * step + 20;
    int height = byProc.size() * rowH + 30;
    sb.append("<div class=\"wrap\"><svg id=\"p").append(pid).append("\" width=\"").append(width)
        .append("\" height=\"").append(height).append("\">\n");
    int row = 0;
    for (Map.Entry<String, List<Operation>> e : byProc.entrySet()) {
      int y = 10 + row * rowH;
      sb.append("<text class=\"proc\" x=\"4\" y=\"").append(y + 15).append("\">").append(esc(e.getKey()))
          .append("</text>\n");
      for (Operation op : e.getValue()) {
        int x0 = left + rank.getOrDefault(op.call(), 0) * step;
        int x1 = op.pending() ? left + slots * step : left + rank.getOrDefault(op.ret(), 0) * step;
        int w = Math.max(3, x1 - x0);
        String cls;
        Integer ord = order.get(op);
        if (ex != null && op.equals(ex.blocked())) {
          cls = "blocked";
        } else if (ord != null) {
          cls = "lin";
        } else if (stuckWhy.containsKey(op)) {
          cls = "stuck";
        } else {
          cls = ex == null && p.verdict() == Verdict.VALID ? "lin" : "other";
        }
        String label = (ord != null ? ord + ". " : "") + op.f() + " " + Edn.write(op.value());
        String info = op + "\ninvoked at event #" + op.call() + (op.pending() ? ", never completed (pending)"
            : ", completed at event #" + op.ret()) + (ord != null ? "\nlinearized as #" + ord : "");
        String why = stuckWhy.get(op);
        if (why != null) {
          info += "\nnot linearizable next: " + why;
        }
        sb.append("<rect class=\"op ").append(cls).append(op.pending() ? " pending" : "").append("\" x=\"")
            .append(x0).append("\" y=\"").append(y).append("\" width=\"").append(w).append("\" height=\"")
            .append(rowH - 6).append("\" data-info=\"").append(esc(info)).append("\"><title>").append(esc(info))
            .append("</title></rect>");
        int maxChars = Math.max(0, w / 7);
        if (maxChars >= 2) {
          String l = label.length() > maxChars ? label.substring(0, maxChars - 1) + "…" : label;
          sb.append("<text x=\"").append(x0 + 3).append("\" y=\"").append(y + 14).append("\">").append(esc(l))
              .append("</text>");
        }
        sb.append('\n');
      }
      row++;
    }
    if (ex != null) {
      int xc = left + rank.getOrDefault(ex.prefixEnd(), 0) * step + step / 2;
      sb.append("<line class=\"cut\" x1=\"").append(xc).append("\" y1=\"0\" x2=\"").append(xc).append("\" y2=\"")
          .append(height).append("\"><title>end of the longest linearizable prefix</title></line>\n");
    }
    sb.append("</svg></div>\n");
  }

  static String esc(@Nullable String s) {
    if (s == null) {
      return "";
    }
    StringBuilder b = new StringBuilder(s.length() + 16);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '&' -> b.append("&amp;");
        case '"' -> b.append("&quot;");
        case '\'' -> b.append("&#39;");
        case '\n' -> b.append("&#10;");
        default -> b.append(c);
      }
    }
    return b.toString();
  }
}
