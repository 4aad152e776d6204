package dev.raftproof.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.raftproof.core.Entry;
import dev.raftproof.core.HardState;
import dev.raftproof.core.PersistentState;
import dev.raftproof.trace.TraceHeader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A crash between writing a Ready's trace events and persisting it: on restart the events whose persistent state is
 * not the recovered one are cut (their step never happened), and the clock resumes from the last kept event.
 */
class TraceLogCutTest {
  private static final TraceHeader HEADER = TraceHeader.node(List.of("s1", "s2", "s3"), List.of("s1", "s2", "s3"),
      "s1", "test");

  private static String event(int seq, long term, String voted, long commit, String logTerms) {
    StringBuilder log = new StringBuilder();
    for (String t : logTerms.isEmpty() ? new String[0] : logTerms.split(",")) {
      log.append(log.length() == 0 ? "" : ",").append("{\"term\":").append(t)
          .append(",\"type\":\"noop\",\"value\":null}");
    }
    return "{\"seq\":" + seq + ",\"node\":\"s1\",\"action\":\"X\",\"clock\":{\"s1\":" + seq + "},\"params\":{},"
        + "\"recv\":null,\"sent\":[],\"state\":{\"currentTerm\":" + term + ",\"votedFor\":"
        + (voted == null ? "null" : "\"" + voted + "\"") + ",\"state\":\"Follower\",\"commitIndex\":" + commit
        + ",\"snapshotIndex\":0,\"snapshotTerm\":0,\"log\":[" + log + "]}}";
  }

  private static Path file(Path dir) throws Exception {
    Path f = dir.resolve("s1.ndjson");
    TraceLog.open(f, HEADER).close(); // the header line
    List<String> lines = new ArrayList<>(Files.readAllLines(f, StandardCharsets.UTF_8));
    lines.add(event(1, 1, "s1", 0, ""));
    lines.add(event(2, 1, "s1", 0, "1"));
    lines.add(event(3, 1, "s1", 1, "1")); // commit advanced: never persisted in the first test
    lines.add(event(4, 2, null, 1, "1")); // a new term: never persisted either
    Files.write(f, lines, StandardCharsets.UTF_8);
    return f;
  }

  @Test
  void eventsOfAStepThatNeverBecameDurableAreCut(@TempDir Path dir) throws Exception {
    Path f = file(dir);
    PersistentState durable = new PersistentState(new HardState(1, "s1", 0), null, List.of(Entry.noop(1)));
    List<String> log = new ArrayList<>();
    try (TraceLog t = TraceLog.open(f, HEADER, durable, log::add)) {
      assertEquals(2, t.resumedEvents());
      assertEquals(2, t.lastClock().get("s1"));
    }
    assertEquals(3, Files.readAllLines(f, StandardCharsets.UTF_8).size(), "header + 2 events");
    assertEquals(1, log.size(), log.toString());
    assertTrue(log.get(0).contains("cut the last 2 event(s)"), log.get(0));
  }

  @Test
  void nothingIsCutWhenTheLastEventIsDurable(@TempDir Path dir) throws Exception {
    Path f = file(dir);
    PersistentState durable = new PersistentState(new HardState(2, null, 1), null, List.of(Entry.noop(1)));
    List<String> log = new ArrayList<>();
    try (TraceLog t = TraceLog.open(f, HEADER, durable, log::add)) {
      assertEquals(4, t.resumedEvents());
    }
    assertEquals(5, Files.readAllLines(f, StandardCharsets.UTF_8).size());
    assertTrue(log.isEmpty(), log.toString());
  }

  @Test
  void nothingDurableLeavesTheHeaderOnly(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("s1.ndjson");
    TraceLog.open(f, HEADER).close();
    List<String> lines = new ArrayList<>(Files.readAllLines(f, StandardCharsets.UTF_8));
    lines.add(event(1, 1, "s1", 0, ""));
    Files.write(f, lines, StandardCharsets.UTF_8);
    try (TraceLog t = TraceLog.open(f, HEADER, PersistentState.EMPTY, x -> { })) {
      assertEquals(0, t.resumedEvents());
    }
    assertEquals(1, Files.readAllLines(f, StandardCharsets.UTF_8).size());
  }
}
