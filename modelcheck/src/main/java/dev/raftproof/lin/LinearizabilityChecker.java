package dev.raftproof.lin;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Wing &amp; Gong / Lowe's linearizability search, as Porcupine's {@code checkSingle}: a doubly linked list of call and
 * return entries in real-time order, lift/unlift of linearized ops, and a cache of (linearized set, model state)
 * configurations already explored. Histories are first split with the model's {@link Model#partition}
 * (P-compositionality) and the parts checked one by one.
 *
 * <p>The hot loop works on ints only: model states are interned (each distinct state gets an id) and every (op, state)
 * transition is computed once and memoised; the linearized set is a {@code long[]} bitset with an incrementally
 * maintained Zobrist hash; the cache is an open-addressing table over a flat {@code long[]} arena.
 *
 * <p>Pending ops ({@code :info} or never completed) may take effect at any point after their call, or never: they have
 * no return entry, and the search succeeds once every completed op is linearized. Pending read-only ops and completed
 * ops that are legal in every state without changing it (Knossos's read of nil) are dropped up front: they cannot
 * change the verdict.
 */
public final class LinearizabilityChecker {

  /** Limits and switches. */
  public static final class Options {
    /** Wall-clock limit for the whole history; 0 = none. */
    public long timeLimitNanos;
    /** Approximate limit on the memory of the configuration cache; 0 = a quarter of the max heap. */
    public long memoryLimitBytes;
    /** Stop at the first invalid partition (Porcupine's behaviour) instead of checking (and explaining) them all. */
    public boolean stopAtFirstInvalid;

    public static Options defaults() {
      return new Options();
    }

    public Options timeLimitSeconds(double s) {
      timeLimitNanos = (long) (s * 1e9);
      return this;
    }
  }

  /** Progress of a running check, readable from another thread. */
  public static final class Progress {
    public volatile long iterations;
    public volatile long cacheEntries;
    public volatile int partitionsDone;
    public volatile int partitions;
    public volatile boolean cancelled;
  }

  private LinearizabilityChecker() {}

  public static CheckResult check(Model model, List<Operation> ops) {
    return check(model, ops, Options.defaults(), null);
  }

  public static CheckResult check(Model model, List<Operation> ops, Options opts, @Nullable Progress progress) {
    long start = System.nanoTime();
    long deadline = opts.timeLimitNanos > 0 ? start + opts.timeLimitNanos : Long.MAX_VALUE;
    long memLimit = opts.memoryLimitBytes > 0 ? opts.memoryLimitBytes : Runtime.getRuntime().maxMemory() / 4;
    List<List<Operation>> parts = model.partition(ops);
    if (progress != null) {
      progress.partitions = parts.size();
    }
    List<PartitionResult> results = new ArrayList<>(parts.size());
    Verdict overall = Verdict.VALID;
    String reason = ops.isEmpty() ? "empty history" : "";
    for (List<Operation> part : parts) {
      PartitionResult r = new Search(model.partitionModel(part), part, deadline, memLimit, progress).run(model.partitionLabel(part));
      results.add(r);
      if (progress != null) {
        progress.partitionsDone = results.size();
      }
      if (r.verdict() == Verdict.INVALID) {
        overall = Verdict.INVALID;
        reason = "";
        if (opts.stopAtFirstInvalid) {
          break;
        }
      } else if (r.verdict() == Verdict.UNKNOWN && overall == Verdict.VALID) {
        overall = Verdict.UNKNOWN;
        reason = r.reason();
      }
    }
    return new CheckResult(overall, reason, results, ops.size(), System.nanoTime() - start);
  }

  private static final Object NULL_STATE = new Object();

  /** One partition's search. */
  private static final class Search {
    private final Model model;
    private final List<Operation> all;
    private final long deadline;
    private final long memLimit;
    private final @Nullable Progress progress;

    // ops kept for the search
    private final Operation[] ops;
    private final int n;
    private int completed;
    // nodes in time order; node m is the list head
    private int[] nodeOp = new int[0];
    private int[] match = new int[0]; // call: its return node or -1 (pending); return: its call node
    private boolean[] isCall = new boolean[0];
    private int[] next = new int[0];
    private int[] prev = new int[0];
    private int head;
    // states
    private final Map<Object, Integer> stateIds = new HashMap<>();
    private final List<@Nullable Object> states = new ArrayList<>();
    private final int[][] trans;

    Search(Model model, List<Operation> part, long deadline, long memLimit, @Nullable Progress progress) {
      this.model = model;
      this.all = part;
      this.deadline = deadline;
      this.memLimit = memLimit;
      this.progress = progress;
      List<Operation> kept = new ArrayList<>(part.size());
      for (Operation op : part) {
        if (model.readOnly(op) && (op.pending() || model.alwaysLegal(op))) {
          continue;
        }
        kept.add(op);
      }
      this.ops = kept.toArray(new Operation[0]);
      this.n = ops.length;
      this.trans = new int[n][];
    }

    private int intern(@Nullable Object s) {
      Object k = s == null ? NULL_STATE : s;
      Integer id = stateIds.get(k);
      if (id != null) {
        return id;
      }
      int nid = states.size();
      states.add(s);
      stateIds.put(k, nid);
      return nid;
    }

    /** Next state id, or -1 if illegal. */
    private int step(int op, int s) {
      int[] t = trans[op];
      if (t == null || s >= t.length) {
        int[] nt = new int[Math.max(8, Math.max(s + 1, states.size()) * 2)];
        if (t != null) {
          System.arraycopy(t, 0, nt, 0, t.length);
        }
        trans[op] = nt;
        t = nt;
      }
      int v = t[s];
      if (v == 0) {
        Object cur = states.get(s);
        Object ns = model.step(cur, ops[op]);
        // the same object back (a read) needs no interning
        v = ns == Model.ILLEGAL ? -1 : ns == cur ? s + 1 : intern(ns) + 1;
        t[s] = v;
      }
      return v > 0 ? v - 1 : -1;
    }

    private void build() {
      int pend = 0;
      for (Operation op : ops) {
        if (op.pending()) {
          pend++;
        }
      }
      completed = n - pend;
      int m = 2 * completed + pend;
      long[] keys = new long[m];
      int k = 0;
      for (int i = 0; i < n; i++) {
        Operation op = ops[i];
        keys[k++] = ((long) op.call() << 32) | (i << 1);
        if (!op.pending()) {
          keys[k++] = ((long) op.ret() << 32) | (i << 1) | 1;
        }
      }
      Arrays.sort(keys);
      nodeOp = new int[m];
      isCall = new boolean[m];
      match = new int[m];
      next = new int[m + 1];
      prev = new int[m + 1];
      head = m;
      int[] callNode = new int[n];
      for (int j = 0; j < m; j++) {
        int code = (int) keys[j];
        int op = code >>> 1;
        nodeOp[j] = op;
        boolean call = (code & 1) == 0;
        isCall[j] = call;
        if (call) {
          callNode[op] = j;
          match[j] = -1;
        } else {
          match[j] = callNode[op];
          match[callNode[op]] = j;
        }
        next[j] = j + 1 < m ? j + 1 : -1;
        prev[j] = j == 0 ? head : j - 1;
      }
      next[head] = m > 0 ? 0 : -1;
      prev[head] = -1;
    }

    private void lift(int e) {
      int a = prev[e];
      int b = next[e];
      next[a] = b;
      if (b >= 0) {
        prev[b] = a;
      }
      int r = match[e];
      if (r >= 0) {
        a = prev[r];
        b = next[r];
        next[a] = b;
        if (b >= 0) {
          prev[b] = a;
        }
      }
    }

    private void unlift(int e) {
      int r = match[e];
      if (r >= 0) {
        next[prev[r]] = r;
        if (next[r] >= 0) {
          prev[next[r]] = r;
        }
      }
      next[prev[e]] = e;
      if (next[e] >= 0) {
        prev[next[e]] = e;
      }
    }

    PartitionResult run(String label) {
      build();
      int init = intern(model.initialState());
      if (completed == 0) {
        return new PartitionResult(label, all, Verdict.VALID, "", null, 0);
      }
      int words = (n + 63) >>> 6;
      long[] bits = new long[words];
      long[] zob = new long[n];
      long seed = 0x5DEECE66DL;
      for (int i = 0; i < n; i++) {
        seed += 0x9E3779B97F4A7C15L;
        zob[i] = mix(seed);
      }
      Cache cache = new Cache(words, n);
      int[] stackNode = new int[n];
      int[] stackState = new int[n];
      int depth = 0;
      int remaining = completed;
      int state = init;
      long h = 0;
      int entry = next[head];
      long iter = 0;
      int bestNode = -1;
      int[] bestStack = new int[0];
      int bestState = init;
      while (true) {
        if ((++iter & 0xFFF) == 0) {
          Progress p = progress;
          if (p != null) {
            p.iterations = iter;
            p.cacheEntries = cache.size;
            if (p.cancelled) {
              return new PartitionResult(label, all, Verdict.UNKNOWN, "cancelled", null, cache.size);
            }
          }
          if (System.nanoTime() > deadline) {
            return new PartitionResult(label, all, Verdict.UNKNOWN,
                "time limit reached after " + iter + " steps, " + cache.size + " configurations", null, cache.size);
          }
          if (cache.bytes() > memLimit) {
            return new PartitionResult(label, all, Verdict.UNKNOWN,
                "memory limit reached: " + cache.size + " configurations (~" + (cache.bytes() >> 20) + " MiB)", null,
                cache.size);
          }
        }
        if (isCall[entry]) {
          int op = nodeOp[entry];
          int ns = step(op, state);
          if (ns >= 0) {
            int w = op >>> 6;
            long bit = 1L << op;
            bits[w] |= bit;
            long nh = h ^ zob[op];
            boolean added;
            try {
              added = cache.add(bits, nh, ns);
            } catch (CacheFullException e) {
              return new PartitionResult(label, all, Verdict.UNKNOWN,
                  "memory limit reached: the configuration cache cannot grow beyond " + cache.size + " entries", null,
                  cache.size);
            }
            if (added) {
              stackNode[depth] = entry;
              stackState[depth] = state;
              depth++;
              state = ns;
              h = nh;
              lift(entry);
              if (match[entry] >= 0 && --remaining == 0) {
                return new PartitionResult(label, all, Verdict.VALID, "", null, cache.size);
              }
              entry = next[head];
              continue;
            }
            bits[w] &= ~bit;
          }
          entry = next[entry];
        } else {
          if (entry > bestNode) {
            bestNode = entry;
            bestStack = Arrays.copyOf(stackNode, depth);
            bestState = state;
          }
          if (depth == 0) {
            return new PartitionResult(label, all, Verdict.INVALID, "", explain(bestNode, bestStack, bestState),
                cache.size);
          }
          depth--;
          entry = stackNode[depth];
          state = stackState[depth];
          int op = nodeOp[entry];
          bits[op >>> 6] &= ~(1L << op);
          h ^= zob[op];
          unlift(entry);
          if (match[entry] >= 0) {
            remaining++;
          }
          entry = next[entry];
        }
      }
    }

    private Explanation explain(int bestNode, int[] stack, int stateId) {
      List<Operation> lin = new ArrayList<>(stack.length);
      boolean[] done = new boolean[n];
      for (int e : stack) {
        lin.add(ops[nodeOp[e]]);
        done[nodeOp[e]] = true;
      }
      Operation blocked = ops[nodeOp[bestNode]];
      List<Operation> stuck = new ArrayList<>();
      List<@Nullable Object> nextStates = new ArrayList<>();
      Object st = states.get(stateId);
      for (int j = 0; j < bestNode; j++) {
        int op = nodeOp[j];
        if (isCall[j] && !done[op]) {
          int ns = step(op, stateId);
          stuck.add(ops[op]);
          nextStates.add(ns < 0 ? Model.ILLEGAL : states.get(ns));
        }
      }
      int prefixEnd = blocked.ret();
      return new Explanation(lin, st, blocked, prefixEnd, stuck, nextStates, model);
    }
  }

  static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /** The cache's arrays would exceed Java's array size limit. */
  private static final class CacheFullException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    CacheFullException() {
      super(null, null, false, false);
    }
  }

  /** Open-addressing set of (bitset, state) configurations; bitsets live in one flat arena. */
  private static final class Cache {
    private final int words;
    private long[] arena;
    private int[] stateOf;
    private long[] hashOf;
    int size;
    private int[] table; // entry index + 1, 0 = empty
    private int mask;

    Cache(int words, int ops) {
      this.words = words;
      int cap = Math.min(1024, Integer.highestOneBit(Math.max(16, ops * 4 - 1)) << 1);
      arena = new long[cap * words];
      stateOf = new int[cap];
      hashOf = new long[cap];
      table = new int[cap * 2];
      mask = table.length - 1;
    }

    long bytes() {
      return (long) arena.length * 8 + (long) stateOf.length * 4 + (long) hashOf.length * 8 + (long) table.length * 4;
    }

    /** Adds the configuration; false if it was there already. */
    boolean add(long[] bits, long h, int state) {
      long key = h ^ ((state + 1) * 0x9E3779B97F4A7C15L);
      int i = (int) mix(key) & mask;
      while (true) {
        int t = table[i];
        if (t == 0) {
          break;
        }
        int e = t - 1;
        if (hashOf[e] == key && stateOf[e] == state && same(e, bits)) {
          return false;
        }
        i = (i + 1) & mask;
      }
      if (size == stateOf.length) {
        grow();
        i = (int) mix(key) & mask;
        while (table[i] != 0) {
          i = (i + 1) & mask;
        }
      }
      int e = size++;
      System.arraycopy(bits, 0, arena, e * words, words);
      stateOf[e] = state;
      hashOf[e] = key;
      table[i] = e + 1;
      return true;
    }

    private boolean same(int e, long[] bits) {
      int base = e * words;
      for (int w = 0; w < words; w++) {
        if (arena[base + w] != bits[w]) {
          return false;
        }
      }
      return true;
    }

    private void grow() {
      int cap = stateOf.length * 2;
      if ((long) cap * words > Integer.MAX_VALUE - 16 || (long) cap * 2 > Integer.MAX_VALUE - 16) {
        throw new CacheFullException();
      }
      arena = Arrays.copyOf(arena, cap * words);
      stateOf = Arrays.copyOf(stateOf, cap);
      hashOf = Arrays.copyOf(hashOf, cap);
      table = new int[cap * 2];
      mask = table.length - 1;
      for (int e = 0; e < size; e++) {
        int i = (int) mix(hashOf[e]) & mask;
        while (table[i] != 0) {
          i = (i + 1) & mask;
        }
        table[i] = e + 1;
      }
    }
  }
}
