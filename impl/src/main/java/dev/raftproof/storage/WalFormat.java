package dev.raftproof.storage;

import dev.raftproof.core.Entry;
import dev.raftproof.core.EntryType;
import dev.raftproof.core.HardState;
import dev.raftproof.core.Snapshot;
import java.io.ByteArrayOutputStream;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * The record framing and payload encodings shared by WAL segments and snapshot files (see README.md). All integers
 * are big-endian.
 *
 * <pre>
 * record  = length:u32  type:u8  payloadCrc:u32  headerCrc:u32  payload:length bytes
 *           headerCrc  = CRC32C(length, type, payloadCrc)   (so a damaged length is never trusted)
 *           payloadCrc = CRC32C(payload)
 *           type: low 7 bits = record type, high bit = END_OF_STEP (last record of one persisted step)
 * </pre>
 */
// Byte-level codec: numbers written to and read from disk are raw longs; the record type says whether a value is
// a term or an index, and the core's records (HardState, Entry, Snapshot) check the qualifiers at their API.
@SuppressWarnings("raftnumber")
final class WalFormat {
  private WalFormat() {}

  static final int HEADER_BYTES = 13;
  /** Larger lengths are treated as damage (a frame is never this big: entries are batched per Ready). */
  static final int MAX_PAYLOAD = 256 * 1024 * 1024;
  static final int VERSION = 1;

  static final int END_OF_STEP = 0x80;

  // record types (README.md: "Record types")
  static final int SEGMENT = 1;
  static final int HARD_STATE = 2;
  static final int SNAPSHOT_REF = 3;
  static final int TRUNCATE = 4;
  static final int ENTRIES = 5;
  static final int SNAPSHOT_FILE = 6;

  // SNAPSHOT_REF kinds
  static final int REF_COMPACT = 0;
  static final int REF_INSTALL = 1;

  static String typeName(int type) {
    return switch (type) {
      case SEGMENT -> "SEGMENT";
      case HARD_STATE -> "HARD_STATE";
      case SNAPSHOT_REF -> "SNAPSHOT_REF";
      case TRUNCATE -> "TRUNCATE";
      case ENTRIES -> "ENTRIES";
      case SNAPSHOT_FILE -> "SNAPSHOT_FILE";
      default -> "unknown type " + type;
    };
  }

  static int crc(byte[] b, int off, int len) {
    CRC32C c = new CRC32C();
    c.update(b, off, len);
    return (int) c.getValue();
  }

  /** One framed record. */
  static byte[] frame(int type, byte[] payload, boolean endOfStep) {
    ByteBuffer b = ByteBuffer.allocate(HEADER_BYTES + payload.length);
    b.putInt(payload.length);
    b.put((byte) (type | (endOfStep ? END_OF_STEP : 0)));
    b.putInt(crc(payload, 0, payload.length));
    byte[] arr = b.array();
    b.putInt(crc(arr, 0, 9));
    b.put(payload);
    return arr;
  }

  /** A record read back: its type (without the END_OF_STEP bit), the bit, and the payload. */
  record Frame(int type, boolean endOfStep, byte[] payload, long offset, int size) {}

  /** Why the bytes at an offset are not a valid record; null if they are. */
  static @Nullable String check(byte[] buf, int off, int end) {
    if (end - off < HEADER_BYTES) {
      return "incomplete record header (" + (end - off) + " of " + HEADER_BYTES + " bytes)";
    }
    ByteBuffer b = ByteBuffer.wrap(buf, off, HEADER_BYTES);
    int length = b.getInt();
    b.get();
    int payloadCrc = b.getInt();
    int headerCrc = b.getInt();
    if (crc(buf, off, 9) != headerCrc) {
      return "record header checksum mismatch";
    }
    if (length < 0 || length > MAX_PAYLOAD) {
      return "implausible record length " + (length & 0xffffffffL);
    }
    if (end - off - HEADER_BYTES < length) {
      return "incomplete record (" + (end - off - HEADER_BYTES) + " of " + length + " payload bytes)";
    }
    if (crc(buf, off + HEADER_BYTES, length) != payloadCrc) {
      return "record payload checksum mismatch";
    }
    return null;
  }

  /** The record at {@code off}; call only after {@link #check} returned null. */
  static Frame read(byte[] buf, int off) {
    ByteBuffer b = ByteBuffer.wrap(buf, off, HEADER_BYTES);
    int length = b.getInt();
    int type = b.get() & 0xff;
    byte[] payload = new byte[length];
    System.arraycopy(buf, off + HEADER_BYTES, payload, 0, length);
    return new Frame(type & ~END_OF_STEP, (type & END_OF_STEP) != 0, payload, off, HEADER_BYTES + length);
  }

  // ------------------------------------------------------------------------------------------------------------
  // Payloads

  /** A growable big-endian writer. */
  static final class Out {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final ByteBuffer scratch = ByteBuffer.allocate(8);

    Out i8(int v) {
      bytes.write(v);
      return this;
    }

