package dev.raftproof.jepsen;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** One link's proxy: forwards, black-holes (silence, not errors), heals with a fresh connection, adds delay. */
class LinkProxyTest {
  private static byte[] readN(InputStream in, int n) throws IOException {
    byte[] b = in.readNBytes(n);
    assertEquals(n, b.length, "connection closed early");
    return b;
  }

  @Test
  void passDropHealDelay() throws Exception {
    try (ServerSocket target = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
        LinkProxy p = LinkProxy.open("a->b", new InetSocketAddress("127.0.0.1", target.getLocalPort()))) {
      target.setSoTimeout(5000);
      byte[] hello = "hello".getBytes(StandardCharsets.US_ASCII);

      // pass
      try (Socket s = new Socket("127.0.0.1", p.port()); Socket t = target.accept()) {
        s.getOutputStream().write(hello);
        assertArrayEquals(hello, readN(t.getInputStream(), 5));
        // drop: this connection is closed by the proxy, the target sees EOF
        p.drop(true);
        t.setSoTimeout(5000);
        assertEquals(-1, t.getInputStream().read());
      }
      // while dropping: a new connection is accepted, but nothing reaches the target
      try (Socket s = new Socket("127.0.0.1", p.port())) {
        s.getOutputStream().write(hello); // no error for the sender
        target.setSoTimeout(500);
        assertThrows(SocketTimeoutException.class, target::accept);
        // heal: the black-holed connection is closed; a new one passes again
        p.drop(false);
        s.setSoTimeout(5000);
        assertEquals(-1, s.getInputStream().read());
      }
      target.setSoTimeout(5000);
      p.delay(300);
      try (Socket s = new Socket("127.0.0.1", p.port()); Socket t = target.accept()) {
        long t0 = System.nanoTime();
        s.getOutputStream().write(hello);
        assertArrayEquals(hello, readN(t.getInputStream(), 5));
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(ms >= 290, "delivered after " + ms + " ms, expected >= 300 ms of added delay");
      }
    }
  }
}
