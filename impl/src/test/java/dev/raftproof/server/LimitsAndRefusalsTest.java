package dev.raftproof.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.raftproof.core.Message;
import dev.raftproof.core.VectorClock;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Oversize requests get 413 with the limit; peer frames of another cluster or an unknown server are refused. */
class LimitsAndRefusalsTest {
  @TempDir Path dir;

  @Test
  @Timeout(120)
  void oversizeKeyValueAndRequestAre413WithTheLimit() throws Exception {
    ServerConfig c = LocalCluster.configs(dir, 1, 1, "lim").get(0)
        .withLimits(new ServerConfig.Limits(16, 100, 200, 64, 5000, 1 << 20, 8));
    try (KvServer s = KvServer.start(c)) {
      LocalCluster.awaitLeader(List.of(c), Duration.ofSeconds(30));
      KvClient client = LocalCluster.client(List.of(c));
      KvClient.Response big = client.put("k", "x".repeat(101));
      assertEquals(413, big.status(), big.body().toString());
      assertEquals(100, big.body().path("limit").asInt());
      assertTrue(big.body().path("error").asText().contains("value"), big.body().toString());
      KvClient.Response longKey = client.put("k".repeat(17), "v");
      assertEquals(413, longKey.status());
      assertTrue(longKey.body().path("error").asText().contains("key"), longKey.body().toString());
      KvClient.Response bigCas = client.cas("k", "y".repeat(150), "z");
      assertEquals(413, bigCas.status(), bigCas.body().toString());
      KvClient.Response badCas = client.send("POST", "/v1/cas/k", "not json");
      assertEquals(400, badCas.status());
      // Nothing of the refused requests was applied; an in-limit request still works.
      assertEquals(404, client.get("k", false).status());
      assertEquals(200, client.put("k", "x".repeat(100)).status());
      assertEquals(200, client.get("k", false).status());
    }
  }

  @Test
  @Timeout(120)
  void framesOfAnotherClusterOrAnUnknownServerAreRefusedAndNeverApplied() throws Exception {
    List<ServerConfig> cs = LocalCluster.configs(dir, 3, 3, "good");
    List<KvServer> servers = new ArrayList<>();
    try {
      for (ServerConfig c : cs) {
        servers.add(KvServer.start(c));
      }
      LocalCluster.awaitLeader(cs, Duration.ofSeconds(30));
      KvServer s1 = servers.get(0);
      long termBefore = s1.driver().status().get().term();
      // A vote request with a huge term would make s1 step up to term 1000 if it were applied (UpdateTerm).
      Message vote = new Message.RequestVoteRequest(1000, "s2", "s1", 1000, 999);
      assertRefused(cs.get(0), PeerFrame.encode("other-cluster", "s2", VectorClock.EMPTY, vote), s1, 1);
      Message stranger = new Message.RequestVoteRequest(1000, "s9", "s1", 1000, 999);
      assertRefused(cs.get(0), PeerFrame.encode("good", "s9", VectorClock.EMPTY, stranger), s1, 2);
      assertRefused(cs.get(0), PeerFrame.encode("good", "s3", VectorClock.EMPTY, vote), s1, 3); // spoofed source
      long termAfter = s1.driver().status().get().term();
      assertTrue(termAfter < 1000, "term " + termBefore + " -> " + termAfter);
    } finally {
      for (KvServer s : servers) {
        s.close();
      }
    }
  }

  private static void assertRefused(ServerConfig target, byte[] frame, KvServer s, long refusedTotal)
      throws Exception {
    try (Socket sock = new Socket(target.self().raft().getHostString(), target.self().raft().getPort())) {
      sock.setSoTimeout(10_000);
      OutputStream out = sock.getOutputStream();
      out.write(frame);
      out.flush();
      InputStream in = sock.getInputStream();
      assertEquals(-1, in.read(), "the node closes the connection of a refused frame");
    }
    long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (s.transport().refusedFrames() < refusedTotal && System.nanoTime() < end) {
      Thread.sleep(10);
    }
    assertEquals(refusedTotal, s.transport().refusedFrames());
  }
}
