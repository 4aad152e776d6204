package dev.raftproof.server;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * The history of the clients of one node, in the Jepsen/Knossos EDN shape that {@code raft lin-check --model kv}
 * reads: one op map per line, {@code {:process P, :type :invoke, :f :put, :key "k", :value "v", :time T}}, then
 * {@code :ok}, {@code :fail} (the op certainly did not take effect) or {@code :info} (unknown: timeout).
 * {@code :f} is {@code :put}, {@code :get}, {@code :delete} or {@code :cas} (value {@code [expected new]}, nil
 * expected meaning "absent"); a get's completion carries the value read (nil if absent). Each op gets its own
 * process number (unique across nodes: the node's rank times 10^9 plus a counter), so concurrent requests never
 * share a process. {@code :time} is wall-clock microseconds taken before the invocation and after the completion,
 * so that histories of several nodes on one machine can be merged by time ({@link HistoryMerge}); an op cut off by
 * a crash stays pending. Each line is flushed when written.
 */
public final class ClientHistory implements AutoCloseable {
  private final Writer out;
  private final AtomicLong next;

  private ClientHistory(Writer out, long processBase) {
    this.out = out;
    this.next = new AtomicLong(processBase);
  }

  /** Appends to {@code file} (creating it); processes are numbered from {@code rank * 10^9}. */
  public static ClientHistory open(Path file, int rank) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    Writer w = new BufferedWriter(Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
        StandardOpenOption.APPEND));
    // A restarted node must not reuse the process numbers of its previous run.
    long base = rank * 1_000_000_000L + (Files.size(file) > 0 ? (System.currentTimeMillis() % 1_000_000) * 100 : 0);
    return new ClientHistory(w, base);
  }

  /** One client operation: record its invocation now, its completion later with one of the methods. */
  public final class Op {
    private final long process;
    private final String f;
    private final String key;

    private Op(long process, String f, String key) {
      this.process = process;
      this.f = f;
      this.key = key;
    }

    public void ok(@Nullable String valueEdn) {
      line(process, "ok", f, key, valueEdn);
    }

    public void fail(@Nullable String valueEdn) {
      line(process, "fail", f, key, valueEdn);
    }

    public void info(@Nullable String valueEdn) {
      line(process, "info", f, key, valueEdn);
    }
  }

  /** Records the invocation of {@code f} on {@code key} with the EDN value {@code valueEdn}. */
  public Op invoke(String f, String key, @Nullable String valueEdn) {
    Op op = new Op(next.getAndIncrement(), f, key);
    line(op.process, "invoke", f, key, valueEdn);
    return op;
  }

  private synchronized void line(long process, String type, String f, String key, @Nullable String valueEdn) {
    Instant now = Instant.now();
    long micros = now.getEpochSecond() * 1_000_000L + now.getNano() / 1000;
    try {
      out.write("{:process " + process + ", :type :" + type + ", :f :" + f + ", :key " + str(key) + ", :value "
          + (valueEdn == null ? "nil" : valueEdn) + ", :time " + micros + "}\n");
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** An EDN string literal. */
  public static String str(@Nullable String s) {
    if (s == null) {
      return "nil";
    }
    StringBuilder b = new StringBuilder(s.length() + 2).append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        case '\t' -> b.append("\\t");
        default -> {
          if (c < 0x20) {
            b.append(String.format("\\u%04x", (int) c));
          } else {
            b.append(c);
          }
        }
      }
    }
    return b.append('"').toString();
  }

  @Override
  public synchronized void close() throws IOException {
    out.close();
  }
}
