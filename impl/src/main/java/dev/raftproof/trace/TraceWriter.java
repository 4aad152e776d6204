package dev.raftproof.trace;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.raftproof.core.ActionEvent;
import dev.raftproof.core.Entry;
import dev.raftproof.core.Message;
import dev.raftproof.core.NodeState;
import dev.raftproof.core.PendingRead;
import java.io.Closeable;
import java.io.Flushable;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Writes a trace file in format v1 (traces/FORMAT.md §3): the header line, then one NDJSON line per
 * {@link ActionEvent}, numbering them {@code seq} = 1, 2, 3... Uses Jackson's streaming generator (no tree, no
 * reflection). Write an event only after its {@link dev.raftproof.core.Ready} is durable.
 */
public final class TraceWriter implements Closeable, Flushable {
  private static final JsonFactory FACTORY = new JsonFactory();

  private final JsonGenerator g;
  private long seq;

  /** Starts a trace on {@code out} (which this writer closes) by writing {@code header}. */
  public TraceWriter(OutputStream out, TraceHeader header) {
    try {
      this.g = FACTORY.createGenerator(out, JsonEncoding.UTF8);
      g.setRootValueSeparator(new com.fasterxml.jackson.core.io.SerializedString(""));
      writeHeader(header);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private TraceWriter(OutputStream out, long lastSeq) {
    try {
      this.g = FACTORY.createGenerator(out, JsonEncoding.UTF8);
      g.setRootValueSeparator(new com.fasterxml.jackson.core.io.SerializedString(""));
      this.seq = lastSeq;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Continues the trace in {@code file}, whose last event has {@code seq = lastSeq}: appends events (numbered from
   * {@code lastSeq + 1}) without a second header. For a server that restarts after a crash and keeps one trace file.
   */
  public static TraceWriter append(Path file, long lastSeq) throws IOException {
    return new TraceWriter(Files.newOutputStream(file, java.nio.file.StandardOpenOption.APPEND), lastSeq);
  }

  /** Creates (or truncates) {@code file} and writes the header. */
  public static TraceWriter create(Path file, TraceHeader header) throws IOException {
    return new TraceWriter(Files.newOutputStream(file), header);
  }

  /** Number of events written so far (the last {@code seq}). */
  public long eventsWritten() {
    return seq;
  }

  public void write(List<ActionEvent> events) {
    for (ActionEvent e : events) {
      write(e);
    }
  }

  public void write(ActionEvent e) {
    try {
      g.writeStartObject();
      g.writeNumberField("seq", ++seq);
      g.writeStringField("node", e.node());
      g.writeStringField("action", e.action().name());
      g.writeObjectFieldStart("clock");
      for (Map.Entry<String, Long> c : e.clock().counters().entrySet()) {
        g.writeNumberField(c.getKey(), c.getValue());
      }
      g.writeEndObject();
      writeParams(e.params());
      Message recv = e.recv();
      g.writeFieldName("recv");
      if (recv == null) {
        g.writeNull();
      } else {
        writeMessage(recv);
      }
      g.writeArrayFieldStart("sent");
      for (Message m : e.sent()) {
        writeMessage(m);
      }
      g.writeEndArray();
      g.writeFieldName("state");
      writeState(e.state());
      g.writeEndObject();
      g.writeRaw('\n');
    } catch (IOException ex) {
      throw new UncheckedIOException(ex);
    }
  }

  private void writeHeader(TraceHeader h) throws IOException {
    g.writeStartObject();
    g.writeStringField("format", TraceHeader.FORMAT);
    g.writeNumberField("version", h.version());
    writeStrings("servers", h.servers());
    writeStrings("initServers", h.initServers());
    writeNullableString("node", h.node());
    g.writeStringField("source", h.source());
    Long seed = h.seed();
    if (seed == null) {
      g.writeNullField("seed");
    } else {
      g.writeNumberField("seed", seed);
    }
    g.writeEndObject();
    g.writeRaw('\n');
  }

  private void writeParams(ActionEvent.Params p) throws IOException {
    g.writeObjectFieldStart("params");
    String peer = p.peer();
    if (peer != null) {
      g.writeStringField("peer", peer);
    }
    String value = p.value();
    if (value != null) {
      g.writeStringField("value", value);
    }
    Long index = p.index();
    if (index != null) {
      g.writeNumberField("index", index);
    }
    Long readId = p.readId();
    if (readId != null) {
      g.writeNumberField("readId", readId);
    }
    g.writeEndObject();
  }

  private void writeMessage(Message m) throws IOException {
    g.writeStartObject();
    g.writeStringField("mtype", m.type().name());
    g.writeNumberField("mterm", m.term());
    g.writeStringField("msource", m.source());
    g.writeStringField("mdest", m.dest());
    if (m instanceof Message.PreVoteRequest r) {
      g.writeNumberField("mlastLogIndex", r.lastLogIndex());
      g.writeNumberField("mlastLogTerm", r.lastLogTerm());
    } else if (m instanceof Message.RequestVoteRequest r) {
      g.writeNumberField("mlastLogIndex", r.lastLogIndex());
      g.writeNumberField("mlastLogTerm", r.lastLogTerm());
    } else if (m instanceof Message.PreVoteResponse r) {
      g.writeBooleanField("mvoteGranted", r.voteGranted());
    } else if (m instanceof Message.RequestVoteResponse r) {
      g.writeBooleanField("mvoteGranted", r.voteGranted());
    } else if (m instanceof Message.AppendEntriesRequest r) {
      g.writeNumberField("mprevLogIndex", r.prevLogIndex());
      g.writeNumberField("mprevLogTerm", r.prevLogTerm());
      g.writeArrayFieldStart("mentries");
      for (Entry e : r.entries()) {
        writeEntry(e);
      }
      g.writeEndArray();
      g.writeNumberField("mcommitIndex", r.commitIndex());
    } else if (m instanceof Message.AppendEntriesResponse r) {
      g.writeBooleanField("msuccess", r.success());
      g.writeNumberField("mmatchIndex", r.matchIndex());
      g.writeNumberField("mrejectedIndex", r.rejectedIndex());
      g.writeNumberField("mhintIndex", r.hintIndex());
      g.writeNumberField("mhintTerm", r.hintTerm());
    } else if (m instanceof Message.InstallSnapshotRequest r) {
      g.writeNumberField("mlastIncludedIndex", r.lastIncludedIndex());
      g.writeNumberField("mlastIncludedTerm", r.lastIncludedTerm());
    } else if (m instanceof Message.HeartbeatRequest r) {
      g.writeNumberField("mreadId", r.readId());
      g.writeNumberField("mcommitIndex", r.commitIndex());
    } else if (m instanceof Message.HeartbeatResponse r) {
      g.writeNumberField("mreadId", r.readId());
    }
    g.writeEndObject();
  }

  private void writeEntry(Entry e) throws IOException {
    g.writeStartObject();
    g.writeNumberField("term", e.term());
    g.writeStringField("type", e.type().traceName());
    g.writeFieldName("value");
    switch (e.type()) {
      case VALUE -> g.writeString(String.valueOf(e.value()));
      case CONFIG -> {
        g.writeStartArray();
        for (String v : e.voters()) {
          g.writeString(v);
        }
        g.writeEndArray();
      }
      case NOOP -> g.writeNull();
    }
    g.writeEndObject();
  }

  private void writeState(NodeState s) throws IOException {
    g.writeStartObject();
    g.writeNumberField("currentTerm", s.currentTerm());
    writeNullableString("votedFor", s.votedFor());
    g.writeStringField("state", s.state().name());
    g.writeNumberField("commitIndex", s.commitIndex());
    g.writeNumberField("snapshotIndex", s.snapshotIndex());
    g.writeNumberField("snapshotTerm", s.snapshotTerm());
    g.writeArrayFieldStart("log");
    for (Entry e : s.log()) {
      writeEntry(e);
    }
    g.writeEndArray();
    writeStrings("votesGranted", s.votesGranted());
    writeIndexMap("nextIndex", s.nextIndex());
    writeIndexMap("matchIndex", s.matchIndex());
    g.writeArrayFieldStart("pendingReads");
    for (PendingRead r : s.pendingReads()) {
      g.writeStartObject();
      g.writeNumberField("id", r.id());
      g.writeNumberField("index", r.index());
      writeStrings("acks", r.acks());
      g.writeEndObject();
    }
    g.writeEndArray();
    g.writeEndObject();
  }

  private void writeIndexMap(String name, Map<String, Long> m) throws IOException {
    g.writeObjectFieldStart(name);
    for (Map.Entry<String, Long> e : m.entrySet()) {
      g.writeNumberField(e.getKey(), e.getValue());
    }
    g.writeEndObject();
  }

  private void writeStrings(String name, List<String> values) throws IOException {
    g.writeArrayFieldStart(name);
    for (String v : values) {
      g.writeString(v);
    }
    g.writeEndArray();
  }

  private void writeNullableString(String name, @Nullable String v) throws IOException {
    if (v == null) {
      g.writeNullField(name);
    } else {
      g.writeStringField(name, v);
    }
  }

  @Override
  public void flush() throws IOException {
    g.flush();
  }

  @Override
  public void close() throws IOException {
    g.close();
  }
}
