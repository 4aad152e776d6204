package dev.raftproof.validate;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Logged JSON values in {@link TlaValue} form, with the same conventions as {@link TraceDataWriter} (sets where the
 * spec has sets, {@code Nil} for null), so that a logged field and a spec value can be compared with equals.
 */
public final class LoggedValues {
  static final TlaValue.ModelValue NIL = new TlaValue.ModelValue("Nil");

  private LoggedValues() {}

  /** A state field of §3. */
  public static Object stateField(String field, JsonNode v) {
    return switch (field) {
      case "log" -> entries(v);
      case "votesGranted" -> set(v);
      case "nextIndex", "matchIndex" -> map(v);
      case "pendingReads" -> {
        Set<Object> out = new LinkedHashSet<>();
        for (JsonNode r : v) {
          Map<Object, Object> m = new LinkedHashMap<>();
          m.put("id", r.path("id").asLong());
          m.put("index", r.path("index").asLong());
          m.put("acks", set(r.path("acks")));
          out.add(m);
        }
        yield out;
      }
      default -> value(v);
    };
  }

  /** A message of §3. */
  public static Map<Object, Object> message(JsonNode m) {
    Map<Object, Object> out = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = m.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> f = it.next();
      out.put(f.getKey(), f.getKey().equals("mentries") ? entries(f.getValue()) : value(f.getValue()));
    }
    return out;
  }

  static List<Object> entries(JsonNode arr) {
    List<Object> out = new ArrayList<>();
    for (JsonNode e : arr) {
      Map<Object, Object> m = new LinkedHashMap<>();
      m.put("term", e.path("term").asLong());
      m.put("type", e.path("type").asText());
      m.put("value", "config".equals(e.path("type").asText()) ? set(e.path("value")) : value(e.path("value")));
      out.add(m);
    }
    return out;
  }

  static Set<Object> set(JsonNode arr) {
    Set<Object> out = new LinkedHashSet<>();
    for (JsonNode x : arr) {
      out.add(value(x));
    }
    return out;
  }

  static Map<Object, Object> map(JsonNode o) {
    Map<Object, Object> out = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = o.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> f = it.next();
      out.put(f.getKey(), value(f.getValue()));
    }
    return out;
  }

  static Object value(JsonNode v) {
    if (v.isNull() || v.isMissingNode()) {
      return NIL;
    }
    if (v.isBoolean()) {
      return v.asBoolean();
    }
    if (v.isIntegralNumber()) {
      return v.asLong();
    }
    if (v.isArray()) {
      List<Object> out = new ArrayList<>();
      for (JsonNode x : v) {
        out.add(value(x));
      }
      return out;
    }
    if (v.isObject()) {
      return map(v);
    }
    return v.asText();
  }
}
