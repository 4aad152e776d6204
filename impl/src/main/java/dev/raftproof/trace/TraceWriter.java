package dev.raftproof.trace;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import dev.raftproof.core.Action;
import dev.raftproof.core.ActionEvent;
import dev.raftproof.core.Entry;
import dev.raftproof.core.EntryType;
import dev.raftproof.core.IndexMap;
import dev.raftproof.core.Message;
import dev.raftproof.core.MessageType;
import dev.raftproof.core.NodeState;
import dev.raftproof.core.PendingRead;
import dev.raftproof.core.Role;
import dev.raftproof.core.VectorClock;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.Flushable;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Writes a trace file in format v1 (traces/FORMAT.md §3): the header line, then one NDJSON line per
 * {@link ActionEvent}, numbering them {@code seq} = 1, 2, 3... Write an event only after its
 * {@link dev.raftproof.core.Ready} is durable.
 *
 * <p>The bytes are exactly those of Jackson's streaming generator with default settings (compact, UTF-8, the
 * generator this class used before): no spaces, {@code \n} after each line, strings escaped as Jackson escapes them.
 * The encoder is hand-written because a traced simulation writes ~760 bytes per event and most of them repeat: the
 * field names are constant byte strings here, and the {@code log} of an event — the whole live log, usually the
 * previous event's of the same node plus a few entries — is copied from the bytes written for that node's previous
 * event for every entry that is the same {@link Entry} object at the same log index (the core shares unchanged entries
 * between states). Strings that are not plain printable ASCII are escaped by Jackson itself, so even unusual values
 * come out as before.
 */
public final class TraceWriter implements Closeable, Flushable {
  private static final JsonFactory FACTORY = new JsonFactory();

  private final OutputStream out;
  private byte[] buf = new byte[1 << 16];
  private int pos;
  private long seq;
  private boolean closed;
  /** Quoted UTF-8 bytes of the server ids and enum names written as values, and of server ids as field names. */
  private final HashMap<String, byte[]> ids = new HashMap<>();
  private final HashMap<String, byte[]> keys = new HashMap<>();
  // The last server ids seen (a cluster has a few), by identity; empty slots hold a string no caller passes.
  private final String[] recentIds = emptySlots();
  private final byte[][] recentQuoted = new byte[RECENT][];
  private int recentNext;
  private final String[] recentKeys = emptySlots();
  private final byte[][] recentKeyBytes = new byte[RECENT][];
  private int recentKeyNext;
  private static final int RECENT = 10;

  private static String[] emptySlots() {
    String[] a = new String[RECENT];
    java.util.Arrays.fill(a, new String(""));
    return a;
  }
  /** The encoded log of each node's previous event, to copy unchanged entries from. */
  private final HashMap<String, LogBytes> logs = new HashMap<>();
  /** Jackson, only for strings that need escaping or are not ASCII (then the bytes are Jackson's by construction). */
  private @Nullable ByteArrayOutputStream sideBytes;
  private @Nullable JsonGenerator side;

  /**
   * The encoded entries of one node's live log as of its last written event: entry {@code k} (log index
   * {@code snapshotIndex + 1 + k}) is {@code bytes[start[k] .. end[k])}, encoded from {@code entries.get(k)}.
   */
  private static final class LogBytes {
    List<Entry> entries = List.of();
    long snapshotIndex;
    byte[] bytes = new byte[1024];
    int[] start = new int[16];
    int[] end = new int[16];
  }

  /** Starts a trace on {@code out} (which this writer closes) by writing {@code header}. */
  public TraceWriter(OutputStream out, TraceHeader header) {
    this.out = out;
    writeHeader(header);
  }

