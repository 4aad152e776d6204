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
import java.util.Objects;
import java.util.function.Consumer;
import dev.raftproof.core.Entry;
import dev.raftproof.core.HardState;
import dev.raftproof.core.PersistentState;
import dev.raftproof.core.Snapshot;
import org.checkerframework.checker.nullness.qual.Nullable;
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
    return open(file, header, null, line -> { });
  }

  /**
   * Opens {@code file} as {@link #open(Path, TraceHeader)} does, after cutting the events whose steps are not in
   * {@code durable} (the state recovered from disk): events are written just before their step is persisted
   * ({@link NodeDriver}), so a crash between the two leaves events of a step that never became durable — and that
   * had no effect outside the process, since messages and answers come after the persist. Such a step never
   * happened (traces/FORMAT.md §1), so its events go: the file is cut after the last event whose persistent state
   * ({@code currentTerm}, {@code votedFor}, {@code commitIndex}, snapshot index and term, the log's terms) equals
   * {@code durable}. If no event matches, nothing is cut (logged).
   */
  static TraceLog open(Path file, TraceHeader header, @Nullable PersistentState durable, Consumer<String> log)
      throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    if (!Files.exists(file) || Files.size(file) == 0) {
      return new TraceLog(TraceWriter.create(file, header), VectorClock.EMPTY, 0);
    }
    cutTornLine(file);
    if (durable != null) {
      cutUndurable(file, durable, log);
    }
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

  /** Cuts the events after the last one whose persistent state is {@code durable} (see {@link #open}). */
  private static void cutUndurable(Path file, PersistentState durable, Consumer<String> log) throws IOException {
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    if (lines.size() <= 1) {
      return; // header only
    }
    int keep = -1; // number of lines to keep
    for (int i = lines.size() - 1; i >= 1 && keep < 0; i--) {
      if (matches(JSON.readTree(lines.get(i)).path("state"), durable)) {
        keep = i + 1;
      }
    }
    if (keep < 0) {
      if (matches(null, durable)) {
        keep = 1; // nothing of the previous run became durable: only the header stays
      } else {
        log.accept("trace: no event of " + file + " has the state recovered from disk; nothing cut");
        return;
      }
    }
    if (keep == lines.size()) {
      return;
    }
    long bytes = 0;
    for (int i = 0; i < keep; i++) {
      bytes += lines.get(i).getBytes(StandardCharsets.UTF_8).length + 1;
    }
    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
      f.setLength(bytes);
      f.getFD().sync();
    }
    log.accept("trace: cut the last " + (lines.size() - keep) + " event(s) of " + file + ": written before their"
        + " step was persisted, and the crash came first (the step never happened)");
  }

  /** True if the logged state (null: the initial state) has {@code durable}'s persistent variables. */
  private static boolean matches(@Nullable JsonNode state, PersistentState durable) {
    HardState hs = durable.hardState();
    Snapshot snap = durable.snapshot();
    long snapIndex = snap == null ? 0 : snap.index();
    long snapTerm = snap == null ? 0 : snap.term();
    if (state == null) {
      return hs.equals(HardState.INITIAL) && snap == null && durable.entries().isEmpty();
    }
    JsonNode voted = state.path("votedFor");
    String votedFor = voted.isNull() || voted.isMissingNode() ? null : voted.asText();
    if (state.path("currentTerm").asLong() != hs.currentTerm() || !Objects.equals(votedFor, hs.votedFor())
        || state.path("commitIndex").asLong() != hs.commitIndex() || state.path("snapshotIndex").asLong() != snapIndex
        || state.path("snapshotTerm").asLong() != snapTerm) {
      return false;
    }
    JsonNode log = state.path("log");
    List<Entry> entries = durable.entries();
    if (log.size() != entries.size()) {
      return false;
    }
    for (int k = 0; k < entries.size(); k++) {
      if (log.get(k).path("term").asLong() != entries.get(k).term()) {
        return false;
      }
    }
    return true;
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
