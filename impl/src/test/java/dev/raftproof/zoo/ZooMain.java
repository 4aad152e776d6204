package dev.raftproof.zoo;

import java.nio.file.Path;
import java.util.Arrays;

/** Exploring the zoo by hand: {@code ZooMain BUG runs seed [SimulateMain options...]}. */
final class ZooMain {
  private ZooMain() {}

  public static void main(String[] a) throws Exception {
    Bug bug = Bug.valueOf(a[0]);
    Path classes = MutantCore.compile(bug.name(), bug.mutations);
    String[] args = new String[] {"--runs", a[1], "--seed", a[2], "--steps", "1000", "--stop-at-first",
        "--shrink-budget", "300"};
    String[] extra = Arrays.copyOfRange(a, 3, a.length);
    String[] all = Arrays.copyOf(args, args.length + extra.length);
    System.arraycopy(extra, 0, all, args.length, extra.length);
    System.out.println(MutantCore.simulate(classes, all).output());
  }
}