  private TraceWriter(OutputStream out, long lastSeq) {
    this.out = out;
    this.seq = lastSeq;
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
    raw(OPEN_SEQ);
    number(++seq);
    raw(NODE);
    id(e.node());
    raw(ACTION);
    raw(ACTIONS[e.action().ordinal()]);
    raw(CLOCK);
    VectorClock c = e.clock();
    for (int i = 0; i < c.size(); i++) {
      if (i > 0) {
        raw((byte) ',');
      }
      key(c.server(i));
      number(c.counter(i));
    }
    raw((byte) '}');
    writeParams(e.params());
    Message recv = e.recv();
    raw(RECV);
    if (recv == null) {
      raw(NULL);
    } else {
      writeMessage(recv);
    }
    raw(SENT);
    boolean first = true;
    for (Message m : e.sent()) {
      if (!first) {
        raw((byte) ',');
      }
      first = false;
      writeMessage(m);
    }
    raw((byte) ']');
    raw(STATE);
    writeState(e.state());
    raw((byte) '}');
    raw((byte) '\n');
  }

  private void writeHeader(TraceHeader h) {
    raw(bytes("{\"format\":"));
    string(TraceHeader.FORMAT);
    raw(bytes(",\"version\":"));
    number(h.version());
    raw(bytes(",\"servers\":"));
    strings(h.servers());
    raw(bytes(",\"initServers\":"));
    strings(h.initServers());
    raw(bytes(",\"node\":"));
    nullableString(h.node());
    raw(bytes(",\"source\":"));
    string(h.source());
    raw(bytes(",\"seed\":"));
    Long seed = h.seed();
    if (seed == null) {
      raw(NULL);
    } else {
      number(seed);
    }
    raw((byte) '}');
    raw((byte) '\n');
  }

  private void writeParams(ActionEvent.Params p) {
    raw(PARAMS);
    boolean first = true;
    String peer = p.peer();
    if (peer != null) {
      raw(PEER);
      id(peer);
      first = false;
    }
    String value = p.value();
    if (value != null) {
      raw(first ? VALUE_FIRST : VALUE_NEXT);
      string(value);
      first = false;
    }
    Long index = p.index();
    if (index != null) {
      raw(first ? INDEX_FIRST : INDEX_NEXT);
      number(index);
      first = false;
    }
    Long readId = p.readId();
    if (readId != null) {
      raw(first ? READ_ID_FIRST : READ_ID_NEXT);
      number(readId);
    }
    raw((byte) '}');
  }

  private void writeMessage(Message m) {
    raw(MTYPE);
    raw(MESSAGE_TYPES[m.type().ordinal()]);
    raw(MTERM);
    number(m.term());
    raw(MSOURCE);
    id(m.source());
    raw(MDEST);
    id(m.dest());
    if (m instanceof Message.PreVoteRequest r) {
      raw(MLAST_LOG_INDEX);
      number(r.lastLogIndex());
      raw(MLAST_LOG_TERM);
      number(r.lastLogTerm());
    } else if (m instanceof Message.RequestVoteRequest r) {
      raw(MLAST_LOG_INDEX);
      number(r.lastLogIndex());
      raw(MLAST_LOG_TERM);
      number(r.lastLogTerm());
    } else if (m instanceof Message.PreVoteResponse r) {
      raw(MVOTE_GRANTED);
      bool(r.voteGranted());
    } else if (m instanceof Message.RequestVoteResponse r) {
      raw(MVOTE_GRANTED);
      bool(r.voteGranted());
    } else if (m instanceof Message.AppendEntriesRequest r) {
      raw(MPREV_LOG_INDEX);
      number(r.prevLogIndex());
      raw(MPREV_LOG_TERM);
      number(r.prevLogTerm());
      raw(MENTRIES);
      boolean first = true;
      for (Entry e : r.entries()) {
        if (!first) {
          raw((byte) ',');
        }
        first = false;
        writeEntry(e);
      }
      raw((byte) ']');
      raw(MCOMMIT_INDEX);
      number(r.commitIndex());
    } else if (m instanceof Message.AppendEntriesResponse r) {
      raw(MSUCCESS);
      bool(r.success());
      raw(MMATCH_INDEX);
      number(r.matchIndex());
      raw(MREJECTED_INDEX);
      number(r.rejectedIndex());
      raw(MHINT_INDEX);
      number(r.hintIndex());
      raw(MHINT_TERM);
      number(r.hintTerm());
    } else if (m instanceof Message.InstallSnapshotRequest r) {
      raw(MLAST_INCLUDED_INDEX);
      number(r.lastIncludedIndex());
      raw(MLAST_INCLUDED_TERM);
      number(r.lastIncludedTerm());
    } else if (m instanceof Message.HeartbeatRequest r) {
      raw(MREAD_ID);
      number(r.readId());
      raw(MCOMMIT_INDEX);
      number(r.commitIndex());
    } else if (m instanceof Message.HeartbeatResponse r) {
      raw(MREAD_ID);
      number(r.readId());
    }
    raw((byte) '}');
  }

