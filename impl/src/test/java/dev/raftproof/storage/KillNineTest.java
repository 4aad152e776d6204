package dev.raftproof.storage;

import static org.junit.jupiter.api.Assertions.*;

import dev.raftproof.core.PersistentState;
import dev.raftproof.core.Snapshot;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real SIGKILL: a child JVM ({@link CrashChild}) appends and prints every acknowledged (fsynced) index; the test
 * kills it with destroyForcibly() mid-stream, reopens the directory and checks every acknowledged entry is there.
 * Each seed kills the same directory twice, so the second run also recovers from the first kill.
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class KillNineTest {
  @TempDir Path tmp;

  @Test
  void everyAcknowledgedEntrySurvivesKillDashNine() throws Exception {
    for (long seed : new long[] {11, 22, 33}) {
      Path dir = tmp.resolve("seed" + seed);
      SplittableRandom rnd = new SplittableRandom(seed);
      long maxAcked = 0;
      for (int round = 0; round < 2; round++) {
        int killAfter = 20 + rnd.nextInt(400);
        System.out.println("kill -9 test: seed " + seed + " round " + round + ": kill after " + killAfter + " acks");
        long acked = runAndKill(dir, seed * 10 + round, killAfter);
        maxAcked = Math.max(maxAcked, acked);
        List<String> log = new ArrayList<>();
        try (DiskStorage s = DiskStorage.open(dir, StorageTestSupport.quiet(log))) {
          PersistentState st = s.recovered();
          Snapshot snap = st.snapshot();
          long snapIndex = snap == null ? 0 : snap.index();
          if (snap != null) {
            assertArrayEquals(("snap@" + snapIndex).getBytes(StandardCharsets.UTF_8), snap.data());
          }
          long last = snapIndex + st.entries().size();
          assertTrue(last >= maxAcked, "seed " + seed + ": acknowledged up to " + maxAcked + " but recovered only "
              + last);
          for (int k = 0; k < st.entries().size(); k++) {
            assertEquals("v" + (snapIndex + 1 + k), st.entries().get(k).value(), "seed " + seed);
          }
          System.out.println("  acked " + acked + ", recovered last index " + last + " (snapshot " + snapIndex
              + ")" + (log.isEmpty() ? "" : "; " + log));
        }
      }
    }
  }

  /** Runs the child until it printed {@code killAfter} acks, SIGKILLs it; returns the highest index it acked. */
  private long runAndKill(Path dir, long seed, int killAfter) throws IOException, InterruptedException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Path err = tmp.resolve("child-" + seed + ".err");
    ProcessBuilder pb = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
        CrashChild.class.getName(), dir.toString(), Long.toString(seed));
    pb.redirectError(err.toFile());
    Process p = pb.start();
    long maxAck = 0;
    int acks = 0;
    try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      boolean killed = false;
      while ((line = r.readLine()) != null) {
        if (line.startsWith("ack ")) {
          maxAck = Math.max(maxAck, Long.parseLong(line.substring(4)));
          if (++acks >= killAfter && !killed) {
            // SIGKILL, as Process.destroyForcibly() sends, but through the ProcessHandle: Process.destroyForcibly()
            // also closes our end of the pipe, and acks already in it must still be read (they were acknowledged).
            p.toHandle().destroyForcibly();
            killed = true;
          }
        }
      }
      assertTrue(killed, "child ended by itself: " + Files.readString(err));
    } finally {
      p.destroyForcibly();
      assertTrue(p.waitFor(30, TimeUnit.SECONDS), "child did not die");
    }
    assertEquals(137, p.exitValue(), "killed by SIGKILL");
    return maxAck;
  }
}
