package dev.raftproof.server;

import dev.raftproof.core.Entry;
import dev.raftproof.core.EntryType;
import dev.raftproof.core.Message;
import dev.raftproof.core.MessageType;
import dev.raftproof.core.Snapshot;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;


/**
 * Binary encoding of the ten core {@link Message} types (the body of a peer frame; FRAMES.md). Each message is its
 * type's ordinal in {@link MessageType} (one byte), then the spec's fields in record order: longs as 8 bytes,
 * booleans as one byte, strings as u16 length + UTF-8, lists as u32 count + items. Decoding checks every length
 * against the bytes left and throws {@link IOException} on anything malformed (the frame is refused, never applied).
 */
// Terms and indexes are read and written as raw longs on the wire.
@SuppressWarnings("raftnumber")
public final class MessageCodec {
  private MessageCodec() {}

  /** The most entries / voters / bytes one decoded field may claim (guards allocations against bad input). */
  static final int MAX_COUNT = 1 << 20;

  public static void write(DataOutput out, Message m) throws IOException {
    out.writeByte(m.type().ordinal());
    out.writeLong(m.term());
    writeString(out, m.source());
    writeString(out, m.dest());
    if (m instanceof Message.PreVoteRequest r) {
      out.writeLong(r.lastLogIndex());
      out.writeLong(r.lastLogTerm());
    } else if (m instanceof Message.PreVoteResponse r) {
      out.writeBoolean(r.voteGranted());
    } else if (m instanceof Message.RequestVoteRequest r) {
      out.writeLong(r.lastLogIndex());
      out.writeLong(r.lastLogTerm());
    } else if (m instanceof Message.RequestVoteResponse r) {
      out.writeBoolean(r.voteGranted());
    } else if (m instanceof Message.AppendEntriesRequest r) {
      out.writeLong(r.prevLogIndex());
      out.writeLong(r.prevLogTerm());
      out.writeInt(r.entries().size());
      for (Entry e : r.entries()) {
        writeEntry(out, e);
      }
      out.writeLong(r.commitIndex());
    } else if (m instanceof Message.AppendEntriesResponse r) {
      out.writeBoolean(r.success());
      out.writeLong(r.matchIndex());
      out.writeLong(r.rejectedIndex());
      out.writeLong(r.hintIndex());
      out.writeLong(r.hintTerm());
    } else if (m instanceof Message.InstallSnapshotRequest r) {
      out.writeLong(r.lastIncludedIndex());
      out.writeLong(r.lastIncludedTerm());
      Snapshot s = r.snapshot();
      if (s == null) {
        throw new IOException("an InstallSnapshotRequest without snapshot data cannot be sent");
      }
      out.writeLong(s.index());
      out.writeLong(s.term());
      writeStrings(out, s.voters());
      byte[] data = s.data();
      out.writeInt(data.length);
      out.write(data);
    } else if (m instanceof Message.TimeoutNow) {
      // no fields beyond the common ones
    } else if (m instanceof Message.HeartbeatRequest r) {
      out.writeLong(r.readId());
      out.writeLong(r.commitIndex());
    } else if (m instanceof Message.HeartbeatResponse r) {
      out.writeLong(r.readId());
    }
  }

