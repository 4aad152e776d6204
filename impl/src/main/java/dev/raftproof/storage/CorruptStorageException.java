package dev.raftproof.storage;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The storage directory holds damage that recovery may not repair without losing data that may have been
 * acknowledged: a corrupt record before the end of the log, a missing segment, a missing or corrupt snapshot. The
 * server refuses to start. The message names the file and the byte offset and says what to do; it is meant to be
 * read by an operator, without a stack trace.
 */
// A byte offset is neither a term nor an index.
@SuppressWarnings("raftnumber")
public final class CorruptStorageException extends IOException {
  private static final long serialVersionUID = 1L;

  private final Path file;
  private final long offset;

  public CorruptStorageException(Path file, long offset, String problem) {
    super(message(file, offset, problem));
    this.file = file;
    this.offset = offset;
  }

  private static String message(Path file, long offset, String problem) {
    String where = offset >= 0 ? file + " at byte offset " + offset : file.toString();
    return "refusing to start: storage is corrupt in " + where + ": " + problem
        + ". Records after this point may hold acknowledged (committed) data, so recovery will not drop them."
        + " Restore this server's directory from a backup, or remove it and let the server rejoin empty"
        + " (only if the rest of the cluster holds a quorum).";
  }

  /** The damaged file. */
  public Path file() {
    return file;
  }

  /** The byte offset of the damaged record in {@link #file()}, or -1 if the problem concerns the whole file. */
  public long offset() {
    return offset;
  }
}
