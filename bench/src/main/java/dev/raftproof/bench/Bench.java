package dev.raftproof.bench;

import java.util.Arrays;
import java.util.List;

/**
 * The benchmarks of BENCHMARKS.md (not tests): {@code Bench sim|safety|core|kv ARGS}. See each class for its arguments.
 * Exit code 0, or 64 on a usage error.
 */
public final class Bench {
  private Bench() {}

  public static void main(String[] args) throws Exception {
    if (args.length == 0) {
      System.err.println("usage: Bench sim|safety|core|kv [ARGS]");
      System.exit(64);
    }
    List<String> rest = Arrays.asList(args).subList(1, args.length);
    int rc = switch (args[0]) {
      case "sim" -> SimBench.run(rest);
      case "safety" -> SafetyBench.run(rest);
      case "core" -> CoreCostBench.run(rest);
      case "kv" -> KvBench.run(rest);
      default -> {
        System.err.println("usage: Bench sim|safety|core|kv [ARGS]");
        yield 64;
      }
    };
    System.exit(rc);
  }
}
