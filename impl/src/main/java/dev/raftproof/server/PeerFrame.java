package dev.raftproof.server;

import dev.raftproof.core.Message;
import dev.raftproof.core.VectorClock;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.TreeMap;

/**
 * One frame of the peer protocol (FRAMES.md): {@code u32 length}, then {@code u16 magic 0x5246}, {@code u8 version},
 * the cluster id, the sender's server id, the sender's vector clock (for traces) and one {@link Message}
 * ({@link MessageCodec}). A frame is decoded whole from its length-delimited bytes, so a malformed frame never
 * leaves a reader in the middle of the stream.
 */
public record PeerFrame(int version, String clusterId, String sender, VectorClock clock, Message message) {
  public static final int MAGIC = 0x5246;
  public static final int VERSION = 1;

  /** The whole frame, length prefix included. */
  public static byte[] encode(String clusterId, String sender, VectorClock clock, Message m) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(128);
    DataOutputStream out = new DataOutputStream(bytes);
    out.writeInt(0); // length, patched below
    out.writeShort(MAGIC);
    out.writeByte(VERSION);
    MessageCodec.writeString(out, clusterId);
    MessageCodec.writeString(out, sender);
    out.writeShort(clock.counters().size());
    for (var c : clock.counters().entrySet()) {
      MessageCodec.writeString(out, c.getKey());
      out.writeLong(c.getValue());
    }
    MessageCodec.write(out, m);
    out.flush();
    byte[] b = bytes.toByteArray();
    int len = b.length - 4;
    b[0] = (byte) (len >>> 24);
    b[1] = (byte) (len >>> 16);
    b[2] = (byte) (len >>> 8);
    b[3] = (byte) len;
    return b;
  }

  /**
   * Reads the next frame's body from {@code in}: its length prefix, then that many bytes. Returns null at a clean end
   * of stream (between frames).
   *
   * @throws FrameException if the length is negative or above {@code maxFrameBytes}
   */
  public static byte @org.checkerframework.checker.nullness.qual.Nullable [] readBody(InputStream in,
      int maxFrameBytes) throws IOException {
    int b0 = in.read();
    if (b0 < 0) {
      return null;
    }
    DataInputStream din = new DataInputStream(in);
    int len = (b0 << 24) | (din.readUnsignedByte() << 16) | (din.readUnsignedByte() << 8) | din.readUnsignedByte();
    if (len < 0 || len > maxFrameBytes) {
      throw new FrameException("frame length " + len + " is outside 0.." + maxFrameBytes);
    }
    byte[] body = new byte[len];
    din.readFully(body);
    return body;
  }

  /** Decodes a frame body (after the length prefix). */
  public static PeerFrame decode(byte[] body) throws FrameException {
    try {
      DataInputStream in = new DataInputStream(new ByteArrayInputStream(body));
      int magic = in.readUnsignedShort();
      if (magic != MAGIC) {
        throw new FrameException(String.format("bad magic 0x%04x (not a raftproof peer frame)", magic));
      }
      int version = in.readUnsignedByte();
      if (version != VERSION) {
        throw new FrameException("protocol version " + version + " is not supported (this node speaks "
            + VERSION + ")");
      }
      String cluster = MessageCodec.readString(in);
      String sender = MessageCodec.readString(in);
      int n = in.readUnsignedShort();
      TreeMap<String, Long> clock = new TreeMap<>();
      for (int i = 0; i < n; i++) {
        String s = MessageCodec.readString(in);
        clock.put(s, in.readLong());
      }
      Message m = MessageCodec.read(in);
      if (in.available() != 0) {
        throw new FrameException(in.available() + " trailing bytes after the message");
      }
      return new PeerFrame(version, cluster, sender, VectorClock.of(clock), m);
    } catch (FrameException e) {
      throw e;
    } catch (IOException | RuntimeException e) {
      throw new FrameException("malformed frame: " + e);
    }
  }

  /** A frame that cannot be decoded or is refused; the connection it came on is closed. */
  public static final class FrameException extends IOException {
    private static final long serialVersionUID = 1L;

    public FrameException(String message) {
      super(message);
    }
  }
}
