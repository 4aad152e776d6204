package dev.raftproof.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * A client of the HTTP API that follows the cluster: it sends to one node, follows a 307 to the leader (or the
 * {@code leaderUrl} hint), and on 503 (no leader yet), 429 or a refused connection waits and tries the next node,
 * until {@code deadline} ends. It never retries a request whose outcome is unknown (504 or a timeout), so it never
 * applies a write twice by itself; the caller sees the 504.
 */
public final class KvClient {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final List<String> urls;
  private final HttpClient http;
  private final Duration requestTimeout;
  private final Duration deadline;
  private int current;

  /** A response: the HTTP status, the JSON body, and the node that answered. */
  public record Response(int status, JsonNode body, String url) {
    public boolean ok() {
      return status == 200;
    }
  }

  /** {@code urls}: base URLs of the nodes ({@code http://127.0.0.1:8001}), tried in order. */
  public KvClient(List<String> urls, Duration requestTimeout, Duration deadline) {
    if (urls.isEmpty()) {
      throw new IllegalArgumentException("no node URL given");
    }
    this.urls = new ArrayList<>(urls);
    this.requestTimeout = requestTimeout;
    this.deadline = deadline;
    this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1))
        .followRedirects(HttpClient.Redirect.NEVER).version(HttpClient.Version.HTTP_1_1).build();
  }

  public Response put(String key, String value) throws IOException, InterruptedException {
    return send("PUT", "/v1/kv/" + enc(key), value);
  }

  public Response get(String key, boolean stale) throws IOException, InterruptedException {
    return send("GET", "/v1/kv/" + enc(key) + (stale ? "?stale=true" : ""), null);
  }

  public Response delete(String key) throws IOException, InterruptedException {
    return send("DELETE", "/v1/kv/" + enc(key), null);
  }

  /** Compare-and-set: {@code expect} null means "the key must be absent". */
  public Response cas(String key, @Nullable String expect, String value) throws IOException, InterruptedException {
    ObjectNode b = JsonNodeFactory.instance.objectNode();
    if (expect == null) {
      b.putNull("expect");
    } else {
      b.put("expect", expect);
    }
    b.put("value", value);
    return send("POST", "/v1/cas/" + enc(key), JSON.writeValueAsString(b));
  }

  public Response addMember(String id) throws IOException, InterruptedException {
    return send("POST", "/v1/members/" + enc(id), null);
  }

  public Response removeMember(String id) throws IOException, InterruptedException {
    return send("DELETE", "/v1/members/" + enc(id), null);
  }

  /** The status of one node (no leader following). */
  public Response status(String url) throws IOException, InterruptedException {
    return once("GET", url, "/v1/status", null);
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }

  /** Sends, following leader redirects and retrying refusals that certainly did nothing, until the deadline. */
  public Response send(String method, String path, @Nullable String body) throws IOException, InterruptedException {
    long end = System.nanoTime() + deadline.toNanos();
    String target = urls.get(current);
    IOException lastError = null;
    Response last = null;
    long backoff = 50;
    while (System.nanoTime() < end) {
      try {
        Response r = once(method, target, path, body);
        last = r;
        if (r.status() == 307) {
          String leader = r.body().path("leaderUrl").asText("");
          if (!leader.isEmpty()) {
            target = leader;
            current = Math.max(0, urls.indexOf(leader));
            continue;
          }
        }
        if (r.status() != 503 && r.status() != 429) {
          return r;
        }
      } catch (ConnectException | HttpTimeoutException e) {
        if (e instanceof HttpTimeoutException && !(e instanceof java.net.http.HttpConnectTimeoutException)) {
          throw new IOException("no answer from " + target + " within " + requestTimeout.toMillis()
              + " ms: the outcome is unknown", e);
        }
        lastError = e;
      }
      // No leader there (yet), overloaded, or unreachable: nothing was done; try the next node after a pause.
      current = (current + 1) % urls.size();
      target = urls.get(current);
      Thread.sleep(backoff);
      backoff = Math.min(1000, backoff * 2);
    }
    if (last != null) {
      return last;
    }
    throw new IOException("no node answered within " + deadline.toMillis() + " ms (tried " + urls + ")",
        lastError);
  }

  private Response once(String method, String base, String path, @Nullable String body)
      throws IOException, InterruptedException {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(requestTimeout);
    b.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
        : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
    HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    JsonNode j;
    try {
      j = JSON.readTree(r.body());
    } catch (IOException e) {
      j = JsonNodeFactory.instance.textNode(r.body());
    }
    return new Response(r.statusCode(), j == null ? JsonNodeFactory.instance.nullNode() : j, base);
  }
}
