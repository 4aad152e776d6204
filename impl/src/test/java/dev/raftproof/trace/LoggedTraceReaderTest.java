package dev.raftproof.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The reader's logged view (the validator's model): every bad-input case names file, line and field. */
class LoggedTraceReaderTest {
  static final String HEADER = "{\"format\":\"raft-trace\",\"version\":1,\"servers\":[\"s1\",\"s2\",\"s3\"],"
      + "\"initServers\":[\"s1\",\"s2\",\"s3\"],\"node\":null,\"source\":\"t\",\"seed\":1}";
  static final String TIMEOUT = "{\"seq\":1,\"node\":\"s1\",\"action\":\"Timeout\",\"clock\":{\"s1\":1},"
      + "\"params\":{},\"recv\":null,\"sent\":[],\"state\":{\"state\":\"PreCandidate\"}}";

  private static TraceFormatException bad(String text) {
    return assertThrows(TraceFormatException.class, () -> TraceReader.parseLogged("t.ndjson", text));
  }

  @Test
  void readsAHeaderAndAnEvent() throws Exception {
    TraceFile t = TraceReader.parseLogged("t.ndjson", HEADER + "\n" + TIMEOUT + "\n");
    assertEquals(List.of("s1", "s2", "s3"), t.servers());
    assertEquals(1, t.events().size());
    assertEquals("Timeout", t.events().get(0).action());
    assertEquals(2, t.events().get(0).line());
  }

  @Test
  void emptyFileIsBadInput() {
    TraceFormatException e = bad("");
    assertTrue(e.getMessage().contains("empty file"), e.getMessage());
  }

  @Test
  void malformedJsonNamesItsLine() {
    TraceFormatException e = bad(HEADER + "\n" + TIMEOUT + "\n{\"seq\":2,");
    assertEquals(3, e.line());
    assertTrue(e.getMessage().contains("malformed JSON"), e.getMessage());
  }

  @Test
  void newerVersionIsRefused() {
    TraceFormatException e = bad(HEADER.replace("\"version\":1", "\"version\":2"));
    assertEquals("version", e.field());
    assertTrue(e.getMessage().contains("unsupported trace format version 2: newer than this reader"), e.getMessage());
  }

  @Test
  void unknownActionIsNamed() {
    TraceFormatException e = bad(HEADER + "\n" + TIMEOUT.replace("Timeout", "Tiemout"));
    assertEquals("action", e.field());
    assertTrue(e.getMessage().contains("Tiemout"));
  }

  @Test
  void missingFieldIsNamed() {
    TraceFormatException e = bad(HEADER + "\n" + TIMEOUT.replace(",\"sent\":[]", ""));
    assertEquals("sent", e.field());
    assertEquals(2, e.line());
  }

  @Test
  void missingMessageFieldIsNamed() {
    String ev = "{\"seq\":1,\"node\":\"s2\",\"action\":\"HandleTimeoutNow\",\"clock\":{\"s2\":1},\"params\":{},"
        + "\"recv\":{\"mtype\":\"TimeoutNow\",\"msource\":\"s1\",\"mdest\":\"s2\"},\"sent\":[],\"state\":{}}";
    TraceFormatException e = bad(HEADER + "\n" + ev);
    assertEquals("recv.mterm", e.field());
  }

  @Test
  void clockGoingBackwardsIsBadInput() {
    String second = TIMEOUT.replace("\"seq\":1", "\"seq\":2").replace("{\"s1\":1}", "{\"s1\":1}");
    TraceFormatException e = bad(HEADER + "\n" + TIMEOUT + "\n" + second);
    assertEquals("clock", e.field());
    assertEquals(3, e.line());
    assertTrue(e.getMessage().contains("clock goes backwards"), e.getMessage());
  }

  @Test
  void seqOutOfOrderIsBadInput() {
    TraceFormatException e = bad(HEADER + "\n" + TIMEOUT.replace("\"seq\":1", "\"seq\":5"));
    assertEquals("seq", e.field());
  }

  @Test
  void unknownServerIsBadInput() {
    TraceFormatException e = bad(HEADER + "\n" + TIMEOUT.replace("\"node\":\"s1\"", "\"node\":\"s9\""));
    assertEquals("node", e.field());
  }
}
