package dev.raftproof.validate;

import dev.raftproof.tlc.SpecSource;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Where Raft.tla comes from for trace validation. TraceRaft.tla always comes from the tool itself (classpath
 * {@code spec/}), so that a spec directory given on the command line need only hold Raft.tla and what it extends.
 */
public final class ValidationSpec {
  private ValidationSpec() {}

  /** The embedded spec ({@code spec/} in the jar). */
  public static SpecSource embedded() {
    return SpecSource.classpath("spec");
  }

  /** Raft.tla (and the modules it extends) from a directory; TraceRaft.tla from the tool. */
  public static SpecSource directory(Path dir) {
    return withTraceRaft(SpecSource.directory(dir));
  }

  /** Raft.tla from a classpath folder (tests use a stand-in); TraceRaft.tla from the tool. */
  public static SpecSource classpath(String root) {
    return withTraceRaft(SpecSource.classpath(root));
  }

  static SpecSource withTraceRaft(SpecSource s) {
    return s.withFile("TraceRaft.tla", resource("spec/TraceRaft.tla"));
  }

  /** True if the embedded spec has Raft.tla (it is absent until the spec branch is merged). */
  public static boolean embeddedHasRaft() {
    return loader().getResource("spec/Raft.tla") != null;
  }

  static String resource(String name) {
    ClassLoader cl = loader();
    try (InputStream in = cl.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("resource missing from the tool: " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static ClassLoader loader() {
    ClassLoader cl = ValidationSpec.class.getClassLoader();
    return cl != null ? cl : ClassLoader.getSystemClassLoader();
  }

  /** Writes text to dir/name (for --keep-tla). */
  static void keep(@Nullable Path dir, String name, String text) {
    if (dir == null) {
      return;
    }
    try {
      Files.createDirectories(dir);
      Files.writeString(dir.resolve(name), text, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + dir.resolve(name), e);
    }
  }
}
