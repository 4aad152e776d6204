package dev.raftproof.zoo;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.io.StringWriter;
import java.lang.reflect.Method;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * The bug zoo's mechanism: a SOURCE MUTATION applied to a copy at test time. No bug switch exists in main code.
 * {@link #compile} copies one main source file (e.g. core/RaftNode.java), replaces one exact snippet (which must occur
 * exactly once, so a change in the core makes the zoo fail loudly instead of silently testing nothing), compiles the
 * copy with javax.tools against the real classes, and {@link #simulate} loads the result in a fresh child-first
 * class loader in which every dev.raftproof class (core, safety, trace, sim, kv) is defined anew, so the real
 * simulator drives the mutated core.
 */
public final class MutantCore {
  private MutantCore() {}

  /** Where the main classes and sources are. */
  public static Path mainClasses() {
    try {
      return Path.of(dev.raftproof.core.RaftNode.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * impl's main sources, found from where its classes are (impl/target/classes -> impl/src/main/java), so the zoo
   * works from impl's tests, from modelcheck's tests (through impl's test-jar) and from the repository root.
   */
  public static Path mainSources() {
    Path fromClasses = mainClasses().getParent().getParent().resolve("src/main/java");
    if (Files.isRegularFile(fromClasses.resolve("dev/raftproof/core/RaftNode.java"))) {
      return fromClasses;
    }
    for (Path p : List.of(Path.of("src/main/java"), Path.of("impl/src/main/java"), Path.of("../impl/src/main/java"))) {
      if (Files.isRegularFile(p.resolve("dev/raftproof/core/RaftNode.java"))) {
        return p;
      }
    }
    throw new IllegalStateException("impl's main sources (dev/raftproof/core/RaftNode.java) not found from "
        + mainClasses() + " or " + Path.of("").toAbsolutePath());
  }

  /** A textual mutation of one main source file. */
  public record Mutation(String file, String find, String replace) {}

  /** Applies the mutations to copies of their files and compiles them; returns the directory of the classes. */
  public static Path compile(String name, List<Mutation> mutations) throws IOException {
    Path work = Files.createTempDirectory("zoo-" + name + "-");
    Path src = work.resolve("src");
    Path out = work.resolve("classes");
    Files.createDirectories(out);
    List<File> files = new java.util.ArrayList<>();
    java.util.Map<String, String> texts = new java.util.LinkedHashMap<>();
    for (Mutation m : mutations) {
      String text = texts.containsKey(m.file()) ? texts.get(m.file())
          : Files.readString(mainSources().resolve(m.file()), StandardCharsets.UTF_8);
      int first = text.indexOf(m.find());
      if (first < 0 || text.indexOf(m.find(), first + 1) >= 0) {
        throw new AssertionError("mutation " + name + ": snippet must occur exactly once in " + m.file() + ": "
            + m.find());
      }
      texts.put(m.file(), text.replace(m.find(), m.replace()));
    }
    for (java.util.Map.Entry<String, String> e : texts.entrySet()) {
      Path f = src.resolve(e.getKey());
      Files.createDirectories(f.getParent());
      Files.writeString(f, e.getValue(), StandardCharsets.UTF_8);
      files.add(f.toFile());
    }
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    String cp = mainClasses() + File.pathSeparator + System.getProperty("java.class.path");
    List<String> opts = List.of("-proc:none", "-nowarn", "-Xlint:none", "--release", "17", "-cp", cp, "-d",
        out.toString());
    StringWriter diag = new StringWriter();
    var fm = javac.getStandardFileManager(null, null, StandardCharsets.UTF_8);
    boolean ok = javac.getTask(diag, fm, null, opts, null, fm.getJavaFileObjectsFromFiles(files)).call();
    fm.close();
    if (!ok) {
      throw new AssertionError("mutant " + name + " does not compile:\n" + diag);
    }
    return out;
  }

  /** A child-first loader for dev.raftproof's main packages (the checker's qualifiers stay shared). */
  static final class Loader extends URLClassLoader {
    Loader(URL[] urls, ClassLoader parent) {
      super(urls, parent);
    }

    static boolean ours(String n) {
      return (n.startsWith("dev.raftproof.core.") && !n.startsWith("dev.raftproof.core.qual."))
          || n.startsWith("dev.raftproof.safety.") || n.startsWith("dev.raftproof.trace.")
          || n.startsWith("dev.raftproof.sim.") || n.startsWith("dev.raftproof.kv.")
          || n.startsWith("dev.raftproof.zoo.inside.");
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
      synchronized (getClassLoadingLock(name)) {
        if (ours(name)) {
          Class<?> c = findLoadedClass(name);
          if (c == null) {
            c = findClass(name);
          }
          if (resolve) {
            resolveClass(c);
          }
          return c;
        }
        return super.loadClass(name, resolve);
      }
    }
  }

  /** Where this class (and so dev.raftproof.zoo.inside) was loaded from: impl's test classes or its test-jar. */
  static URL zooClasses() {
    try {
      return MutantCore.class.getProtectionDomain().getCodeSource().getLocation().toURI().toURL();
    } catch (URISyntaxException | java.net.MalformedURLException e) {
      throw new IllegalStateException(e);
    }
  }

  private static URL[] urls(@Nullable Path mutantClasses) throws java.net.MalformedURLException {
    return mutantClasses == null ? new URL[] {mainClasses().toUri().toURL(), zooClasses()}
        : new URL[] {mutantClasses.toUri().toURL(), mainClasses().toUri().toURL(), zooClasses()};
  }

  /**
   * One seeded simulation of the mutant (null: the real code) through {@code dev.raftproof.zoo.inside.ZooRun}, with
   * a message-delay cap the command line does not offer; writes the trace to {@code trace}. Returns ZooRun's summary.
   */
  public static String simulateRun(@Nullable Path mutantClasses, long seed, int steps, String faults, int nodes,
      int maxDelaySteps, Path trace) throws Exception {
    try (Loader l = new Loader(urls(mutantClasses), MutantCore.class.getClassLoader())) {
      Class<?> c = l.loadClass("dev.raftproof.zoo.inside.ZooRun");
      Method run = c.getMethod("run", long.class, int.class, String.class, int.class, int.class, String.class);
      return (String) run.invoke(null, seed, steps, faults, nodes, maxDelaySteps, trace.toString());
    }
  }

  /** Runs {@code SimulateMain.run(args)} on the mutant (null: the real code); returns the exit code and output. */
  public record Run(int exitCode, String output) {}

  public static Run simulate(@Nullable Path mutantClasses, String... args) throws Exception {
    try (Loader l = new Loader(urls(mutantClasses), MutantCore.class.getClassLoader())) {
      Class<?> main = l.loadClass("dev.raftproof.sim.SimulateMain");
      Method run = main.getMethod("run", String[].class, PrintStream.class, PrintStream.class);
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      PrintStream ps = new PrintStream(bytes, true, StandardCharsets.UTF_8);
      int code = (int) run.invoke(null, args, ps, ps);
      return new Run(code, bytes.toString(StandardCharsets.UTF_8));
    }
  }
}
