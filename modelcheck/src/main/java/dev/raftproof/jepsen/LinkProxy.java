package dev.raftproof.jepsen;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A TCP proxy for one directed link i&rarr;j: node i's configuration names this proxy as server j's peer address,
 * and the proxy forwards to j's real port. A server dials every other server once and sends its messages only on
 * the connection it dialled, so this proxy carries exactly the direction i&rarr;j and one-way faults are natural.
 *
 * <p>Modes: pass (forward, optionally with added latency), drop (a black hole: existing connections are closed,
 * new ones are accepted and what arrives is read and thrown away, so the sender sees no error, only silence).
 * Switching between pass and drop closes every connection, so a frame is never cut in the middle of a stream
 * that carries on: the sender reconnects (its messages meanwhile are lost, as on a real lossy network).
 */
final class LinkProxy implements AutoCloseable {
  private final String name;
  private final InetSocketAddress target;
  private final ServerSocket listener;
  private final List<Socket> open = new ArrayList<>();
  private volatile boolean dropping;
  private volatile int delayMillis;
  private volatile boolean closed;

  private LinkProxy(String name, InetSocketAddress target) throws IOException {
    this.name = name;
    this.target = target;
    this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
  }

  /** Listens on a free loopback port and forwards to {@code target}. */
  static LinkProxy open(String name, InetSocketAddress target) throws IOException {
    LinkProxy p = new LinkProxy(name, target);
    Thread acceptor = new Thread(p::acceptLoop, "proxy-" + name);
    acceptor.setDaemon(true);
    acceptor.start();
    return p;
  }

  int port() {
    return listener.getLocalPort();
  }

  String name() {
    return name;
  }

  boolean dropping() {
    return dropping;
  }

  int delayMillis() {
    return delayMillis;
  }

  /** Black hole on or off; a change closes every connection (the sender reconnects). */
  synchronized void drop(boolean on) {
    if (dropping != on) {
      dropping = on;
      closeAll();
    }
  }

  /** Added latency for every chunk forwarded from now on (0 = none). */
  void delay(int millis) {
    delayMillis = Math.max(0, millis);
  }

  private void acceptLoop() {
    while (!closed) {
      Socket in;
      try {
        in = listener.accept();
      } catch (IOException e) {
        return; // closed
      }
      try {
        in.setTcpNoDelay(true);
        if (dropping) {
          register(in);
          start("sink", () -> drain(in));
          continue;
        }
        Socket out = new Socket();
        out.setTcpNoDelay(true);
        try {
          out.connect(target, 1000);
        } catch (IOException e) {
          in.close(); // the target is down: the sender sees a closed connection, as it would without a proxy
          continue;
        }
        register(in);
        register(out);
        start("fwd", () -> pump(in, out));
        start("back", () -> pump(out, in));
      } catch (IOException e) {
        quietClose(in);
      }
    }
  }

  private synchronized void register(Socket s) throws IOException {
    if (closed) {
      s.close();
      throw new IOException("proxy closed");
    }
    open.removeIf(Socket::isClosed);
    open.add(s);
  }

  private void start(String what, Runnable r) {
    Thread t = new Thread(r, "proxy-" + name + "-" + what);
    t.setDaemon(true);
    t.start();
  }

  private void drain(Socket in) {
    byte[] buf = new byte[8192];
    try (InputStream is = in.getInputStream()) {
      while (is.read(buf) >= 0) {
        // thrown away: the black hole
      }
    } catch (IOException e) {
      // closed
    } finally {
      quietClose(in);
    }
  }

  /** A chunk and the time it may be written (added latency keeps the order: one queue, one writer). */
  private record Chunk(byte[] data, long dueNanos) {}

  private static final Chunk EOF = new Chunk(new byte[0], 0);

  private void pump(Socket from, Socket to) {
    LinkedBlockingQueue<Chunk> q = new LinkedBlockingQueue<>();
    Thread writer = new Thread(() -> write(q, from, to), "proxy-" + name + "-writer");
    writer.setDaemon(true);
    writer.start();
    byte[] buf = new byte[16384];
    try (InputStream is = from.getInputStream()) {
      int n;
      while ((n = is.read(buf)) >= 0) {
        if (dropping) {
          break; // the mode changed under us: this connection is being closed anyway
        }
        q.add(new Chunk(Arrays.copyOf(buf, n), System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(delayMillis)));
      }
    } catch (IOException e) {
      // closed by the other side or by a mode change
    } finally {
      q.add(EOF);
    }
  }

  private void write(LinkedBlockingQueue<Chunk> q, Socket from, Socket to) {
    try (OutputStream os = to.getOutputStream()) {
      while (true) {
        Chunk c = q.take();
        if (c == EOF) {
          break;
        }
        long wait = c.dueNanos() - System.nanoTime();
        if (wait > 0) {
          TimeUnit.NANOSECONDS.sleep(wait);
        }
        os.write(c.data());
        os.flush();
      }
    } catch (IOException | InterruptedException e) {
      // closed
    } finally {
      quietClose(from);
      quietClose(to);
    }
  }

  private synchronized void closeAll() {
    for (Socket s : open) {
      quietClose(s);
    }
    open.clear();
  }

  private static void quietClose(Socket s) {
    try {
      s.close();
    } catch (IOException e) {
      // nothing to do
    }
  }

  @Override
  public void close() {
    closed = true;
    try {
      listener.close();
    } catch (IOException e) {
      // nothing to do
    }
    closeAll();
  }
}
