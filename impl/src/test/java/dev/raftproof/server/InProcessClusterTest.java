package dev.raftproof.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A 3-node cluster in one JVM, over real TCP and HTTP on loopback: writes, reads, CAS, redirects, leader stop. */
class InProcessClusterTest {
  @TempDir Path dir;

  @Test
  @Timeout(120)
  void putGetCasDeleteAndLeaderFailover() throws Exception {
    List<ServerConfig> cs = LocalCluster.configs(dir, 3, 3, "test");
    List<KvServer> servers = new ArrayList<>();
    try {
      for (ServerConfig c : cs) {
        servers.add(KvServer.start(c));
      }
      String leader = LocalCluster.awaitLeader(cs, Duration.ofSeconds(30));
      KvClient client = LocalCluster.client(cs);
      for (int i = 0; i < 50; i++) {
        KvClient.Response r = client.put("k" + i, "v" + i);
        assertEquals(200, r.status(), r.body().toString());
      }
      assertEquals("v7", client.get("k7", false).body().path("value").asText());
      assertEquals(404, client.get("absent", false).status());
      assertEquals(412, client.cas("k1", "wrong", "x").status());
      assertEquals(200, client.cas("k1", "v1", "x").status());
      assertEquals(200, client.cas("new", null, "n").status());
      assertEquals("x", client.get("k1", false).body().path("value").asText());
      KvClient.Response d = client.delete("k2");
      assertTrue(d.body().path("deleted").asBoolean(), d.body().toString());
      assertEquals(404, client.get("k2", false).status());

      // Stop the leader; the others elect a new one and still hold every acknowledged write.
      int li = Integer.parseInt(leader.substring(1)) - 1;
      servers.get(li).close();
      List<ServerConfig> rest = new ArrayList<>(cs);
      rest.remove(li);
      String leader2 = LocalCluster.awaitLeader(rest, Duration.ofSeconds(30));
      assertTrue(!leader2.equals(leader));
      KvClient c2 = LocalCluster.client(rest);
      assertEquals(200, c2.put("after", "failover").status());
      for (int i = 3; i < 50; i++) {
        assertEquals("v" + i, c2.get("k" + i, false).body().path("value").asText());
      }
      // A follower answers a stale read itself.
      String follower = rest.get(0).nodeId().equals(leader2) ? LocalCluster.urls(rest).get(1)
          : LocalCluster.urls(rest).get(0);
      KvClient fc = new KvClient(List.of(follower), Duration.ofSeconds(5), Duration.ofSeconds(5));
      KvClient.Response stale = fc.send("GET", "/v1/kv/k9?stale=true", null);
      assertEquals(200, stale.status());
      assertEquals(follower, stale.url());
    } finally {
      for (KvServer s : servers) {
        s.close();
      }
    }
  }
}
