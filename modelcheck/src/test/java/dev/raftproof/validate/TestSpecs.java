package dev.raftproof.validate;

import dev.raftproof.tlc.SpecSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/** The spec tests validate against: the project's spec/Raft.tla, embedded from spec/. */
final class TestSpecs {
  private TestSpecs() {}

  static SpecSource spec() {
    return ValidationSpec.embedded();
  }

  /** The repository's traces/ directory (tests run in modelcheck/). */
  static Path traces() {
    Path p = Paths.get("..", "traces").toAbsolutePath().normalize();
    if (!Files.isDirectory(p)) {
      throw new IllegalStateException("traces/ not found from " + Paths.get("").toAbsolutePath());
    }
    return p;
  }
}
