package dev.raftproof.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Online membership changes while two clients write: add s4, remove s1, add s5, remove s2 (one server at a time,
 * D§4.1). Every acknowledged write is then read back (linearizably) from the final configuration {s3, s4, s5}.
 */
class MembershipUnderLoadTest {
  @TempDir Path dir;

  @Test
  @Timeout(240)
  void addAndRemoveServersWhileWriting() throws Exception {
    List<ServerConfig> cs = LocalCluster.configs(dir, 3, 5, "members");
    List<KvServer> servers = new ArrayList<>();
    Map<String, String> acked = new ConcurrentHashMap<>();
    AtomicBoolean stop = new AtomicBoolean();
    AtomicInteger failures = new AtomicInteger();
    List<Thread> writers = new ArrayList<>();
    try {
      for (ServerConfig c : cs) {
        servers.add(KvServer.start(c)); // s4 and s5 run but are not voters: they never campaign
      }
      LocalCluster.awaitLeader(cs.subList(0, 3), Duration.ofSeconds(30));
      for (int w = 0; w < 2; w++) {
        int wid = w;
        Thread t = new Thread(() -> {
          KvClient c = LocalCluster.client(cs);
          for (int i = 0; !stop.get(); i++) {
            String k = "w" + wid + "-" + i;
            try {
              KvClient.Response r = c.put(k, "v" + i);
              if (r.ok()) {
                acked.put(k, "v" + i);
              } else {
                failures.incrementAndGet();
              }
            } catch (Exception e) {
              failures.incrementAndGet();
            }
          }
        });
        t.start();
        writers.add(t);
      }
      KvClient admin = LocalCluster.client(cs);
      String[][] steps = {{"add", "s4"}, {"remove", "s1"}, {"add", "s5"}, {"remove", "s2"}};
      for (String[] step : steps) {
        int before = acked.size();
        KvClient.Response r = step[0].equals("add") ? admin.addMember(step[1]) : admin.removeMember(step[1]);
        assertEquals(200, r.status(), step[0] + " " + step[1] + ": " + r.body());
        long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (acked.size() < before + 20 && System.nanoTime() < end) {
          Thread.sleep(20); // let the load run in the new configuration
        }
      }
      stop.set(true);
      for (Thread t : writers) {
        t.join(30_000);
      }
      List<ServerConfig> fin = cs.subList(2, 5);
      String leader = LocalCluster.awaitLeader(fin, Duration.ofSeconds(30));
      KvClient c = LocalCluster.client(fin);
      KvClient.Response st = c.status(LocalCluster.urls(cs).get(Integer.parseInt(leader.substring(1)) - 1));
      assertEquals("[\"s3\",\"s4\",\"s5\"]", st.body().path("voters").toString());
      assertTrue(acked.size() >= 80, "acknowledged writes: " + acked.size() + ", failures " + failures);
      for (Map.Entry<String, String> e : acked.entrySet()) {
        KvClient.Response r = c.get(e.getKey(), false);
        assertEquals(e.getValue(), r.body().path("value").asText(), e.getKey() + ": " + r.body());
      }
      System.out.println("membership under load: " + acked.size() + " acknowledged writes, " + failures
          + " refused or unknown, final voters " + st.body().path("voters"));
    } finally {
      stop.set(true);
      for (KvServer s : servers) {
        s.close();
      }
    }
  }
}
