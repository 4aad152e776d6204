package dev.raftproof.bench;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * One keep-alive HTTP/1.1 connection of one benchmark client (one request at a time, as a Go stdlib client with a
 * persistent connection does). Deliberately minimal so that the load generator costs the same small amount of CPU
 * for both systems on a shared 2-core machine: the request is written with one {@code write}, the answer parsed by
 * hand (status line, {@code Content-Length} or chunked body). Not a general client: no redirects, no TLS.
 */
final class HttpConn implements AutoCloseable {
  private final String host;
  private final int port;
  private final byte[] hostHeader;
  private Socket socket;
  private OutputStream out;
  private InputStream in;
  private final byte[] line = new byte[8192];
  /** The last answer's body (valid until the next request). */
  byte[] body = new byte[4096];
  int bodyLength;

  HttpConn(String host, int port) throws IOException {
    this.host = host;
    this.port = port;
    this.hostHeader = ("Host: " + host + ":" + port + "\r\n").getBytes(StandardCharsets.US_ASCII);
    connect();
  }

  private void connect() throws IOException {
    Socket s = new Socket();
    s.setTcpNoDelay(true);
    s.connect(new InetSocketAddress(host, port), 2000);
    s.setSoTimeout(30_000);
    socket = s;
    out = s.getOutputStream();
    in = new BufferedInputStream(s.getInputStream(), 16384);
  }

  /** Sends one request and reads the whole answer; returns the status code (body in {@link #body}). */
  int send(String method, String path, byte[] requestBody, String contentType) throws IOException {
    byte[] head = (method + " " + path + " HTTP/1.1\r\n").getBytes(StandardCharsets.US_ASCII);
    byte[] tail = ("Content-Type: " + contentType + "\r\nContent-Length: " + requestBody.length + "\r\n\r\n")
        .getBytes(StandardCharsets.US_ASCII);
    byte[] req = new byte[head.length + hostHeader.length + tail.length + requestBody.length];
    int p = 0;
    System.arraycopy(head, 0, req, p, head.length);
    p += head.length;
    System.arraycopy(hostHeader, 0, req, p, hostHeader.length);
    p += hostHeader.length;
    System.arraycopy(tail, 0, req, p, tail.length);
    p += tail.length;
    System.arraycopy(requestBody, 0, req, p, requestBody.length);
    out.write(req);
    out.flush();
    return readResponse();
  }

  private int readResponse() throws IOException {
    int n = readLine();
    if (n < 12) {
      throw new IOException("bad status line: " + new String(line, 0, Math.max(n, 0), StandardCharsets.US_ASCII));
    }
    int status = (line[9] - '0') * 100 + (line[10] - '0') * 10 + (line[11] - '0');
    long length = -1;
    boolean chunked = false;
    boolean close = false;
    while ((n = readLine()) > 0) {
      String h = new String(line, 0, n, StandardCharsets.US_ASCII);
      int colon = h.indexOf(':');
      if (colon < 0) {
        continue;
      }
      String name = h.substring(0, colon).trim();
      String value = h.substring(colon + 1).trim();
      if (name.equalsIgnoreCase("Content-Length")) {
        length = Long.parseLong(value);
      } else if (name.equalsIgnoreCase("Transfer-Encoding") && value.equalsIgnoreCase("chunked")) {
        chunked = true;
      } else if (name.equalsIgnoreCase("Connection") && value.equalsIgnoreCase("close")) {
        close = true;
      }
    }
    if (n < 0) {
      throw new IOException("connection closed in the headers");
    }
    bodyLength = 0;
    if (chunked) {
      while (true) {
        int m = readLine();
        if (m < 0) {
          throw new IOException("connection closed in a chunked body");
        }
        String sz = new String(line, 0, m, StandardCharsets.US_ASCII);
        int semi = sz.indexOf(';');
        int size = Integer.parseInt((semi < 0 ? sz : sz.substring(0, semi)).trim(), 16);
        if (size == 0) {
          while (readLine() > 0) {
            // trailers
          }
          break;
        }
        readBody(size);
        readLine(); // CRLF after the chunk
      }
    } else if (length > 0) {
      readBody((int) length);
    }
    if (close) {
      socket.close();
      connect();
    }
    return status;
  }

  private void readBody(int size) throws IOException {
    if (bodyLength + size > body.length) {
      byte[] b = new byte[Math.max(body.length * 2, bodyLength + size)];
      System.arraycopy(body, 0, b, 0, bodyLength);
      body = b;
    }
    int off = bodyLength;
    int end = bodyLength + size;
    while (off < end) {
      int r = in.read(body, off, end - off);
      if (r < 0) {
        throw new IOException("connection closed in the body");
      }
      off += r;
    }
    bodyLength = end;
  }

  /** Reads one line without its CRLF into {@link #line}; returns its length, or -1 at end of stream. */
  private int readLine() throws IOException {
    int n = 0;
    while (true) {
      int c = in.read();
      if (c < 0) {
        return n == 0 ? -1 : n;
      }
      if (c == '\n') {
        return n > 0 && line[n - 1] == '\r' ? n - 1 : n;
      }
      if (n < line.length) {
        line[n++] = (byte) c;
      }
    }
  }

  /** True if the last body contains {@code needle} (a cheap check that a read returned the value written). */
  boolean bodyContains(byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= bodyLength; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (body[i + j] != needle[j]) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }

  String bodyText() {
    return new String(body, 0, bodyLength, StandardCharsets.UTF_8);
  }

  @Override
  public void close() {
    try {
      socket.close();
    } catch (IOException e) {
      // closing anyway
    }
  }
}
