package dev.raftproof.lin;

import java.util.List;

/**
 * Reference checker for small histories: tries every order of the operations consistent with real-time order (an op
 * may go next only if it was invoked before every not-yet-placed completed op returned), applying the model directly.
 * Completed ops must all be placed; pending ops may be placed or left out. No cache, no pruning, no partitioning.
 */
final class BruteForce {
  private BruteForce() {}

  static boolean linearizable(Model model, List<Operation> ops) {
    return search(model, ops, new boolean[ops.size()], model.initialState());
  }

  private static boolean search(Model model, List<Operation> ops, boolean[] done, Object state) {
    int minRet = Integer.MAX_VALUE;
    boolean allCompletedDone = true;
    for (int i = 0; i < ops.size(); i++) {
      if (!done[i] && !ops.get(i).pending()) {
        allCompletedDone = false;
        minRet = Math.min(minRet, ops.get(i).ret());
      }
    }
    if (allCompletedDone) {
      return true;
    }
    for (int i = 0; i < ops.size(); i++) {
      Operation op = ops.get(i);
      if (done[i] || op.call() > minRet) {
        continue;
      }
      Object next = model.step(state, op);
      if (next == Model.ILLEGAL) {
        continue;
      }
      done[i] = true;
      boolean ok = search(model, ops, done, next);
      done[i] = false;
      if (ok) {
        return true;
      }
    }
    return false;
  }
}
