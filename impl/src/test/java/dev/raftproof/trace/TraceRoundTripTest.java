package dev.raftproof.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.raftproof.core.ActionEvent;
import dev.raftproof.core.Entry;
import dev.raftproof.core.Message;
import dev.raftproof.core.RaftNode;
import dev.raftproof.core.RaftOptions;
import dev.raftproof.core.Ready;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class TraceRoundTripTest {
  static final List<String> SERVERS = List.of("s1", "s2", "s3");

  /** Three nodes, FIFO delivery: an election, two proposals, a read. */
  static List<ActionEvent> someRun() {
    RaftOptions o = RaftOptions.DEFAULT.withTracing(true);
    List<RaftNode> nodes = new ArrayList<>();
    for (String s : SERVERS) {
      nodes.add(RaftNode.create(s, SERVERS, SERVERS, o, new SplittableRandom(7)));
    }
    List<ActionEvent> events = new ArrayList<>();
    List<Message> net = new ArrayList<>();
    Runnable drain = () -> {
      for (RaftNode n : nodes) {
        while (n.hasReady()) {
          Ready r = n.ready();
          events.addAll(r.events());
          net.addAll(r.messages());
        }
      }
    };
    for (int t = 0; t < 30 && nodes.get(0).role() != dev.raftproof.core.Role.Leader; t++) {
      nodes.get(0).tick();
      drain.run();
      while (!net.isEmpty()) {
        Message m = net.remove(0);
        nodes.get(SERVERS.indexOf(m.dest())).receive(m);
        drain.run();
      }
    }
    nodes.get(0).propose("a");
    nodes.get(0).propose("b");
    nodes.get(0).readIndex(42);
    drain.run();
    while (!net.isEmpty()) {
      Message m = net.remove(0);
      nodes.get(SERVERS.indexOf(m.dest())).receive(m);
      drain.run();
    }
    return events;
  }

  static String write(List<ActionEvent> events) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (TraceWriter w = new TraceWriter(out, TraceHeader.cluster(SERVERS, SERVERS, "test", 7L))) {
      w.write(events);
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  @Test
  void whatTheWriterWritesTheReaderReadsBack() throws Exception {
    List<ActionEvent> events = someRun();
    assertTrue(events.size() > 20, "a real run: " + events.size());
    Trace t = TraceReader.parse("mem", write(events));
    assertEquals(SERVERS, t.header().servers());
    assertEquals(7L, t.header().seed());
    assertEquals(events.size(), t.events().size());
    for (int k = 0; k < events.size(); k++) {
      assertEquals(k + 1, t.events().get(k).seq());
      assertEquals(events.get(k), t.events().get(k).event(), "event " + (k + 1));
    }
  }

  @Test
  void linesAreOneObjectEachWithTheContractFieldNames() throws Exception {
    String text = write(someRun());
    String[] lines = text.split("\n");
    assertTrue(lines[0].startsWith("{\"format\":\"raft-trace\",\"version\":1,\"servers\":[\"s1\",\"s2\",\"s3\"]"));
    assertTrue(lines[1].startsWith("{\"seq\":1,\"node\":\"s1\",\"action\":\"Timeout\",\"clock\":{\"s1\":1}"),
        lines[1]);
    assertTrue(text.contains("\"mtype\":\"AppendEntriesRequest\""));
    assertTrue(text.contains("\"mentries\":[{\"term\":"));
    assertTrue(text.contains("{\"term\":1,\"type\":\"value\",\"value\":\"a\"}"));
    assertTrue(text.contains("\"pendingReads\":[{\"id\":1,"));
  }

  @Test
  void errorsNameFileLineAndField() throws Exception {
    String text = write(someRun());
    String[] lines = text.split("\n");
    lines[3] = lines[3].replaceFirst("\"currentTerm\":\\d+", "\"currentTerm\":\"x\"");
    TraceFormatException e = assertThrows(TraceFormatException.class,
        () -> TraceReader.parse("t.ndjson", String.join("\n", lines)));
    assertEquals(4, e.line());
    assertEquals("state.currentTerm", e.field());
    assertTrue(e.getMessage().startsWith("t.ndjson:4: field 'state.currentTerm': expected an integer"),
        e.getMessage());
  }

  @Test
  void aNewerVersionIsRefusedClearly() {
    TraceFormatException e = assertThrows(TraceFormatException.class, () -> TraceReader.parse("f",
        "{\"format\":\"raft-trace\",\"version\":2,\"servers\":[\"s1\"],\"initServers\":[\"s1\"],\"node\":null}"));
    assertTrue(e.getMessage().contains("unsupported trace format version 2: newer than this reader"), e.getMessage());
  }

  @Test
  void unknownActionAndMessageTypeAndEntryShapeAreNamed() throws Exception {
    String text = write(someRun());
    String[] lines = text.split("\n");
    String[] a = lines.clone();
    a[1] = a[1].replace("\"action\":\"Timeout\"", "\"action\":\"Timeot\"");
    assertEquals("action", assertThrows(TraceFormatException.class,
        () -> TraceReader.parse("f", String.join("\n", a))).field());
    String[] b = lines.clone();
    b[1] = b[1].replaceFirst("\"mtype\":\"PreVoteRequest\"", "\"mtype\":\"PreVote\"");
    assertEquals("sent[0].mtype", assertThrows(TraceFormatException.class,
        () -> TraceReader.parse("f", String.join("\n", b))).field());
    String[] c = lines.clone();
    c[2] = c[2].replaceFirst("\"seq\":2", "\"seq\":5");
    assertEquals("seq", assertThrows(TraceFormatException.class,
        () -> TraceReader.parse("f", String.join("\n", c))).field());
  }

  @Test
  void configEntriesAreSortedArraysAndNoopsNull() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    var state = new dev.raftproof.core.NodeState("s1", 1, null, dev.raftproof.core.Role.Follower, 0, 0, 0,
        List.of(Entry.noop(1), Entry.config(1, List.of("s3", "s1"))), List.of(), new java.util.TreeMap<>(),
        new java.util.TreeMap<>(), List.of());
    try (TraceWriter w = new TraceWriter(out, TraceHeader.cluster(SERVERS, SERVERS, "t", null))) {
      w.write(new ActionEvent("s1", dev.raftproof.core.Action.Restart, ActionEvent.Params.NONE, null, List.of(),
          dev.raftproof.core.VectorClock.EMPTY.tick("s1"), state));
    }
    String text = out.toString(StandardCharsets.UTF_8);
    assertTrue(text.contains("[{\"term\":1,\"type\":\"noop\",\"value\":null},{\"term\":1,\"type\":\"config\","
        + "\"value\":[\"s1\",\"s3\"]}]"), text);
    assertEquals(state, TraceReader.parse("f", text).events().get(0).event().state());
  }

}
