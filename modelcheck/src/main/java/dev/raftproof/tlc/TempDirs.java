package dev.raftproof.tlc;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** Creates and deletes temporary directories (TLC runs and trace validation share it). */
public final class TempDirs {
  private TempDirs() {}

  static Path create(String prefix) {
    try {
      Path dir = Files.createTempDirectory(prefix);
      ChildProcesses.registerTempDir(dir);
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a temporary directory", e);
    }
  }

  /** Deletes a directory tree; best effort, never throws. */
  public static void deleteQuietly(Path dir) {
    ChildProcesses.unregisterTempDir(dir);
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> s = Files.walk(dir)) {
      List<Path> all = s.sorted(Comparator.reverseOrder()).collect(Collectors.toList());
      for (Path p : all) {
        try {
          Files.deleteIfExists(p);
        } catch (IOException ignored) {
          // best effort: keep deleting the rest
        }
      }
    } catch (IOException | UncheckedIOException ignored) {
      // best effort
    }
  }
}