  public static Message read(DataInput in) throws IOException {
    int t = in.readUnsignedByte();
    MessageType[] types = MessageType.values();
    if (t >= types.length) {
      throw new IOException("unknown message type " + t);
    }
    long term = in.readLong();
    String source = readString(in);
    String dest = readString(in);
    switch (types[t]) {
      case PreVoteRequest:
        return new Message.PreVoteRequest(term, source, dest, in.readLong(), in.readLong());
      case PreVoteResponse:
        return new Message.PreVoteResponse(term, source, dest, in.readBoolean());
      case RequestVoteRequest:
        return new Message.RequestVoteRequest(term, source, dest, in.readLong(), in.readLong());
      case RequestVoteResponse:
        return new Message.RequestVoteResponse(term, source, dest, in.readBoolean());
      case AppendEntriesRequest: {
        long prevIndex = in.readLong();
        long prevTerm = in.readLong();
        int n = count(in.readInt());
        List<Entry> entries = new ArrayList<>(Math.min(n, 1024));
        for (int i = 0; i < n; i++) {
          entries.add(readEntry(in));
        }
        return new Message.AppendEntriesRequest(term, source, dest, prevIndex, prevTerm, entries, in.readLong());
      }
      case AppendEntriesResponse:
        return new Message.AppendEntriesResponse(term, source, dest, in.readBoolean(), in.readLong(), in.readLong(),
            in.readLong(), in.readLong());
      case InstallSnapshotRequest: {
        long lastIndex = in.readLong();
        long lastTerm = in.readLong();
        long sIndex = in.readLong();
        long sTerm = in.readLong();
        List<String> voters = readStrings(in);
        byte[] data = new byte[count(in.readInt())];
        in.readFully(data);
        return new Message.InstallSnapshotRequest(term, source, dest, lastIndex, lastTerm,
            new Snapshot(sIndex, sTerm, voters, data));
      }
      case TimeoutNow:
        return new Message.TimeoutNow(term, source, dest);
      case HeartbeatRequest:
        return new Message.HeartbeatRequest(term, source, dest, in.readLong(), in.readLong());
      case HeartbeatResponse:
      default:
        return new Message.HeartbeatResponse(term, source, dest, in.readLong());
    }
  }

  private static void writeEntry(DataOutput out, Entry e) throws IOException {
    out.writeLong(e.term());
    out.writeByte(e.type().ordinal());
    if (e.type() == EntryType.VALUE) {
      String v = e.value();
      writeLongString(out, v == null ? "" : v);
    } else if (e.type() == EntryType.CONFIG) {
      writeStrings(out, e.voters());
    }
  }

  private static Entry readEntry(DataInput in) throws IOException {
    long term = in.readLong();
    int t = in.readUnsignedByte();
    EntryType[] types = EntryType.values();
    if (t >= types.length) {
      throw new IOException("unknown entry type " + t);
    }
    try {
      return switch (types[t]) {
        case VALUE -> Entry.value(term, readLongString(in));
        case CONFIG -> Entry.config(term, readStrings(in));
        case NOOP -> Entry.noop(term);
      };
    } catch (IllegalArgumentException e) {
      throw new IOException("bad entry: " + e.getMessage(), e);
    }
  }

  static void writeString(DataOutput out, String s) throws IOException {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    if (b.length > 0xffff) {
      throw new IOException("string too long for a u16 length: " + b.length + " bytes");
    }
    out.writeShort(b.length);
    out.write(b);
  }

  static String readString(DataInput in) throws IOException {
    byte[] b = new byte[in.readUnsignedShort()];
    in.readFully(b);
    return new String(b, StandardCharsets.UTF_8);
  }

  private static void writeLongString(DataOutput out, String s) throws IOException {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    out.writeInt(b.length);
    out.write(b);
  }

  private static String readLongString(DataInput in) throws IOException {
    byte[] b = new byte[count(in.readInt())];
    in.readFully(b);
    return new String(b, StandardCharsets.UTF_8);
  }

  private static void writeStrings(DataOutput out, List<String> l) throws IOException {
    out.writeInt(l.size());
    for (String s : l) {
      writeString(out, s);
    }
  }

  private static List<String> readStrings(DataInput in) throws IOException {
    int n = count(in.readInt());
    List<String> l = new ArrayList<>(Math.min(n, 64));
    for (int i = 0; i < n; i++) {
      l.add(readString(in));
    }
    return l;
  }

  private static int count(int n) throws IOException {
    if (n < 0 || n > 64 * MAX_COUNT) {
      throw new IOException("bad count " + n);
    }
    return n;
  }

}
