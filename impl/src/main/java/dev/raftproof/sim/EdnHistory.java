package dev.raftproof.sim;

import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Writes a client history in Jepsen/Knossos EDN form, one operation map per line:
 * {@code {:process 0, :type :invoke, :f :write, :value [k v], :time 17}} then {@code :ok}, {@code :fail} or
 * {@code :info} (indeterminate: a timeout, or a server crash while the operation was in flight). Reads are
 * {@code :f :read} with {@code :value [k nil]} at invocation and {@code [k v]} on completion ({@code v} nil if the
 * key was never written). {@code :time} is the simulator step.
 */
public final class EdnHistory implements Closeable {
  private final Writer out;
  private long ops;

  public EdnHistory(Writer out) {
    this.out = out;
  }

  public static EdnHistory create(Path file) throws IOException {
    return new EdnHistory(new BufferedWriter(Files.newBufferedWriter(file, StandardCharsets.UTF_8)));
  }

  /** Number of operation maps written. */
  public long written() {
    return ops;
  }

  public void write(long process, String type, String f, long key, @Nullable Long value, long time) {
    try {
      out.write("{:process ");
      out.write(Long.toString(process));
      out.write(", :type :");
      out.write(type);
      out.write(", :f :");
      out.write(f);
      out.write(", :value [");
      out.write(Long.toString(key));
      out.write(' ');
      out.write(value == null ? "nil" : Long.toString(value));
      out.write("], :time ");
      out.write(Long.toString(time));
      out.write("}\n");
      ops++;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() throws IOException {
    out.close();
  }
}