    Out i32(int v) {
      scratch.clear();
      scratch.putInt(v);
      bytes.write(scratch.array(), 0, 4);
      return this;
    }

    Out i64(long v) {
      scratch.clear();
      scratch.putLong(v);
      bytes.write(scratch.array(), 0, 8);
      return this;
    }

    Out str(String s) {
      byte[] b = s.getBytes(StandardCharsets.UTF_8);
      i32(b.length);
      bytes.write(b, 0, b.length);
      return this;
    }

    Out optStr(@Nullable String s) {
      if (s == null) {
        return i8(0);
      }
      i8(1);
      return str(s);
    }

    Out blob(byte[] b) {
      i32(b.length);
      bytes.write(b, 0, b.length);
      return this;
    }

    byte[] toBytes() {
      return bytes.toByteArray();
    }
  }

  /** Thrown by {@link In} when a payload does not decode (its CRC matched, so this is a format bug or version skew). */
  static final class DecodeException extends Exception {
    private static final long serialVersionUID = 1L;

    DecodeException(String message) {
      super(message);
    }
  }

  /** A big-endian reader over one payload. */
  static final class In {
    private final ByteBuffer b;

    In(byte[] payload) {
      b = ByteBuffer.wrap(payload);
    }

    int i8() throws DecodeException {
      try {
        return b.get() & 0xff;
      } catch (BufferUnderflowException e) {
        throw new DecodeException("payload too short");
      }
    }

    int i32() throws DecodeException {
      try {
        return b.getInt();
      } catch (BufferUnderflowException e) {
        throw new DecodeException("payload too short");
      }
    }

    long i64() throws DecodeException {
      try {
        return b.getLong();
      } catch (BufferUnderflowException e) {
        throw new DecodeException("payload too short");
      }
    }

    byte[] blob() throws DecodeException {
      int n = i32();
      if (n < 0 || n > b.remaining()) {
        throw new DecodeException("bad length " + n);
      }
      byte[] out = new byte[n];
      b.get(out);
      return out;
    }

    String str() throws DecodeException {
      return new String(blob(), StandardCharsets.UTF_8);
    }

    @Nullable String optStr() throws DecodeException {
      return i8() == 0 ? null : str();
    }

    void end() throws DecodeException {
      if (b.hasRemaining()) {
        throw new DecodeException(b.remaining() + " unexpected trailing bytes");
      }
    }
  }

  static byte[] segmentPayload(long seq) {
    return new Out().i32(VERSION).i64(seq).toBytes();
  }

  static byte[] hardState(HardState hs) {
    return new Out().i64(hs.currentTerm()).optStr(hs.votedFor()).i64(hs.commitIndex()).toBytes();
  }

  static HardState hardState(In in) throws DecodeException {
    long term = in.i64();
    String votedFor = in.optStr();
    long commit = in.i64();
    in.end();
    return new HardState(term, votedFor, commit);
  }

  static byte[] snapshotRef(int kind, long index, long term) {
    return new Out().i8(kind).i64(index).i64(term).toBytes();
  }

  static byte[] truncate(long fromIndex) {
    return new Out().i64(fromIndex).toBytes();
  }

  static void entry(Out o, Entry e) {
    o.i64(e.term()).i8(e.type().ordinal()).optStr(e.value()).i32(e.voters().size());
    for (String v : e.voters()) {
      o.str(v);
    }
  }

  static byte[] entries(long firstIndex, List<Entry> entries) {
    Out o = new Out().i64(firstIndex).i32(entries.size());
    for (Entry e : entries) {
      entry(o, e);
    }
    return o.toBytes();
  }

  static Entry entry(In in) throws DecodeException {
    long term = in.i64();
    int t = in.i8();
    EntryType[] types = EntryType.values();
    if (t >= types.length) {
      throw new DecodeException("unknown entry type " + t);
    }
    String value = in.optStr();
    int n = in.i32();
    if (n < 0) {
      throw new DecodeException("negative voter count");
    }
    List<String> voters = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      voters.add(in.str());
    }
    try {
      return new Entry(term, types[t], value, voters);
    } catch (IllegalArgumentException e) {
      throw new DecodeException("invalid entry: " + e.getMessage());
    }
  }

  static byte[] snapshotFile(Snapshot s) {
    Out o = new Out().i32(VERSION).i64(s.index()).i64(s.term()).i32(s.voters().size());
    for (String v : s.voters()) {
      o.str(v);
    }
    return o.blob(s.data()).toBytes();
  }

  static Snapshot snapshotFile(In in) throws DecodeException {
    int version = in.i32();
    if (version != VERSION) {
      throw new DecodeException("unsupported snapshot format version " + version);
    }
    long index = in.i64();
    long term = in.i64();
    int n = in.i32();
    if (n < 0) {
      throw new DecodeException("negative voter count");
    }
    List<String> voters = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      voters.add(in.str());
    }
    byte[] data = in.blob();
    in.end();
    return new Snapshot(index, term, voters, data);
  }
}