  private void writeEntry(Entry e) {
    raw(TERM);
    number(e.term());
    raw(TYPE);
    raw(ENTRY_TYPES[e.type().ordinal()]);
    raw(VALUE_FIELD);
    switch (e.type()) {
      case VALUE -> string(String.valueOf(e.value()));
      case CONFIG -> strings(e.voters());
      case NOOP -> raw(NULL);
    }
    raw((byte) '}');
  }

  private void writeState(NodeState s) {
    raw(CURRENT_TERM);
    number(s.currentTerm());
    raw(VOTED_FOR);
    nullableString(s.votedFor());
    raw(STATE_FIELD);
    raw(ROLES[s.state().ordinal()]);
    raw(COMMIT_INDEX);
    number(s.commitIndex());
    raw(SNAPSHOT_INDEX);
    number(s.snapshotIndex());
    raw(SNAPSHOT_TERM);
    number(s.snapshotTerm());
    raw(LOG);
    writeLog(s.id(), s.snapshotIndex(), s.log());
    raw(VOTES_GRANTED);
    strings(s.votesGranted());
    raw(NEXT_INDEX);
    indexMap(s.nextIndex());
    raw(MATCH_INDEX);
    indexMap(s.matchIndex());
    raw(PENDING_READS);
    boolean first = true;
    for (PendingRead r : s.pendingReads()) {
      if (!first) {
        raw((byte) ',');
      }
      first = false;
      raw(READ_ID);
      number(r.id());
      raw(READ_INDEX);
      number(r.index());
      raw(ACKS);
      strings(r.acks());
      raw((byte) '}');
    }
    raw((byte) ']');
    raw((byte) '}');
  }

  /**
   * The live log, with the encoding of every entry that {@code node}'s previous event had at the same index as the
   * same object copied instead of re-encoded (the same bytes: an entry's encoding depends only on the entry).
   */
  private void writeLog(String node, long snapshotIndex, List<Entry> log) {
    LogBytes c = logs.get(node);
    if (c == null) {
      c = new LogBytes();
      logs.put(node, c);
    }
    int n = log.size();
    if (c.entries == log && c.snapshotIndex == snapshotIndex) {
      if (n > 0) {
        raw(c.bytes, 0, c.end[n - 1]);
      }
      return;
    }
    List<Entry> old = c.entries;
    // Old entry k and new entry k - shift are at the same log index.
    long shift = snapshotIndex - c.snapshotIndex;
    int reuse = 0;
    if (shift >= 0 && shift <= old.size()) {
      int s = (int) shift;
      int max = Math.min(n, old.size() - s);
      while (reuse < max && old.get(s + reuse) == log.get(reuse)) {
        reuse++;
      }
    }
    byte[] nb = c.bytes;
    int[] ns = c.start;
    int[] ne = c.end;
    int len = 0;
    if (reuse > 0) {
      int s = (int) shift;
      int from = c.start[s];
      len = c.end[s + reuse - 1] - from;
      if (ns.length < n) {
        ns = new int[Math.max(n, 2 * ns.length)];
        ne = new int[ns.length];
      }
      if (from > 0) {
        System.arraycopy(c.bytes, from, c.bytes, 0, len);
      }
      for (int k = 0; k < reuse; k++) {
        ns[k] = c.start[s + k] - from;
        ne[k] = c.end[s + k] - from;
      }
    } else if (ns.length < n) {
      ns = new int[Math.max(n, 2 * ns.length)];
      ne = new int[ns.length];
    }
    // Encode the rest into the output buffer, then keep a copy of those bytes for the next event.
    raw(nb, 0, len);
    for (int k = reuse; k < n; k++) {
      if (k > 0) {
        raw((byte) ',');
      }
      Entry entry = log.get(k);
      ensure(entryBound(entry)); // no drain while the entry is written: its bytes stay in buf to be kept
      int at = pos;
      writeEntry(entry);
      int elen = pos - at;
      int start = k > 0 ? len + 1 : len;
      if (start + elen > nb.length) {
        nb = Arrays.copyOf(nb, Math.max(start + elen, 2 * nb.length));
      }
      if (k > 0) {
        nb[len] = (byte) ',';
      }
      System.arraycopy(buf, at, nb, start, elen);
      ns[k] = start;
      ne[k] = start + elen;
      len = start + elen;
    }
    c.bytes = nb;
    c.start = ns;
    c.end = ne;
    c.entries = log;
    c.snapshotIndex = snapshotIndex;
  }

