package dev.raftproof.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * The client API over HTTP/JSON (the JDK's {@code com.sun.net.httpserver}; keep-alive by default). Routes, status
 * codes and limits: README.md in this package. Every request waits at most {@code limits.requestTimeoutMillis}
 * for the node; a write whose outcome is not known by then is answered 504 and recorded {@code :info}.
 */
public final class HttpApi implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  static {
    // TCP_NODELAY on client connections (read once, when the JDK's server is first used). Without it the answer's
    // second write (the body after the headers) waits for the client's delayed ACK: ~40 ms per request.
    System.setProperty("sun.net.httpserver.nodelay", System.getProperty("sun.net.httpserver.nodelay", "true"));
  }

  private final ServerConfig config;
  private final NodeDriver node;
  private final @Nullable ClientHistory history;
  private final PeerTransport transport;
  private final HttpServer server;
  private final ExecutorService executor;

  HttpApi(ServerConfig config, NodeDriver node, @Nullable ClientHistory history, PeerTransport transport)
      throws IOException {
    this.config = config;
    this.node = node;
    this.history = history;
    this.transport = transport;
    InetSocketAddress a = config.self().http();
    this.server = HttpServer.create(new InetSocketAddress(a.getHostString(), a.getPort()), 256);
    AtomicInteger n = new AtomicInteger();
    this.executor = Executors.newFixedThreadPool(config.limits().httpThreads(), r -> {
      Thread t = new Thread(r, "raft-http-" + config.nodeId() + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    server.setExecutor(executor);
    server.createContext("/v1/kv/", ex -> guarded(ex, this::kv));
    server.createContext("/v1/cas/", ex -> guarded(ex, this::cas));
    server.createContext("/v1/members/", ex -> guarded(ex, this::members));
    server.createContext("/v1/status", ex -> guarded(ex, this::status));
    server.createContext("/", ex -> guarded(ex, e -> reply(e, 404, Map.of("error",
        "no such route; try /v1/kv/<key>, /v1/cas/<key>, /v1/members/<id>, /v1/status"))));
  }

  void start() {
    server.start();
  }

  /** The bound client address (useful with port 0). */
  public InetSocketAddress address() {
    return server.getAddress();
  }

  private interface Handler {
    void handle(HttpExchange ex) throws IOException;
  }

  private void guarded(HttpExchange ex, Handler h) {
    // Not try-with-resources: the exchange must stay open in the catch blocks, which still answer.
    try {
      h.handle(ex);
    } catch (TooLarge e) {
      try {
        // Read (and drop) what the client still sends, up to 1 MiB, so that it sees the answer, not a reset.
        try {
          drain(ex);
        } catch (IOException alreadyRead) {
          // the body was read (and closed) before the limit was found
        }
        ex.getResponseHeaders().set("Connection", "close");
        reply(ex, 413, Map.<String, Object>of("error", String.valueOf(e.getMessage()), "limit", e.limit));
      } catch (IOException ignored) {
        // the client went away
      }
    } catch (BadRequest e) {
      try {
        reply(ex, 400, Map.<String, Object>of("error", String.valueOf(e.getMessage())));
      } catch (IOException ignored) {
        // the client went away
      }
    } catch (IOException | RuntimeException e) {
      try {
        reply(ex, 500, Map.<String, Object>of("error", "internal error: " + e));
      } catch (IOException | RuntimeException ignored) {
        // the response may have started already
      }
    } finally {
      ex.close();
    }
  }

  // ---------------------------------------------------------------------------------------------------------
  // Routes

  /** PUT (body = value), GET (?stale=true for a local read), DELETE on /v1/kv/{key}. */
  private void kv(HttpExchange ex) throws IOException {
    String key = key(ex, "/v1/kv/");
    switch (ex.getRequestMethod()) {
      case "PUT", "POST" -> {
        String value = body(ex, config.limits().maxValueBytes(), "value");
        ClientHistory.@Nullable Op op = record("put", key, ClientHistory.str(value));
        Answer a = await(node.propose(KvOp.put(key, value)));
        if (a.kind() == Answer.Kind.OK) {
          complete(op, a, ClientHistory.str(value));
          reply(ex, 200, ok(a));
        } else {
          complete(op, a, ClientHistory.str(value));
          error(ex, a);
        }
      }
      case "DELETE" -> {
        drain(ex);
        ClientHistory.@Nullable Op op = record("delete", key, null);
        Answer a = await(node.propose(KvOp.delete(key)));
        complete(op, a, null);
        if (a.kind() == Answer.Kind.OK) {
          Map<String, @Nullable Object> m = ok(a);
          KvResult r = a.result();
          m.put("deleted", r != null && r.existed());
          reply(ex, 200, m);
        } else {
          error(ex, a);
        }
      }
      case "GET" -> {
        drain(ex);
        boolean stale = "true".equals(query(ex).get("stale"));
        ClientHistory.@Nullable Op op = stale ? null : record("get", key, null);
        Answer a = await(stale ? node.staleRead(key) : node.read(key));
        if (op != null) {
          if (a.kind() == Answer.Kind.OK) {
            op.ok(ClientHistory.str(a.value()));
          } else {
            op.fail(null); // a read that was not served had no effect
          }
        }
        if (a.kind() != Answer.Kind.OK) {
          error(ex, a);
          return;
        }
        Map<String, @Nullable Object> m = new LinkedHashMap<>();
        m.put("key", key);
        m.put("value", a.value());
        m.put("index", a.index());
        if (stale) {
          m.put("stale", true);
        }
        reply(ex, a.value() == null ? 404 : 200, m);
      }
      default -> reply(ex, 405, Map.of("error", "method " + ex.getRequestMethod() + " not allowed on /v1/kv/"));
    }
  }

  /** POST /v1/cas/{key} with {@code {"expect": old-or-null, "value": new}}: set if the current value is old. */
  private void cas(HttpExchange ex) throws IOException {
    if (!ex.getRequestMethod().equals("POST") && !ex.getRequestMethod().equals("PUT")) {
      reply(ex, 405, Map.of("error", "use POST /v1/cas/<key> with {\"expect\": ..., \"value\": ...}"));
      return;
    }
    String key = key(ex, "/v1/cas/");
    String body = body(ex, config.limits().maxRequestBytes(), "request");
    JsonNode j;
    try {
      j = JSON.readTree(body);
    } catch (IOException e) {
      throw new BadRequest("body is not JSON: " + e.getMessage());
    }
    if (j == null || !j.isObject() || !j.path("value").isTextual()) {
      throw new BadRequest("body must be {\"expect\": \"old\" or null, \"value\": \"new\"}");
    }
    JsonNode e = j.path("expect");
    String expect = e.isTextual() ? e.asText() : null;
    if (!e.isMissingNode() && !e.isNull() && !e.isTextual()) {
      throw new BadRequest("expect must be a string or null (null: the key must be absent)");
    }
    String value = j.path("value").asText();
    checkSize(value, config.limits().maxValueBytes(), "value");
    if (expect != null) {
      checkSize(expect, config.limits().maxValueBytes(), "expect");
    }
    String edn = "[" + ClientHistory.str(expect) + " " + ClientHistory.str(value) + "]";
    ClientHistory.@Nullable Op op = record("cas", key, edn);
    Answer a = await(node.propose(KvOp.cas(key, expect, value)));
    KvResult r = a.result();
    if (a.kind() == Answer.Kind.OK && r != null && !r.applied()) {
      if (op != null) {
        op.fail(edn); // the precondition did not hold: the state is unchanged
      }
      Map<String, @Nullable Object> m = new LinkedHashMap<>();
      m.put("ok", false);
      m.put("succeeded", false);
      m.put("current", r.current());
      m.put("index", a.index());
      reply(ex, 412, m);
      return;
    }
    complete(op, a, edn);
    if (a.kind() == Answer.Kind.OK) {
      Map<String, @Nullable Object> m = ok(a);
      m.put("succeeded", true);
      reply(ex, 200, m);
    } else {
      error(ex, a);
    }
  }

  /** POST /v1/members/{id} adds a voter, DELETE removes one (single-server changes, D§4.1). */
  private void members(HttpExchange ex) throws IOException {
    drain(ex);
    String id = key(ex, "/v1/members/");
    boolean add;
    switch (ex.getRequestMethod()) {
      case "POST", "PUT" -> add = true;
      case "DELETE" -> add = false;
      default -> {
        reply(ex, 405, Map.of("error", "POST /v1/members/<id> adds, DELETE removes"));
        return;
      }
    }
    if (!config.servers().containsKey(id)) {
      reply(ex, 400, Map.of("error", "unknown server " + id + ": servers are fixed at start: "
          + config.servers().keySet()));
      return;
    }
    Answer a = await(node.changeMembership(id, add));
    if (a.kind() == Answer.Kind.OK) {
      Map<String, @Nullable Object> m = ok(a);
      m.put(add ? "added" : "removed", id);
      reply(ex, 200, m);
    } else {
      error(ex, a);
    }
  }

  /** GET /v1/status: role, term, commit and applied index, voters, each follower's progress, links. */
  private void status(HttpExchange ex) throws IOException {
    drain(ex);
    NodeDriver.StatusView s;
    try {
      s = node.status().get(config.limits().requestTimeoutMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    } catch (ExecutionException | TimeoutException e) {
      reply(ex, 503, Map.of("error", "node is not answering: " + e));
      return;
    }
    Map<String, @Nullable Object> m = new LinkedHashMap<>();
    m.put("id", s.id());
    m.put("clusterId", config.clusterId());
    m.put("role", s.role());
    m.put("term", s.term());
    m.put("leader", s.leader());
    String leader = s.leader();
    if (leader != null) {
      m.put("leaderUrl", url(leader));
    }
    m.put("commitIndex", s.commitIndex());
    m.put("appliedIndex", s.appliedIndex());
    m.put("lastIndex", s.lastIndex());
    m.put("snapshotIndex", s.snapshotIndex());
    m.put("voters", s.voters());
    Map<String, @Nullable Object> progress = new LinkedHashMap<>();
    for (String f : s.matchIndex().keySet()) {
      if (!f.equals(s.id())) {
        progress.put(f, Map.of("matchIndex", s.matchIndex().get(f), "nextIndex",
            s.nextIndex().getOrDefault(f, 0L)));
      }
    }
    m.put("progress", progress);
    Map<String, @Nullable Object> links = new LinkedHashMap<>();
    transport.linkStats().forEach((k, v) -> links.put(k, Map.of("connected", v.connected(), "sent", v.sent(),
        "dropped", v.dropped(), "connects", v.connects())));
    m.put("peers", links);
    m.put("framesReceived", transport.receivedFrames());
    m.put("framesRefused", transport.refusedFrames());
    reply(ex, 200, m);
  }

  // ---------------------------------------------------------------------------------------------------------
  // Helpers

  private ClientHistory.@Nullable Op record(String f, String key, @Nullable String valueEdn) {
    ClientHistory h = history;
    return h == null ? null : h.invoke(f, key, valueEdn);
  }

  /** Records the completion: ok, fail (certainly not applied) or info (unknown). */
  private static void complete(ClientHistory.@Nullable Op op, Answer a, @Nullable String valueEdn) {
    if (op == null) {
      return;
    }
    switch (a.kind()) {
      case OK -> op.ok(valueEdn);
      case UNKNOWN -> op.info(valueEdn);
      default -> op.fail(valueEdn);
    }
  }

  private Answer await(CompletableFuture<Answer> f) {
    try {
      return f.get(config.limits().requestTimeoutMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      return Answer.of(Answer.Kind.UNKNOWN, null, "timed out after " + config.limits().requestTimeoutMillis()
          + " ms: the outcome is unknown (the write may still be applied)");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Answer.of(Answer.Kind.UNKNOWN, null, "interrupted");
    } catch (ExecutionException e) {
      return Answer.of(Answer.Kind.UNKNOWN, null, "failed: " + e.getCause());
    }
  }

  private static Map<String, @Nullable Object> ok(Answer a) {
    Map<String, @Nullable Object> m = new LinkedHashMap<>();
    m.put("ok", true);
    m.put("index", a.index());
    return m;
  }

  private String url(String server) {
    ServerConfig.Peer p = config.servers().get(server);
    return p == null ? "" : "http://" + ServerConfig.hostPort(p.http());
  }

  /** Answers a request that was not carried out (or whose outcome is unknown). */
  private void error(HttpExchange ex, Answer a) throws IOException {
    Map<String, @Nullable Object> m = new LinkedHashMap<>();
    m.put("ok", false);
    m.put("error", a.reason());
    switch (a.kind()) {
      case NOT_LEADER -> {
        String leader = a.leader();
        if (leader == null || leader.equals(config.nodeId())) {
          m.put("outcome", "not-applied");
          m.put("retryAfterMs", config.tickMillis() * config.electionTicks());
          ex.getResponseHeaders().set("Retry-After", "1");
          reply(ex, 503, m);
        } else {
          String target = url(leader) + ex.getRequestURI().getRawPath()
              + (ex.getRequestURI().getRawQuery() == null ? "" : "?" + ex.getRequestURI().getRawQuery());
          m.put("outcome", "not-applied");
          m.put("leader", leader);
          m.put("leaderUrl", url(leader));
          ex.getResponseHeaders().set("Location", target);
          reply(ex, 307, m);
        }
      }
      case RETRY, LOST -> {
        m.put("outcome", "not-applied");
        m.put("retryAfterMs", 100);
        ex.getResponseHeaders().set("Retry-After", "1");
        reply(ex, 503, m);
      }
      case OVERLOADED -> {
        m.put("outcome", "not-applied");
        m.put("retryAfterMs", 100);
        ex.getResponseHeaders().set("Retry-After", "1");
        reply(ex, 429, m);
      }
      case REJECTED -> {
        m.put("outcome", "not-applied");
        reply(ex, 409, m);
      }
      default -> {
        m.put("outcome", "unknown");
        reply(ex, 504, m);
      }
    }
  }

  private String key(HttpExchange ex, String prefix) {
    String raw = ex.getRequestURI().getRawPath();
    if (!raw.startsWith(prefix) || raw.length() == prefix.length()) {
      throw new BadRequest("missing key: use " + prefix + "<key>");
    }
    String key = URLDecoder.decode(raw.substring(prefix.length()), StandardCharsets.UTF_8);
    checkSize(key, config.limits().maxKeyBytes(), "key");
    return key;
  }

  private static void checkSize(String s, int limit, String what) {
    int n = s.getBytes(StandardCharsets.UTF_8).length;
    if (n > limit) {
      throw new TooLarge(what + " is " + n + " bytes; the limit is " + limit + " bytes", limit);
    }
  }

  /** The request body as UTF-8, refused (413) past {@code limit} bytes without reading more than limit + 1. */
  private String body(HttpExchange ex, int limit, String what) throws IOException {
    int cap = Math.min(limit, config.limits().maxRequestBytes());
    String len = ex.getRequestHeaders().getFirst("Content-Length");
    if (len != null) {
      try {
        long n = Long.parseLong(len.trim());
        if (n > cap) {
          throw new TooLarge(what + " is " + n + " bytes; the limit is " + cap + " bytes", cap);
        }
      } catch (NumberFormatException e) {
        throw new BadRequest("bad Content-Length: " + len);
      }
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buf = new byte[8192];
    try (InputStream in = ex.getRequestBody()) {
      int r;
      while ((r = in.read(buf)) >= 0) {
        out.write(buf, 0, r);
        if (out.size() > cap) {
          throw new TooLarge(what + " is over the limit of " + cap + " bytes", cap);
        }
      }
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  /** Reads and discards a body the route does not use (at most 1 MiB), so the connection can be kept alive. */
  private static void drain(HttpExchange ex) throws IOException {
    InputStream in = ex.getRequestBody();
    byte[] buf = new byte[4096];
    int total = 0;
    int r;
    while (total < (1 << 20) && (r = in.read(buf)) >= 0) {
      total += r;
    }
  }

  private static Map<String, String> query(HttpExchange ex) {
    Map<String, String> m = new LinkedHashMap<>();
    String q = ex.getRequestURI().getRawQuery();
    if (q != null) {
      for (String kv : q.split("&")) {
        int eq = kv.indexOf('=');
        if (eq > 0) {
          m.put(URLDecoder.decode(kv.substring(0, eq), StandardCharsets.UTF_8),
              URLDecoder.decode(kv.substring(eq + 1), StandardCharsets.UTF_8));
        } else if (!kv.isEmpty()) {
          m.put(kv, "true");
        }
      }
    }
    return m;
  }

  private static void reply(HttpExchange ex, int code, Map<String, ? extends @Nullable Object> body) throws IOException {
    byte[] b = JSON.writeValueAsBytes(body);
    ex.getResponseHeaders().set("Content-Type", "application/json");
    ex.sendResponseHeaders(code, b.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(b);
    }
  }

  private static final class TooLarge extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final int limit;

    TooLarge(String message, int limit) {
      super(message);
      this.limit = limit;
    }
  }

  private static final class BadRequest extends RuntimeException {
    private static final long serialVersionUID = 1L;

    BadRequest(String message) {
      super(message);
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
