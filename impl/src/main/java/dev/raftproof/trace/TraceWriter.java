package dev.raftproof.trace;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.SerializedString;
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
import java.util.concurrent.ConcurrentHashMap;
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
  /**
   * Field names and enum-like values, UTF-8 encoded and escaped once: Jackson then copies their bytes instead of
   * encoding the same few dozen strings for every event (the writer's main cost). Same bytes in the file.
   */
  private static final ConcurrentHashMap<String, SerializedString> NAMES = new ConcurrentHashMap<>();

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
      g.writeFieldName(name("seq"));
      g.writeNumber(++seq);
      g.writeFieldName(name("node"));
      g.writeString(e.node());
      g.writeFieldName(name("action"));
      g.writeString(name(e.action().name()));
      g.writeFieldName(name("clock"));
      g.writeStartObject();
      for (Map.Entry<String, Long> c : e.clock().counters().entrySet()) {
        g.writeFieldName(name(c.getKey()));
        g.writeNumber(c.getValue());
      }
      g.writeEndObject();
      writeParams(e.params());
      Message recv = e.recv();
      g.writeFieldName(name("recv"));
      if (recv == null) {
        g.writeNull();
      } else {
        writeMessage(recv);
      }
      g.writeFieldName(name("sent"));
      g.writeStartArray();
      for (Message m : e.sent()) {
        writeMessage(m);
      }
      g.writeEndArray();
      g.writeFieldName(name("state"));
      writeState(e.state());
      g.writeEndObject();
      g.writeRaw('\n');
    } catch (IOException ex) {
      throw new UncheckedIOException(ex);
    }
  }

  private void writeHeader(TraceHeader h) throws IOException {
    g.writeStartObject();
    g.writeFieldName(name("format"));
    g.writeString(TraceHeader.FORMAT);
    g.writeFieldName(name("version"));
    g.writeNumber(h.version());
    writeStrings("servers", h.servers());
    writeStrings("initServers", h.initServers());
    writeNullableString("node", h.node());
    g.writeFieldName(name("source"));
    g.writeString(h.source());
    Long seed = h.seed();
    if (seed == null) {
      g.writeFieldName(name("seed"));
      g.writeNull();
    } else {
      g.writeFieldName(name("seed"));
      g.writeNumber(seed);
    }
    g.writeEndObject();
    g.writeRaw('\n');
  }

  private void writeParams(ActionEvent.Params p) throws IOException {
    g.writeFieldName(name("params"));
    g.writeStartObject();
    String peer = p.peer();
    if (peer != null) {
      g.writeFieldName(name("peer"));
      g.writeString(peer);
    }
    String value = p.value();
    if (value != null) {
      g.writeFieldName(name("value"));
      g.writeString(value);
    }
    Long index = p.index();
    if (index != null) {
      g.writeFieldName(name("index"));
      g.writeNumber(index);
    }
    Long readId = p.readId();
    if (readId != null) {
      g.writeFieldName(name("readId"));
      g.writeNumber(readId);
    }
    g.writeEndObject();
  }

  private void writeMessage(Message m) throws IOException {
    g.writeStartObject();
    g.writeFieldName(name("mtype"));
    g.writeString(name(m.type().name()));
    g.writeFieldName(name("mterm"));
    g.writeNumber(m.term());
    g.writeFieldName(name("msource"));
    g.writeString(m.source());
    g.writeFieldName(name("mdest"));
    g.writeString(m.dest());
    if (m instanceof Message.PreVoteRequest r) {
      g.writeFieldName(name("mlastLogIndex"));
      g.writeNumber(r.lastLogIndex());
      g.writeFieldName(name("mlastLogTerm"));
      g.writeNumber(r.lastLogTerm());
    } else if (m instanceof Message.RequestVoteRequest r) {
      g.writeFieldName(name("mlastLogIndex"));
      g.writeNumber(r.lastLogIndex());
      g.writeFieldName(name("mlastLogTerm"));
      g.writeNumber(r.lastLogTerm());
    } else if (m instanceof Message.PreVoteResponse r) {
      g.writeFieldName(name("mvoteGranted"));
      g.writeBoolean(r.voteGranted());
    } else if (m instanceof Message.RequestVoteResponse r) {
      g.writeFieldName(name("mvoteGranted"));
      g.writeBoolean(r.voteGranted());
    } else if (m instanceof Message.AppendEntriesRequest r) {
      g.writeFieldName(name("mprevLogIndex"));
      g.writeNumber(r.prevLogIndex());
      g.writeFieldName(name("mprevLogTerm"));
      g.writeNumber(r.prevLogTerm());
      g.writeFieldName(name("mentries"));
      g.writeStartArray();
      for (Entry e : r.entries()) {
        writeEntry(e);
      }
      g.writeEndArray();
      g.writeFieldName(name("mcommitIndex"));
      g.writeNumber(r.commitIndex());
    } else if (m instanceof Message.AppendEntriesResponse r) {
      g.writeFieldName(name("msuccess"));
      g.writeBoolean(r.success());
      g.writeFieldName(name("mmatchIndex"));
      g.writeNumber(r.matchIndex());
      g.writeFieldName(name("mrejectedIndex"));
      g.writeNumber(r.rejectedIndex());
      g.writeFieldName(name("mhintIndex"));
      g.writeNumber(r.hintIndex());
      g.writeFieldName(name("mhintTerm"));
      g.writeNumber(r.hintTerm());
    } else if (m instanceof Message.InstallSnapshotRequest r) {
      g.writeFieldName(name("mlastIncludedIndex"));
      g.writeNumber(r.lastIncludedIndex());
      g.writeFieldName(name("mlastIncludedTerm"));
      g.writeNumber(r.lastIncludedTerm());
    } else if (m instanceof Message.HeartbeatRequest r) {
      g.writeFieldName(name("mreadId"));
      g.writeNumber(r.readId());
      g.writeFieldName(name("mcommitIndex"));
      g.writeNumber(r.commitIndex());
    } else if (m instanceof Message.HeartbeatResponse r) {
      g.writeFieldName(name("mreadId"));
      g.writeNumber(r.readId());
    }
    g.writeEndObject();
  }

  private void writeEntry(Entry e) throws IOException {
    g.writeStartObject();
    g.writeFieldName(name("term"));
    g.writeNumber(e.term());
    g.writeFieldName(name("type"));
    g.writeString(name(e.type().traceName()));
    g.writeFieldName(name("value"));
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
    g.writeFieldName(name("currentTerm"));
    g.writeNumber(s.currentTerm());
    writeNullableString("votedFor", s.votedFor());
    g.writeFieldName(name("state"));
    g.writeString(name(s.state().name()));
    g.writeFieldName(name("commitIndex"));
    g.writeNumber(s.commitIndex());
    g.writeFieldName(name("snapshotIndex"));
    g.writeNumber(s.snapshotIndex());
    g.writeFieldName(name("snapshotTerm"));
    g.writeNumber(s.snapshotTerm());
    g.writeFieldName(name("log"));
    g.writeStartArray();
    for (Entry e : s.log()) {
      writeEntry(e);
    }
    g.writeEndArray();
    writeStrings("votesGranted", s.votesGranted());
    writeIndexMap("nextIndex", s.nextIndex());
    writeIndexMap("matchIndex", s.matchIndex());
    g.writeFieldName(name("pendingReads"));
    g.writeStartArray();
    for (PendingRead r : s.pendingReads()) {
      g.writeStartObject();
      g.writeFieldName(name("id"));
      g.writeNumber(r.id());
      g.writeFieldName(name("index"));
      g.writeNumber(r.index());
      writeStrings("acks", r.acks());
      g.writeEndObject();
    }
    g.writeEndArray();
    g.writeEndObject();
  }

  private void writeIndexMap(String field, Map<String, Long> m) throws IOException {
    g.writeFieldName(name(field));
    g.writeStartObject();
    for (Map.Entry<String, Long> e : m.entrySet()) {
      g.writeFieldName(name(e.getKey()));
      g.writeNumber(e.getValue());
    }
    g.writeEndObject();
  }

  private void writeStrings(String field, List<String> values) throws IOException {
    g.writeFieldName(name(field));
    g.writeStartArray();
    for (String v : values) {
      g.writeString(v);
    }
    g.writeEndArray();
  }

  private void writeNullableString(String field, @Nullable String v) throws IOException {
    if (v == null) {
      g.writeFieldName(name(field));
      g.writeNull();
    } else {
      g.writeFieldName(name(field));
      g.writeString(v);
    }
  }

  /** Field names, server ids and enum names: a small set, shared by every writer of the JVM. */
  private static SerializedString name(String s) {
    SerializedString n = NAMES.get(s);
    return n != null ? n : NAMES.computeIfAbsent(s, SerializedString::new);
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