  /** At least the encoded size of {@code e} (a char takes at most 6 bytes: an escape like \\u001F). */
  private static int entryBound(Entry e) {
    int n = 64;
    String v = e.value();
    if (v != null) {
      n += 6 * v.length();
    }
    for (String s : e.voters()) {
      n += 6 * s.length() + 3;
    }
    return n;
  }

  private void indexMap(Map<String, Long> m) {
    if (m instanceof IndexMap im) {
      for (int i = 0; i < im.size(); i++) {
        if (i > 0) {
          raw((byte) ',');
        }
        key(im.keyAt(i));
        number(im.valueAt(i));
      }
      raw((byte) '}');
      return;
    }
    boolean first = true;
    for (Map.Entry<String, Long> e : m.entrySet()) {
      if (!first) {
        raw((byte) ',');
      }
      first = false;
      key(e.getKey());
      number(e.getValue());
    }
    raw((byte) '}');
  }

  private void strings(List<String> values) {
    raw((byte) '[');
    for (int i = 0; i < values.size(); i++) {
      if (i > 0) {
        raw((byte) ',');
      }
      id(values.get(i));
    }
    raw((byte) ']');
  }

  private void nullableString(@Nullable String v) {
    if (v == null) {
      raw(NULL);
    } else {
      id(v);
    }
  }

  private void bool(boolean b) {
    raw(b ? TRUE : FALSE);
  }

  // ---- the encoder ------------------------------------------------------------------------------------------

  /** A JSON string value: printable ASCII without quote or backslash is copied; anything else goes to Jackson. */
  private void string(String s) {
    int n = s.length();
    ensure(n + 2);
    byte[] b = buf;
    int p = pos;
    b[p++] = '"';
    for (int i = 0; i < n; i++) {
      char ch = s.charAt(i);
      if (ch < 0x20 || ch > 0x7e || ch == '"' || ch == '\\') {
        raw(quote(s)); // pos was not advanced: the partial copy is overwritten
        return;
      }
      b[p++] = (byte) ch;
    }
    b[p++] = '"';
    pos = p;
  }

  /**
   * A server id as a string value: a small set, so its quoted bytes are kept. The ids of a run are the same few
   * string objects: found by identity among the last ones seen before any hashing.
   */
  private void id(String s) {
    String[] r = recentIds;
    for (int i = 0; i < r.length; i++) {
      if (r[i] == s) {
        raw(recentQuoted[i]);
        return;
      }
    }
    byte[] q = ids.get(s);
    if (q == null) {
      q = quote(s);
      if (ids.size() < 1024) {
        ids.put(s, q);
      }
    }
    int slot = recentNext;
    recentIds[slot] = s;
    recentQuoted[slot] = q;
    recentNext = (slot + 1) % recentIds.length;
    raw(q);
  }

  /** A server id as a field name (clock, nextIndex, matchIndex), quoted as Jackson quotes names, and a colon. */
  private void key(String s) {
    String[] r = recentKeys;
    for (int i = 0; i < r.length; i++) {
      if (r[i] == s) {
        raw(recentKeyBytes[i]);
        return;
      }
    }
    byte[] q = keys.get(s);
    if (q == null) {
      byte[] inner = JsonStringEncoder.getInstance().quoteAsUTF8(s);
      q = new byte[inner.length + 3];
      q[0] = '"';
      System.arraycopy(inner, 0, q, 1, inner.length);
      q[q.length - 2] = '"';
      q[q.length - 1] = ':';
      if (keys.size() < 1024) {
        keys.put(s, q);
      }
    }
    int slot = recentKeyNext;
    recentKeys[slot] = s;
    recentKeyBytes[slot] = q;
    recentKeyNext = (slot + 1) % recentKeys.length;
    raw(q);
  }

