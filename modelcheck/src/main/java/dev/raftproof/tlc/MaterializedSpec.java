package dev.raftproof.tlc;

import java.nio.file.Path;

/** A spec as a directory on disk; {@link #close()} deletes it if it was a temporary copy. */
public final class MaterializedSpec implements AutoCloseable {
  private final Path dir;
  private final boolean temporary;

  MaterializedSpec(Path dir, boolean temporary) {
    this.dir = dir;
    this.temporary = temporary;
  }

  /** The directory holding the .tla and .cfg files. */
  public Path dir() {
    return dir;
  }

  public boolean isTemporary() {
    return temporary;
  }

  @Override
  public void close() {
    if (temporary) {
      TempDirs.deleteQuietly(dir);
    }
  }
}
