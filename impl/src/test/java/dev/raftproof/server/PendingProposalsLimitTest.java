package dev.raftproof.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code limit.pending.proposals}: a leader whose proposals cannot commit (its majority is stopped) accepts only
 * that many; the next write is answered 429 with a retry hint ({@code Retry-After} header, {@code retryAfterMs}) and
 * is not applied; once the majority is back the backlog commits and writes succeed again.
 */
class PendingProposalsLimitTest {
  private static final int LIMIT = 2;
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  @Test
  @Timeout(120)
  void writesOverThePendingLimitAre429WithARetryHintUntilTheBacklogCommits() throws Exception {
    // Ticks of 50 ms, election timeout 40 ticks (2-4 s): the leader keeps its role for a while after its
    // followers stop (CheckQuorum), long enough to fill its pending proposals.
    ServerConfig.Limits limits = new ServerConfig.Limits(1024, 65536, 131072, LIMIT, 20_000, 1 << 20, 16);
    List<ServerConfig> cs = new ArrayList<>();
    for (ServerConfig c : LocalCluster.configs(dir, 3, 3, "pending")) {
      cs.add(new ServerConfig(c.nodeId(), c.clusterId(), c.servers(), c.initialVoters(), c.dataDir(), null, null,
          50, 40, 1, 10000, limits));
    }
    List<KvServer> servers = new ArrayList<>();
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(2)).build();
    try {
      for (ServerConfig c : cs) {
        servers.add(KvServer.start(c));
      }
      String leader = LocalCluster.awaitLeader(cs, Duration.ofSeconds(30));
      int l = Integer.parseInt(leader.substring(1)) - 1;
      String leaderUrl = LocalCluster.urls(cs).get(l);
      KvClient client = LocalCluster.client(cs);
      assertEquals(200, client.put("before", "1").status(), "a write commits while the majority is up");

      List<Integer> followers = new ArrayList<>();
      for (int i = 0; i < cs.size(); i++) {
        if (i != l) {
          followers.add(i);
          servers.get(i).close();
        }
      }
      // LIMIT writes that cannot commit now: they wait on the leader as pending proposals.
      List<CompletableFuture<HttpResponse<String>>> backlog = new ArrayList<>();
      for (int i = 0; i < LIMIT; i++) {
        backlog.add(http.sendAsync(put(leaderUrl, "backlog" + i), HttpResponse.BodyHandlers.ofString()));
      }
      // The next write is refused with 429 (once the backlog arrived; before that a write may join the backlog).
      HttpResponse<String> refused = null;
      long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      int attempt = 0;
      while (System.nanoTime() < end) {
        CompletableFuture<HttpResponse<String>> f =
            http.sendAsync(put(leaderUrl, "refused" + attempt++), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> r;
        try {
          r = f.get(2, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
          r = null;
        }
        if (r != null && r.statusCode() == 429) {
          refused = r;
          break;
        }
        if (r == null) {
          backlog.add(f); // no answer yet: it joined the backlog (or its 429 is slow; both are checked below)
        }
      }
      assertNotNull(refused, "no 429 within 10 s with " + LIMIT + " proposals pending and the majority stopped");
      JsonNode body = JSON.readTree(refused.body());
      assertTrue(refused.headers().firstValue("Retry-After").isPresent(), "Retry-After header: " + refused.headers());
      assertTrue(body.path("retryAfterMs").asLong() > 0, body.toString());
      assertEquals("not-applied", body.path("outcome").asText(), body.toString());
      assertTrue(body.path("error").asText().contains("pending"), body.toString());
      String refusedKey = "refused" + (attempt - 1);

      // The majority comes back: the backlog commits (or is answered as replaced), and writes succeed again.
      for (int i : followers) {
        servers.set(i, KvServer.start(cs.get(i)));
      }
      for (CompletableFuture<HttpResponse<String>> f : backlog) {
        HttpResponse<String> r = f.get(); // bounded by limit.request.timeout.ms (20 s) and the test's timeout
        // 200 committed; 503 replaced by a new leader's entry (the leader may step down meanwhile); 429 a slow refusal.
        assertTrue(r.statusCode() == 200 || r.statusCode() == 503 || r.statusCode() == 429, "a backlog write: "
            + r.statusCode() + " " + r.body());
      }
      for (int i = 0; i < 2 * LIMIT; i++) {
        KvClient.Response r = client.put("after" + i, "v" + i);
        assertEquals(200, r.status(), "write after the backlog drained: " + r.body());
      }
      // The refused write was never applied; the others were.
      assertEquals(404, client.get(refusedKey, false).status(), "the 429'd write must not be applied");
      assertEquals("v0", client.get("after0", false).body().path("value").asText());
      assertFalse(client.get("before", false).body().path("value").isNull());
    } finally {
      for (KvServer s : servers) {
        s.close();
      }
    }
  }

  private static HttpRequest put(String base, String key) {
    return HttpRequest.newBuilder(URI.create(base + "/v1/kv/" + key)).timeout(Duration.ofSeconds(30))
        .PUT(HttpRequest.BodyPublishers.ofString("x")).build();
  }
}