  /** The quoted bytes of {@code s} exactly as Jackson's generator writes the string value {@code s}. */
  private byte[] quote(String s) {
    boolean plain = true;
    for (int i = 0; i < s.length() && plain; i++) {
      char ch = s.charAt(i);
      plain = ch >= 0x20 && ch <= 0x7e && ch != '"' && ch != '\\';
    }
    if (plain) {
      byte[] q = new byte[s.length() + 2];
      q[0] = '"';
      for (int i = 0; i < s.length(); i++) {
        q[i + 1] = (byte) s.charAt(i);
      }
      q[q.length - 1] = '"';
      return q;
    }
    try {
      ByteArrayOutputStream bo = sideBytes;
      JsonGenerator g = side;
      if (bo == null || g == null) {
        bo = new ByteArrayOutputStream();
        g = FACTORY.createGenerator(bo, JsonEncoding.UTF8);
        g.setRootValueSeparator(new com.fasterxml.jackson.core.io.SerializedString(""));
        sideBytes = bo;
        side = g;
      }
      g.writeString(s);
      g.flush();
      byte[] q = bo.toByteArray();
      bo.reset();
      return q;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void number(long v) {
    ensure(20);
    if (v >= 0 && v < 10) {
      buf[pos++] = (byte) ('0' + v);
      return;
    }
    if (v == Long.MIN_VALUE) {
      raw(bytes(Long.toString(v)));
      return;
    }
    byte[] b = buf;
    if (v < 0) {
      b[pos++] = '-';
      v = -v;
    }
    int digits = 1;
    for (long t = v; t >= 10; t /= 10) {
      digits++;
    }
    int p = pos + digits;
    pos = p;
    do {
      b[--p] = (byte) ('0' + (int) (v % 10));
      v /= 10;
    } while (v != 0);
  }

  private void raw(byte b) {
    if (pos == buf.length) {
      drain();
    }
    buf[pos++] = b;
  }

  private void raw(byte[] b) {
    raw(b, 0, b.length);
  }

  private void raw(byte[] b, int off, int len) {
    ensure(len);
    System.arraycopy(b, off, buf, pos, len);
    pos += len;
  }

  /** Room for {@code n} more bytes in {@link #buf}: writes it out when more than half full, grows it if need be. */
  private void ensure(int n) {
    if (pos + n > buf.length) {
      drain();
      if (n > buf.length) {
        buf = Arrays.copyOf(buf, Math.max(n, 2 * buf.length));
      }
    }
  }

  private void drain() {
    if (pos == 0) {
      return;
    }
    try {
      out.write(buf, 0, pos);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    pos = 0;
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /** The quoted names of the spec's actions, message types, roles and entry types (plain ASCII), by ordinal. */
  private static byte[][] quotedNames(String[] names) {
    byte[][] q = new byte[names.length][];
    for (int i = 0; i < names.length; i++) {
      q[i] = bytes('"' + names[i] + '"');
    }
    return q;
  }

  private static final byte[][] ACTIONS =
      quotedNames(java.util.Arrays.stream(Action.values()).map(Enum::name).toArray(String[]::new));
  private static final byte[][] MESSAGE_TYPES =
      quotedNames(java.util.Arrays.stream(MessageType.values()).map(Enum::name).toArray(String[]::new));
  private static final byte[][] ROLES =
      quotedNames(java.util.Arrays.stream(Role.values()).map(Enum::name).toArray(String[]::new));
  private static final byte[][] ENTRY_TYPES =
      quotedNames(java.util.Arrays.stream(EntryType.values()).map(EntryType::traceName).toArray(String[]::new));

  // The fixed parts of an event, in the order written (field names are plain ASCII: no escaping).
  private static final byte[] OPEN_SEQ = bytes("{\"seq\":");
  private static final byte[] NODE = bytes(",\"node\":");
  private static final byte[] ACTION = bytes(",\"action\":");
  private static final byte[] CLOCK = bytes(",\"clock\":{");
  private static final byte[] PARAMS = bytes(",\"params\":{");
  private static final byte[] PEER = bytes("\"peer\":");
  private static final byte[] VALUE_FIRST = bytes("\"value\":");
  private static final byte[] VALUE_NEXT = bytes(",\"value\":");
  private static final byte[] INDEX_FIRST = bytes("\"index\":");
  private static final byte[] INDEX_NEXT = bytes(",\"index\":");
  private static final byte[] READ_ID_FIRST = bytes("\"readId\":");
  private static final byte[] READ_ID_NEXT = bytes(",\"readId\":");
  private static final byte[] RECV = bytes(",\"recv\":");
  private static final byte[] SENT = bytes(",\"sent\":[");
  private static final byte[] STATE = bytes(",\"state\":");
  private static final byte[] NULL = bytes("null");
  private static final byte[] TRUE = bytes("true");
  private static final byte[] FALSE = bytes("false");
  private static final byte[] MTYPE = bytes("{\"mtype\":");
  private static final byte[] MTERM = bytes(",\"mterm\":");
  private static final byte[] MSOURCE = bytes(",\"msource\":");
  private static final byte[] MDEST = bytes(",\"mdest\":");
  private static final byte[] MLAST_LOG_INDEX = bytes(",\"mlastLogIndex\":");
  private static final byte[] MLAST_LOG_TERM = bytes(",\"mlastLogTerm\":");
  private static final byte[] MVOTE_GRANTED = bytes(",\"mvoteGranted\":");
  private static final byte[] MPREV_LOG_INDEX = bytes(",\"mprevLogIndex\":");
  private static final byte[] MPREV_LOG_TERM = bytes(",\"mprevLogTerm\":");
  private static final byte[] MENTRIES = bytes(",\"mentries\":[");
  private static final byte[] MCOMMIT_INDEX = bytes(",\"mcommitIndex\":");
  private static final byte[] MSUCCESS = bytes(",\"msuccess\":");
  private static final byte[] MMATCH_INDEX = bytes(",\"mmatchIndex\":");
  private static final byte[] MREJECTED_INDEX = bytes(",\"mrejectedIndex\":");
  private static final byte[] MHINT_INDEX = bytes(",\"mhintIndex\":");
  private static final byte[] MHINT_TERM = bytes(",\"mhintTerm\":");
  private static final byte[] MLAST_INCLUDED_INDEX = bytes(",\"mlastIncludedIndex\":");
  private static final byte[] MLAST_INCLUDED_TERM = bytes(",\"mlastIncludedTerm\":");
  private static final byte[] MREAD_ID = bytes(",\"mreadId\":");
  private static final byte[] TERM = bytes("{\"term\":");
  private static final byte[] TYPE = bytes(",\"type\":");
  private static final byte[] VALUE_FIELD = bytes(",\"value\":");
  private static final byte[] CURRENT_TERM = bytes("{\"currentTerm\":");
  private static final byte[] VOTED_FOR = bytes(",\"votedFor\":");
  private static final byte[] STATE_FIELD = bytes(",\"state\":");
  private static final byte[] COMMIT_INDEX = bytes(",\"commitIndex\":");
  private static final byte[] SNAPSHOT_INDEX = bytes(",\"snapshotIndex\":");
  private static final byte[] SNAPSHOT_TERM = bytes(",\"snapshotTerm\":");
  private static final byte[] LOG = bytes(",\"log\":[");
  private static final byte[] VOTES_GRANTED = bytes("],\"votesGranted\":");
  private static final byte[] NEXT_INDEX = bytes(",\"nextIndex\":{");
  private static final byte[] MATCH_INDEX = bytes(",\"matchIndex\":{");
  private static final byte[] PENDING_READS = bytes(",\"pendingReads\":[");
  private static final byte[] READ_ID = bytes("{\"id\":");
  private static final byte[] READ_INDEX = bytes(",\"index\":");
  private static final byte[] ACKS = bytes(",\"acks\":");

  @Override
  public void flush() throws IOException {
    drain();
    out.flush();
  }

  @Override
  public void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    try {
      drain();
      out.flush();
    } finally {
      out.close();
    }
  }
}
