package dev.raftproof.zoo;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;

/**
 * Builds a {@link ServerBug}'s mutant for real server processes: {@link MutantCore#compile} copies the main source
 * files the bug names, replaces each exact snippet (it must occur exactly once) and compiles the copies with
 * javax.tools against the real classes. The returned directory holds only the mutated classes (and their nested
 * classes); put it FIRST on a kv-server JVM's classpath and they shadow the real ones, everything else comes from
 * the real classpath. Compiled once per JVM and bug.
 */
public final class MutantServer {
  private static final Map<ServerBug, Path> BUILT = new EnumMap<>(ServerBug.class);

  private MutantServer() {}

  /** The directory of the bug's mutated classes, to prepend to the server processes' classpath. */
  public static synchronized Path compile(ServerBug bug) throws IOException {
    Path p = BUILT.get(bug);
    if (p == null) {
      p = MutantCore.compile("server-" + bug.name().toLowerCase(java.util.Locale.ROOT), bug.mutations);
      BUILT.put(bug, p);
    }
    return p;
  }

  /**
   * By hand: {@code MutantServer BUG} compiles the mutant and prints its classes directory, for
   * {@code raft jepsen --server-classpath DIR} (run it with impl's test and main classes on the classpath).
   */
  public static void main(String[] args) throws IOException {
    if (args.length != 1) {
      System.err.println("usage: MutantServer BUG   (one of " + java.util.Arrays.toString(ServerBug.values()) + ")");
      System.exit(64);
    }
    System.out.println(compile(ServerBug.valueOf(args[0])));
  }

  /** {@code classpath} with the bug's mutated classes in front. */
  public static String classpath(ServerBug bug, String classpath) throws IOException {
    return compile(bug) + File.pathSeparator + classpath;
  }
}
