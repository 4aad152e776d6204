package dev.raftproof.etcd;

import dev.raftproof.trace.TraceFormatException;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Shape checks of etcd/raft traces: every malformed line is named by file, line and field. */
class EtcdTraceReaderTest {
  static Path resource(String name) {
    URL u = EtcdTraceReaderTest.class.getResource("/etcd/" + name);
    if (u == null) {
      throw new IllegalStateException("test resource missing: etcd/" + name);
    }
    try {
      return Path.of(u.toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  private static TraceFormatException bad(String name) {
    return assertThrows(TraceFormatException.class, () -> EtcdTraceReader.read(resource(name)));
  }

  @Test
  void readsEventsAndSkipsOtherLogLines() throws Exception {
    List<EtcdEvent> evs = EtcdTraceReader.read(resource("election.ndjson"));
    assertEquals(51, evs.size(), "51 trace events; the last (non-trace) zap line is skipped");
    EtcdEvent vote = evs.get(25);
    assertEquals("SendRequestVoteRequest", vote.name());
    assertEquals(26, vote.line());
    assertEquals("MsgVote", vote.message().type());
    assertEquals(3, vote.message().index());
    assertEquals(List.of("1", "2", "3"), evs.get(7).voters());
    assertEquals(List.of("1", "2"), evs.get(5).newConf());
  }

  @Test
  void nonJsonLineIsNamedByLine() {
    TraceFormatException e = bad("bad-not-json.ndjson");
    assertEquals(4, e.line());
    assertTrue(e.getMessage().contains("bad-not-json.ndjson:4: not JSON"), e.getMessage());
  }

  @Test
  void missingFieldIsNamed() {
    TraceFormatException e = bad("bad-missing-field.ndjson");
    assertEquals(3, e.line());
    assertEquals("event.role", e.field());
    assertTrue(e.getMessage().contains(":3: field 'event.role': missing"), e.getMessage());
  }

  @Test
  void unknownEventNameIsNamed() {
    TraceFormatException e = bad("bad-unknown-event.ndjson");
    assertEquals(5, e.line());
    assertEquals("event.name", e.field());
    assertTrue(e.getMessage().contains("unknown etcd trace event \"BecomeWitness\""), e.getMessage());
  }

  @Test
  void unknownMessageTypeIsNamed() {
    TraceFormatException e = bad("bad-unknown-msgtype.ndjson");
    assertEquals(2, e.line());
    assertEquals("event.msg.type", e.field());
    assertTrue(e.getMessage().contains("\"MsgVoteX\""), e.getMessage());
  }

  @Test
  void sendWithoutMessageAndEmptyFileAreBadInput() {
    TraceFormatException e = assertThrows(TraceFormatException.class, () -> EtcdTraceReader.parse("t", """
        {"tag":"trace","event":{"name":"SendAppendEntriesRequest","nid":"1","state":{"term":1,"vote":"0",\
        "commit":0},"role":"StateLeader","log":0,"conf":[["1"],[]]}}
        """));
    assertEquals("event.msg", e.field());
    assertEquals(1, e.line());
    TraceFormatException empty = assertThrows(TraceFormatException.class, () -> EtcdTraceReader.parse("t", "\n\n"));
    assertTrue(empty.getMessage().contains("no trace events"), empty.getMessage());
  }
}
