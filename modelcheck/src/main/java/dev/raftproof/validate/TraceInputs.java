package dev.raftproof.validate;

import dev.raftproof.trace.TraceFile;
import dev.raftproof.trace.TraceFormatException;
import dev.raftproof.trace.TraceReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Turns command-line paths into traces to validate. A whole-cluster file (header {@code node: null}) is one trace.
 * Per-node files (header {@code node: "s1"}) given together, or a directory of them, are merged into one trace
 * ({@link TraceMerger}). A directory holding whole-cluster files is not accepted: name the files.
 */
public final class TraceInputs {
  private TraceInputs() {}

  /** One trace to validate, or the reason its files cannot be ordered. */
  public record Input(String name, List<TraceFile> files) {
    public Input {
      files = List.copyOf(files);
    }
  }

  public static List<Input> group(List<Path> paths) throws IOException, TraceFormatException {
    List<Input> out = new ArrayList<>();
    List<TraceFile> perNode = new ArrayList<>();
    for (Path p : paths) {
      if (Files.isDirectory(p)) {
        List<TraceFile> dir = new ArrayList<>();
        try (Stream<Path> s = Files.list(p)) {
          for (Path f : s.filter(x -> x.toString().endsWith(".ndjson")).sorted().toList()) {
            TraceFile t = TraceReader.readLogged(f);
            if (t.node() == null) {
              throw new TraceFormatException(f.toString(), 1, "node",
                  "a directory is read as the per-node files of one run, but this is a whole-cluster trace");
            }
            dir.add(t);
          }
        }
        if (dir.isEmpty()) {
          throw new TraceFormatException(p.toString(), 1, null, "directory holds no .ndjson trace files");
        }
        out.add(new Input(p.toString(), dir));
      } else if (!Files.isRegularFile(p)) {
        throw new TraceFormatException(p.toString(), 1, null, "no such file");
      } else {
        TraceFile t = TraceReader.readLogged(p);
        if (t.node() == null) {
          out.add(new Input(p.toString(), List.of(t)));
        } else {
          perNode.add(t);
        }
      }
    }
    if (!perNode.isEmpty()) {
      out.add(new Input(perNode.size() == 1 ? perNode.get(0).name() : "per-node files "
          + perNode.stream().map(TraceFile::name).toList(), perNode));
    }
    return out;
  }
}
