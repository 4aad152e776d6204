package dev.raftproof.validate;

import dev.raftproof.trace.LoggedEvent;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * A self-contained HTML page (inline CSS, JS and SVG; nothing fetched) for a rejected trace: a space-time diagram
 * of the nodes (one vertical line each) and their messages (send event to receive event) up to the failing event,
 * which is drawn in red; clicking an event (or opening the page with {@code #event=N}) shows that node's logged
 * state after it, and for the failing event the spec's state before it and why no step matched. The failing event
 * is selected when the page opens.
 */
public final class HtmlReport {
  private static final ObjectMapper JSON = new ObjectMapper();
  static final int COL = 160;
  static final int ROW = 28;
  static final int TOP = 50;

  private HtmlReport() {}

  public static String render(String name, ValidationResult r) {
    List<LoggedEvent> events = r.trace().events();
    Failure f = r.failure();
    int last = f == null ? events.size() : Math.min(events.size(), f.index());
    List<String> nodes = r.trace().servers();
    int width = 60 + COL * nodes.size();
    int height = TOP + ROW * (last + 1);
    StringBuilder svg = new StringBuilder();
    svg.append("<svg id=\"diagram\" xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(width)
        .append("\" height=\"").append(height).append("\">\n");
    svg.append("<defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"6\" "
        + "markerHeight=\"6\" orient=\"auto-start-reverse\"><path d=\"M 0 0 L 10 5 L 0 10 z\"/></marker></defs>\n");
    for (int n = 0; n < nodes.size(); n++) {
      int x = x(n);
      svg.append("<text class=\"node\" x=\"").append(x).append("\" y=\"25\">").append(esc(nodes.get(n)))
          .append("</text>\n");
      svg.append("<line class=\"life\" x1=\"").append(x).append("\" y1=\"32\" x2=\"").append(x).append("\" y2=\"")
          .append(height).append("\"/>\n");
    }
    // messages: from the first earlier event that sent an equal message to the receiving event
    Map<String, Integer> sentAt = new HashMap<>();
    for (int i = 0; i < last; i++) {
      LoggedEvent e = events.get(i);
      ObjectNode recv = e.recv();
      if (recv != null) {
        Integer from = sentAt.get(recv.toString());
        if (from != null) {
          LoggedEvent s = events.get(from);
          svg.append("<line class=\"msg\" x1=\"").append(x(nodes.indexOf(s.node()))).append("\" y1=\"")
              .append(y(from)).append("\" x2=\"").append(x(nodes.indexOf(e.node()))).append("\" y2=\"").append(y(i))
              .append("\" marker-end=\"url(#arrow)\"><title>").append(esc(recv.path("mtype").asText()))
              .append("</title></line>\n");
        }
      }
      for (ObjectNode m : e.sent()) {
        sentAt.putIfAbsent(m.toString(), i);
      }
    }
    for (int i = 0; i < last; i++) {
      LoggedEvent e = events.get(i);
      boolean failing = f != null && i == f.index() - 1;
      int x = x(nodes.indexOf(e.node()));
      svg.append("<g class=\"ev").append(failing ? " failing" : "").append("\" data-i=\"").append(i)
          .append("\"><circle cx=\"").append(x).append("\" cy=\"").append(y(i)).append("\" r=\"7\"/>")
          .append("<text x=\"").append(x + 12).append("\" y=\"").append(y(i) + 4).append("\">")
          .append(i + 1).append(' ').append(esc(e.action())).append("</text></g>\n");
    }
    svg.append("</svg>");

    ObjectNode data = JSON.createObjectNode();
    ArrayNode evs = data.putArray("events");
    for (int i = 0; i < last; i++) {
      LoggedEvent e = events.get(i);
      ObjectNode o = evs.addObject();
      o.put("index", i + 1).put("where", e.describe()).put("node", e.node()).put("action", e.action());
      o.set("params", e.params());
      ObjectNode recv = e.recv();
      o.set("recv", recv == null ? JSON.nullNode() : recv);
      ArrayNode sent = o.putArray("sent");
      e.sent().forEach(sent::add);
      o.set("state", e.state());
    }
    if (f != null) {
      ObjectNode fo = data.putObject("failure");
      fo.put("index", f.index());
      ArrayNode rs = fo.putArray("reasons");
      f.reasons().forEach(rs::add);
      SpecState before = f.before();
      LoggedEvent fe = f.event();
      if (before != null && fe != null) {
        ObjectNode b = fo.putObject("specBefore");
        for (Map.Entry<String, @Nullable Object> x : new NodeView(before, fe.node(), r.trace().initServers())
            .fields().entrySet()) {
          b.put(x.getKey(), x.getValue() == null ? "?" : TlaValue.plain(x.getValue()));
        }
      }
    }
    String json;
    try {
      json = JSON.writeValueAsString(data).replace("</", "<\\/");
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
    StringBuilder h = new StringBuilder();
    h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>raft validate: ")
        .append(esc(name)).append("</title>\n<style>\n").append(CSS).append("</style></head>\n<body>\n");
    h.append("<h1>").append(r.verdict()).append(": ").append(esc(name)).append("</h1>\n");
    if (f != null) {
      h.append("<div id=\"summary\"><p>Event ").append(f.index()).append(" of ").append(events.size())
          .append(" matches no spec step").append(f.event() == null ? "" : ": <b>" + esc(f.event().describe())
              + "</b>").append("</p><ul>");
      for (String w : f.reasons()) {
        h.append("<li>").append(esc(w)).append("</li>");
      }
      h.append("</ul></div>\n");
    }
    h.append("<div id=\"main\"><div id=\"left\">").append(svg).append("</div>\n<div id=\"panel\">"
        + "<p>Click an event to see the node's state after it.</p></div></div>\n");
    h.append("<script id=\"data\" type=\"application/json\">").append(json).append("</script>\n");
    h.append("<script>\n").append(JS).append("</script>\n</body></html>\n");
    return h.toString();
  }

  private static int x(int n) {
    return 50 + COL * Math.max(0, n);
  }

  private static int y(int i) {
    return TOP + ROW * (i + 1);
  }

  static String esc(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }

  private static final String CSS = """
      body { font-family: sans-serif; margin: 1em; }
      #main { display: flex; gap: 1em; align-items: flex-start; }
      #left { overflow: auto; max-height: 85vh; border: 1px solid #ccc; }
      #panel { flex: 1; font-family: monospace; font-size: 12px; white-space: pre-wrap; min-width: 30em; }
      .node { font-weight: bold; text-anchor: middle; }
      .life { stroke: #999; stroke-width: 1; }
      .msg { stroke: #36c; stroke-width: 1; fill: none; }
      marker path { fill: #36c; }
      .ev circle { fill: #fff; stroke: #333; stroke-width: 2; cursor: pointer; }
      .ev text { font-size: 11px; cursor: pointer; }
      .ev.failing circle { fill: #e33; stroke: #900; }
      .ev.failing text { fill: #900; font-weight: bold; }
      .ev.selected circle { stroke: #fa0; stroke-width: 4; }
      #summary { background: #fee; border: 1px solid #e99; padding: 0.5em; }
      """;

  private static final String JS = """
      const data = JSON.parse(document.getElementById('data').textContent);
      const panel = document.getElementById('panel');
      function show(i) {
        const e = data.events[i];
        document.querySelectorAll('.ev').forEach(g => g.classList.toggle('selected', g.dataset.i == i));
        let t = 'Event ' + e.index + ': ' + e.where + '\\n\\nparams: ' + JSON.stringify(e.params)
          + '\\nrecv: ' + JSON.stringify(e.recv) + '\\nsent: ' + JSON.stringify(e.sent, null, 1)
          + '\\n\\nlogged state of ' + e.node + ' after it:\\n' + JSON.stringify(e.state, null, 2);
        if (data.failure && data.failure.index === e.index) {
          t += '\\n\\nNO SPEC STEP MATCHES THIS EVENT:\\n - ' + data.failure.reasons.join('\\n - ');
          if (data.failure.specBefore) {
            t += '\\n\\nspec state of ' + e.node + ' before it:\\n' + JSON.stringify(data.failure.specBefore, null, 2);
          }
        }
        panel.textContent = t;
      }
      document.querySelectorAll('.ev').forEach(g => g.addEventListener('click', () => {
        history.replaceState(null, '', '#event=' + (+g.dataset.i + 1));
        show(+g.dataset.i);
      }));
      // #event=N in the address selects event N (a link to one step); else the failing event is selected
      const wanted = location.hash.match(/^#event=(\\d+)$/);
      if (wanted && +wanted[1] >= 1 && +wanted[1] <= data.events.length) { show(+wanted[1] - 1); }
      else if (data.failure) { show(data.failure.index - 1); }
      """;
}
