package dev.raftproof.validate;

import dev.raftproof.trace.LoggedEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Explains why event k matches no spec step, from the diagnosis run's states: those before the event and the
 * spec's possible results of the event's action (with its logged parameters, without the state match).
 * <ul>
 *   <li>no result: the action is not enabled; {@link GuardExplainer} says which condition fails;</li>
 *   <li>results: the one closest to the log is compared field by field, and with the logged sends.</li>
 * </ul>
 */
public final class Diagnosis {
  private Diagnosis() {}

  public static Failure explain(int k, LoggedEvent e, List<String> initServers, List<SpecState> before,
      List<SpecState> after) {
    if (before.isEmpty()) {
      return new Failure(k, e, List.of(e.action() + ": the spec cannot reach the state before this event "
          + "(diagnosis found no state at position " + k + ")"), "unknown", null);
    }
    SpecState pre = before.get(0);
    if (after.isEmpty()) {
      List<String> why = GuardExplainer.explain(e, pre, initServers);
      return new Failure(k, e, why, GuardExplainer.keyword(why), pre);
    }
    List<String> best = List.of();
    String bestKey = "";
    int bestScore = Integer.MAX_VALUE;
    for (SpecState post : after) {
      SpecState pred = predecessorOf(post, before);
      List<String> diffs = new ArrayList<>();
      List<String> keys = new ArrayList<>();
      compareState(e, post, pred, diffs, keys);
      compareSent(e, post, pred, diffs, keys);
      if (diffs.size() < bestScore) {
        bestScore = diffs.size();
        best = diffs;
        bestKey = keys.isEmpty() ? "unknown" : keys.get(0);
      }
    }
    if (best.isEmpty()) {
      best = List.of(e.action() + ": the spec's result agrees with every logged field, yet no step matched "
          + "(a free choice that only a different earlier choice allows?)");
      bestKey = "unknown";
    }
    return new Failure(k, e, best, bestKey, pre);
  }

  private static SpecState predecessorOf(SpecState post, List<SpecState> before) {
    // With several states before the event, pick the one whose messages are a subset of post's (the usual case of
    // a unique predecessor is unaffected).
    for (SpecState b : before) {
      if (b.vars().get("messages") instanceof Set<?> bm && post.vars().get("messages") instanceof Set<?> pm
          && pm.containsAll(bm)) {
        return b;
      }
    }
    return before.get(0);
  }

  private static void compareState(LoggedEvent e, SpecState post, SpecState pre, List<String> diffs,
      List<String> keys) {
    NodeView spec = new NodeView(post, e.node(), List.of());
    ObjectNode logged = e.state();
    for (Iterator<Map.Entry<String, JsonNode>> it = logged.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> f = it.next();
      String field = f.getKey();
      if ((field.equals("nextIndex") || field.equals("matchIndex")) && f.getValue().isEmpty()) {
        continue;
      }
      Object want = LoggedValues.stateField(field, f.getValue());
      Object got = spec.field(field);
      if (field.equals("nextIndex") || field.equals("matchIndex")) {
        if (want instanceof Map<?, ?> wm && got instanceof Map<?, ?> gm) {
          for (Map.Entry<?, ?> x : wm.entrySet()) {
            if (!Objects.equals(x.getValue(), gm.get(String.valueOf(x.getKey())))) {
              diffs.add(e.action() + ": logged " + field + "[" + x.getKey() + "] " + TlaValue.plain(x.getValue())
                  + " but the spec gives " + shown(gm.get(String.valueOf(x.getKey()))));
              keys.add(field);
            }
          }
        }
        continue;
      }
      if (!Objects.equals(want, got)) {
        diffs.add(e.action() + ": logged " + field + " " + TlaValue.plain(want) + " but the spec gives "
            + (got == null ? "nothing" : TlaValue.plain(got)));
        keys.add(field);
      }
    }
  }

  private static void compareSent(LoggedEvent e, SpecState post, SpecState pre, List<String> diffs,
      List<String> keys) {
    Set<Object> before = asSet(pre.vars().get("messages"));
    Set<Object> after = asSet(post.vars().get("messages"));
    Set<Object> added = new HashSet<>(after);
    added.removeAll(before);
    List<Map<Object, Object>> logged = new ArrayList<>();
    for (ObjectNode m : e.sent()) {
      logged.add(LoggedValues.message(m));
    }
    for (Map<Object, Object> lm : logged) {
      if (after.stream().noneMatch(sm -> matches(sm, lm))) {
        Map<?, ?> near = nearest(lm, added);
        if (near == null) {
          diffs.add(e.action() + ": logged sending " + TlaValue.plain(lm) + " but the spec sends no such message");
          keys.add("sent");
        } else {
          for (Map.Entry<Object, Object> f : lm.entrySet()) {
            if (!Objects.equals(f.getValue(), near.get(f.getKey()))) {
              diffs.add(e.action() + ": logged " + lm.get("mtype") + " to " + lm.get("mdest") + " with "
                  + f.getKey() + " " + TlaValue.plain(f.getValue()) + " but the spec sends "
                  + shown(near.get(f.getKey())));
              keys.add(String.valueOf(f.getKey()));
            }
          }
        }
      }
    }
    for (Object sm : added) {
      if (logged.stream().noneMatch(lm -> matches(sm, lm))) {
        if (logged.stream().noneMatch(lm -> near(sm, lm))) {
          diffs.add(e.action() + ": the spec also sends " + TlaValue.plain(sm) + ", which the trace does not log");
          keys.add("sent");
        }
      }
    }
  }

  private static boolean matches(@Nullable Object specMsg, Map<Object, Object> logged) {
    if (!(specMsg instanceof Map<?, ?> m)) {
      return false;
    }
    for (Map.Entry<Object, Object> f : logged.entrySet()) {
      if (!Objects.equals(f.getValue(), m.get(f.getKey()))) {
        return false;
      }
    }
    return true;
  }

  private static boolean near(@Nullable Object specMsg, Map<Object, Object> logged) {
    return specMsg instanceof Map<?, ?> m && Objects.equals(m.get("mtype"), logged.get("mtype"))
        && Objects.equals(m.get("mdest"), logged.get("mdest"));
  }

  private static @Nullable Map<?, ?> nearest(Map<Object, Object> logged, Set<Object> candidates) {
    for (Object c : candidates) {
      if (near(c, logged) && c instanceof Map<?, ?> m) {
        return m;
      }
    }
    return null;
  }

  private static String shown(@Nullable Object v) {
    return v == null ? "nothing" : TlaValue.plain(v);
  }

  private static Set<Object> asSet(@Nullable Object o) {
    return TlaValue.setOf(o);
  }
}
