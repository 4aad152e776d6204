package dev.raftproof.server;

import dev.raftproof.storage.CorruptStorageException;
import java.io.IOException;
import java.io.PrintStream;
import java.net.BindException;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * Runs one server process until SIGTERM/SIGINT (a clean stop: the API closes, queued writes are made durable) or
 * until the node stops by itself. Exit codes: 0 stopped cleanly, 64 bad configuration, a port in use or corrupt
 * storage (refused to start; the message says what to do), 70 the node stopped on an I/O error. Prints one line
 * {@code ready <id> raft=<addr> http=<addr> ...} once it serves, which {@code raft cluster up} and tests wait for.
 * Also the entry point {@code java -cp ... dev.raftproof.server.ServerMain <config.properties>}.
 */
public final class ServerMain {
  private ServerMain() {}

  public static final int OK = 0;
  public static final int BAD_INPUT = 64;
  public static final int FAILED = 70;

  public static int run(ServerConfig config, PrintStream out, PrintStream err) {
    // Timeouts on every HTTP exchange (seconds; read once by the JDK's server when it is first used).
    System.setProperty("sun.net.httpserver.maxReqTime", System.getProperty("sun.net.httpserver.maxReqTime", "30"));
    System.setProperty("sun.net.httpserver.maxRspTime", System.getProperty("sun.net.httpserver.maxRspTime", "30"));
    KvServer server;
    try {
      server = KvServer.start(config, line -> err.println("kv-server " + config.nodeId() + ": " + line));
    } catch (CorruptStorageException e) {
      err.println("kv-server " + config.nodeId() + ": " + e.getMessage());
      return BAD_INPUT;
    } catch (BindException e) {
      err.println("kv-server " + config.nodeId() + ": cannot bind " + config.self() + ": " + e.getMessage());
      return BAD_INPUT;
    } catch (IOException e) {
      err.println("kv-server " + config.nodeId() + ": cannot start: " + e);
      return BAD_INPUT;
    }
    CountDownLatch closed = new CountDownLatch(1);
    Thread hook = new Thread(() -> {
      try {
        server.close();
      } catch (IOException e) {
        err.println("kv-server " + config.nodeId() + ": error while stopping: " + e);
      } finally {
        closed.countDown();
      }
    }, "kv-server-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    out.println("ready " + config.nodeId() + " raft=" + ServerConfig.hostPort(config.self().raft()) + " http="
        + ServerConfig.hostPort(config.self().http()) + " data=" + config.dataDir()
        + (server.restarted() ? " (recovered from disk)" : " (new)"));
    out.flush();
    try {
      Throwable fatal = server.awaitFatal();
      if (fatal != null) {
        err.println("kv-server " + config.nodeId() + ": stopped: " + fatal);
        return FAILED;
      }
      closed.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return OK;
  }

  public static void main(String[] args) throws IOException {
    if (args.length != 1) {
      System.err.println("usage: ServerMain <config.properties>");
      System.exit(BAD_INPUT);
    }
    ServerConfig c;
    try {
      c = ServerConfig.load(Path.of(args[0]));
    } catch (IllegalArgumentException | IOException e) {
      System.err.println("kv-server: bad configuration: " + e.getMessage());
      System.exit(BAD_INPUT);
      return;
    }
    int code = run(c, System.out, System.err);
    if (code != OK) {
      Runtime.getRuntime().halt(code);
    }
  }
}
