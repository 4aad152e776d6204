package dev.raftproof.tlc;

import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * SANY's (or TLC's config reader's) complaint about a spec or .cfg that does not parse.
 *
 * @param file the file at fault, as a path when known (else the module name), or {@code null}
 * @param line 1-based line, or -1
 * @param column 1-based column, or -1
 * @param message SANY's message, condensed to one paragraph
 * @param rawText SANY's full output about the error
 */
public record SpecParseError(@Nullable String file, int line, int column, String message, String rawText) {

  /** A one-paragraph, human-readable description with file and line. */
  public String toParagraph() {
    StringBuilder sb = new StringBuilder("The spec does not parse");
    if (file != null) {
      sb.append(": ").append(file);
      if (line > 0) {
        sb.append(", line ").append(line);
        if (column > 0) {
          sb.append(", column ").append(column);
        }
      }
    }
    sb.append(". ").append(message);
    return sb.toString();
  }
}
