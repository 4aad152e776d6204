package dev.raftproof.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.raftproof.core.ActionEvent;
import dev.raftproof.core.VectorClock;
import dev.raftproof.trace.TraceHeader;
import dev.raftproof.trace.TraceWriter;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A node's trace file (format v1, header {@code node: <id>}), kept across restarts: a restarted server appends to
 * it after cutting a torn last line (a kill -9 during a write), and resumes the vector clock of its last event (the
 * clock {@code RaftNode.restart} needs). Events are flushed to the OS before the Ready's messages are sent, so every
 * message a peer receives has its send event in a trace file.
 */
final class TraceLog implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final TraceWriter writer;
  private final VectorClock lastClock;
  private final long resumedEvents;

  private TraceLog(TraceWriter writer, VectorClock lastClock, long resumedEvents) {
    this.writer = writer;
    this.lastClock = lastClock;
    this.resumedEvents = resumedEvents;
  }

  /** Opens {@code file}: continues it if it holds a header, else creates it with {@code header}. */
  static TraceLog open(Path file, TraceHeader header) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    if (!Files.exists(file) || Files.size(file) == 0) {
      return new TraceLog(TraceWriter.create(file, header), VectorClock.EMPTY, 0);
    }
    cutTornLine(file);
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    if (lines.isEmpty()) {
      return new TraceLog(TraceWriter.create(file, header), VectorClock.EMPTY, 0);
    }
    long seq = 0;
    VectorClock clock = VectorClock.EMPTY;
    if (lines.size() > 1) {
      JsonNode last = JSON.readTree(lines.get(lines.size() - 1));
      seq = last.path("seq").asLong();
      TreeMap<String, Long> c = new TreeMap<>();
      for (var it = last.path("clock").fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        c.put(e.getKey(), e.getValue().asLong());
      }
      clock = VectorClock.of(c);
    }
    return new TraceLog(TraceWriter.append(file, seq), clock, seq);
  }

  /** Drops bytes after the last newline (a line torn by a crash). */
  private static void cutTornLine(Path file) throws IOException {
    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
      long len = f.length();
      long keep = len;
      while (keep > 0) {
        f.seek(keep - 1);
        if (f.read() == '\n') {
          break;
        }
        keep--;
      }
      if (keep < len) {
        f.setLength(keep);
      }
    }
  }

  /** The clock of the last event written before this run (EMPTY for a new file). */
  VectorClock lastClock() {
    return lastClock;
  }

  long resumedEvents() {
    return resumedEvents;
  }

  /** Writes events of a durable Ready and hands them to the OS (a process crash then cannot lose them). */
  void write(List<ActionEvent> events) throws IOException {
    if (!events.isEmpty()) {
      writer.write(events);
      writer.flush();
    }
  }

  long eventsWritten() {
    return writer.eventsWritten();
  }

  @Override
  public void close() throws IOException {
    writer.close();
  }
}
