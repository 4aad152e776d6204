package dev.raftproof.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.raftproof.storage.CorruptStorageException;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A server's start after damage to its write-ahead log: a torn tail is cut and logged; a corrupt record refuses. */
class WalRecoveryServerTest {
  @TempDir Path dir;

  private ServerConfig single() throws Exception {
    return LocalCluster.configs(dir, 1, 1, "wal").get(0);
  }

  private static void write(ServerConfig c, int from, int to) throws Exception {
    try (KvServer s = KvServer.start(c)) {
      KvClient client = LocalCluster.client(List.of(c));
      LocalCluster.awaitLeader(List.of(c), Duration.ofSeconds(30));
      for (int i = from; i < to; i++) {
        assertEquals(200, client.put("k" + i, "v" + i).status());
      }
    }
  }

  private static List<Path> segments(Path data) throws Exception {
    try (Stream<Path> s = Files.list(data)) {
      return s.filter(p -> p.getFileName().toString().matches("wal-.*\\.log")).sorted().toList();
    }
  }

  @Test
  @Timeout(120)
  void tornTailIsTruncatedAndLoggedAndNoAcknowledgedWriteIsLost() throws Exception {
    ServerConfig c = single();
    write(c, 0, 20);
    List<Path> segs = segments(c.dataDir());
    Path last = segs.get(segs.size() - 1);
    long before = Files.size(last);
    // A step cut short by a crash: a few bytes of a record header and payload, no END_OF_STEP, no valid CRC.
    Files.write(last, new byte[] {0, 0, 0, 40, 7, 1, 2, 3, 4, 5, 6}, StandardOpenOption.APPEND);
    List<String> log = new CopyOnWriteArrayList<>();
    try (KvServer s = KvServer.start(c, log::add)) {
      assertTrue(s.restarted());
      LocalCluster.awaitLeader(List.of(c), Duration.ofSeconds(30));
      KvClient client = LocalCluster.client(List.of(c));
      for (int i = 0; i < 20; i++) {
        assertEquals("v" + i, client.get("k" + i, false).body().path("value").asText());
      }
    }
    assertTrue(log.stream().anyMatch(l -> l.contains("torn write")), "recovery log: " + log);
    assertEquals(before, Files.size(last), "the torn bytes were cut");
  }

  @Test
  @Timeout(120)
  void corruptRecordBeforeTheEndRefusesToStartWithAClearMessage() throws Exception {
    ServerConfig c = single();
    write(c, 0, 30);
    write(c, 30, 31); // a second run: the first segment is no longer the last one
    List<Path> segs = segments(c.dataDir());
    Path victim = segs.get(0);
    long size = Files.size(victim);
    try (RandomAccessFile f = new RandomAccessFile(victim.toFile(), "rw")) {
      long off = size / 2;
      f.seek(off);
      int b = f.read();
      f.seek(off);
      f.write(b ^ 0x5a);
    }
    CorruptStorageException e = assertThrows(CorruptStorageException.class, () -> KvServer.start(c).close());
    assertTrue(e.getMessage().startsWith("refusing to start"), e.getMessage());
    assertTrue(e.getMessage().contains(victim.getFileName().toString()), e.getMessage());

    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = ServerMain.run(c, new PrintStream(new ByteArrayOutputStream(), true),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    assertEquals(ServerMain.BAD_INPUT, code);
    String msg = err.toString(StandardCharsets.UTF_8);
    assertTrue(msg.contains("refusing to start") && msg.contains("byte offset"), msg);
    assertTrue(!msg.contains("\tat "), "no stack trace: " + msg);
    List<String> lines = new ArrayList<>(List.of(msg.split("\n")));
    assertEquals(1, lines.size(), msg);
  }
}
