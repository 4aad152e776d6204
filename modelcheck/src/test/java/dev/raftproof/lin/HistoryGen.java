package dev.raftproof.lin;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

/**
 * Builds Jepsen histories from a sequential run of a model with random concurrency: op i takes effect at time
 * 10·i+5 and is invoked and completed a random distance before and after; some ops fail (never happen) and some end
 * in :info (took effect or not). Such a history is always linearizable. Processes are assigned so that no process has
 * two ops open at once (a process whose op ended in :info is never reused, as in Jepsen).
 */
final class HistoryGen {
  private HistoryGen() {}

  /** One generated op before events are laid out. */
  static final class Spec {
    final String f;
    Object value; // completed value (what :ok reports)
    final Object invokeValue;
    final Object key;
    final String outcome; // ok, fail, info
    final double call;
    final double ret;
    int process;

    Spec(String f, Object invokeValue, Object value, Object key, String outcome, double call, double ret) {
      this.f = f;
      this.invokeValue = invokeValue;
      this.value = value;
      this.key = key;
      this.outcome = outcome;
      this.call = call;
      this.ret = ret;
    }
  }

  /** A cas-register history (init 0, values 0..3) of n ops from the seed; spread = max overlap in slots. */
  static List<Spec> casRegister(long seed, int n, int spread) {
    Random rnd = new Random(seed);
    List<Spec> specs = new ArrayList<>();
    long state = 0;
    for (int i = 0; i < n; i++) {
      double point = 10.0 * i + 5;
      double call = point - 1 - rnd.nextInt(10 * spread + 1) - rnd.nextDouble();
      double ret = point + 1 + rnd.nextInt(10 * spread + 1) + rnd.nextDouble();
      int kind = rnd.nextInt(3);
      int outcomeRoll = rnd.nextInt(10);
      String outcome = outcomeRoll == 0 ? "fail" : outcomeRoll == 1 ? "info" : "ok";
      boolean takesEffect = outcome.equals("ok") || (outcome.equals("info") && rnd.nextBoolean());
      long a = rnd.nextInt(4);
      long b = rnd.nextInt(4);
      switch (kind) {
        case 0 -> {
          Object v = takesEffect ? (Object) state : null;
          specs.add(new Spec("read", null, outcome.equals("ok") ? v : null, null, outcome, call, ret));
        }
        case 1 -> {
          if (takesEffect) {
            state = a;
          }
          specs.add(new Spec("write", a, a, null, outcome, call, ret));
        }
        default -> {
          List<Object> v = List.of(a, b);
          String oc = outcome;
          if (takesEffect && a == state) {
            state = b;
          } else if (outcome.equals("ok")) {
            oc = "fail"; // the compare failed: Jepsen reports :fail and nothing happened
          }
          specs.add(new Spec("cas", v, v, null, oc, call, ret));
        }
      }
    }
    assignProcesses(specs);
    return specs;
  }

  /** A kv history over keys "a","b" (init ""): put, get, append. */
  static List<Spec> kv(long seed, int n, int spread) {
    Random rnd = new Random(seed);
    List<Spec> specs = new ArrayList<>();
    java.util.Map<String, String> state = new java.util.HashMap<>();
    for (int i = 0; i < n; i++) {
      double point = 10.0 * i + 5;
      double call = point - 1 - rnd.nextInt(10 * spread + 1) - rnd.nextDouble();
      double ret = point + 1 + rnd.nextInt(10 * spread + 1) + rnd.nextDouble();
      String k = rnd.nextBoolean() ? "a" : "b";
      String cur = state.getOrDefault(k, "");
      int outcomeRoll = rnd.nextInt(10);
      String outcome = outcomeRoll == 0 ? "fail" : outcomeRoll == 1 ? "info" : "ok";
      boolean takesEffect = outcome.equals("ok") || (outcome.equals("info") && rnd.nextBoolean());
      String x = String.valueOf((char) ('x' + rnd.nextInt(3)));
      switch (rnd.nextInt(3)) {
        case 0 -> specs.add(new Spec("get", null, outcome.equals("ok") ? cur : null, k, outcome, call, ret));
        case 1 -> {
          if (takesEffect) {
            state.put(k, x);
          }
          specs.add(new Spec("put", x, x, k, outcome, call, ret));
        }
        default -> {
          if (takesEffect) {
            state.put(k, cur + x);
          }
          specs.add(new Spec("append", x, x, k, outcome, call, ret));
        }
      }
    }
    assignProcesses(specs);
    return specs;
  }

  private static void assignProcesses(List<Spec> specs) {
    List<Spec> byCall = new ArrayList<>(specs);
    byCall.sort(Comparator.comparingDouble(s -> s.call));
    List<Double> freeAt = new ArrayList<>();
    for (Spec s : byCall) {
      int p = -1;
      for (int i = 0; i < freeAt.size(); i++) {
        if (freeAt.get(i) < s.call) {
          p = i;
          break;
        }
      }
      if (p < 0) {
        p = freeAt.size();
        freeAt.add(0.0);
      }
      freeAt.set(p, s.outcome.equals("info") ? Double.MAX_VALUE : s.ret);
      s.process = p;
    }
  }

  /** Lays the specs out as events in time order. */
  static History history(List<Spec> specs) {
    record Ev(double t, Spec s, boolean call) {}
    List<Ev> evs = new ArrayList<>();
    for (Spec s : specs) {
      evs.add(new Ev(s.call, s, true));
      evs.add(new Ev(s.ret, s, false));
    }
    evs.sort(Comparator.comparingDouble(Ev::t));
    List<HistoryEvent> out = new ArrayList<>();
    for (Ev e : evs) {
      Spec s = e.s();
      HistoryEvent.Type type = e.call() ? HistoryEvent.Type.INVOKE
          : switch (s.outcome) {
            case "ok" -> HistoryEvent.Type.OK;
            case "fail" -> HistoryEvent.Type.FAIL;
            default -> HistoryEvent.Type.INFO;
          };
      Object value = e.call() ? s.invokeValue : s.outcome.equals("ok") ? s.value : s.invokeValue;
      out.add(new HistoryEvent(out.size(), 0, (long) s.process, type, new Kw(s.f), value, s.key));
    }
    return new History("generated", out);
  }
}
