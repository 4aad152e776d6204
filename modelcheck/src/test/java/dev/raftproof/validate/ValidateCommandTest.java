package dev.raftproof.validate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

class ValidateCommandTest {
  static final String HEADER = "{\"format\":\"raft-trace\",\"version\":1,\"servers\":[\"s1\",\"s2\",\"s3\"],"
      + "\"initServers\":[\"s1\",\"s2\",\"s3\"],\"node\":null,\"source\":\"t\",\"seed\":1}";

  @TempDir Path tmp;

  private record Run(int exit, String out, String err) {}

  private Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = new CommandLine(new ValidateCommand());
    cl.setOut(new PrintWriter(out));
    cl.setErr(new PrintWriter(err));
    int exit = cl.execute(args);
    return new Run(exit, out.toString(), err.toString());
  }

  private static String trace(String rel) {
    return TestSpecs.traces().resolve(rel).toString();
  }

  @Test
  @Timeout(200)
  void passExitsZeroAndReportsSafety() {
    Run r = run(trace("valid/election-commit.ndjson"));
    assertEquals(0, r.exit(), r.out() + r.err());
    assertTrue(r.out().contains("PASS"), r.out());
    assertTrue(r.out().contains("the five properties hold"), r.out());
  }

  @Test
  @Timeout(300)
  void rejectedTraceExitsOneWithReasonHtmlReportAndCoverage() throws Exception {
    Path html = tmp.resolve("r.html");
    Path cov = tmp.resolve("cov.tsv");
    Run r = run(trace("invalid/leader-without-quorum.ndjson"), "--report", html.toString(), "--coverage",
        cov.toString(), "--keep-tla", tmp.resolve("tla").toString());
    assertEquals(1, r.exit(), r.out() + r.err());
    assertTrue(r.out().contains("BecomeLeader: votesGranted {s1} is not a quorum of {s1, s2, s3}"), r.out());
    assertTrue(r.out().contains("seq=7 s1 BecomeLeader"), r.out());
    assertTrue(Files.isRegularFile(tmp.resolve("tla/TraceData.tla")));

    String page = Files.readString(html, StandardCharsets.UTF_8);
    HtmlStructure.check(page, 3, 7);

    String tsv = Files.readString(cov, StandardCharsets.UTF_8);
    assertTrue(tsv.startsWith("action\tbranch\tevents\n"), tsv);
    // 6 events matched: Timeout, HandlePreVoteRequest(grant), HandlePreVoteResponse, BecomeCandidate, UpdateTerm,
    // HandleRequestVoteRequest(grant); BecomeLeader (rejected) is not counted
    assertTrue(tsv.contains("HandlePreVoteRequest\tgrant\t1\n"), tsv);
    assertTrue(tsv.contains("BecomeLeader\t-\t0\n"), tsv);
    assertTrue(r.out().contains("NEVER"), r.out());
  }

  @Test
  void malformedJsonExits64WithFileAndLine() throws Exception {
    Path f = tmp.resolve("bad.ndjson");
    Files.writeString(f, HEADER + "\n{\"seq\": 1, oops}\n");
    Run r = run(f.toString());
    assertEquals(64, r.exit());
    assertTrue(r.err().contains("bad.ndjson:2"), r.err());
    assertFalse(r.err().contains("\tat "), "no stack trace: " + r.err());
  }

  static final String TIMEOUT = "{\"seq\":1,\"node\":\"s1\",\"action\":\"Timeout\",\"clock\":{\"s1\":1},"
      + "\"params\":{},\"recv\":null,\"sent\":[],\"state\":{\"state\":\"PreCandidate\"}}";

  /** Each kind of bad input: exit 64, one line naming file, line and field, no stack trace, nothing on stdout. */
  static Stream<Arguments> badInputs() {
    String second = TIMEOUT.replace("\"seq\":1", "\"seq\":2");
    return Stream.of(
        Arguments.of("malformed JSON", HEADER + "\n" + TIMEOUT + "\n{\"seq\":2,\n", 3, "malformed JSON"),
        Arguments.of("unknown action", HEADER + "\n" + TIMEOUT.replace("Timeout", "Tiemout"), 2,
            "field 'action': unknown action \"Tiemout\""),
        Arguments.of("unknown version", HEADER.replace("\"version\":1", "\"version\":2") + "\n" + TIMEOUT, 1,
            "field 'version': unsupported trace format version 2"),
        Arguments.of("unknown message type", HEADER + "\n" + TIMEOUT.replace("\"sent\":[]",
            "\"sent\":[{\"mtype\":\"Vote\",\"mterm\":1,\"msource\":\"s1\",\"mdest\":\"s2\"}]"), 2,
            "field 'sent[0].mtype': unknown message type \"Vote\""),
        Arguments.of("missing field", HEADER + "\n" + TIMEOUT.replace(",\"sent\":[]", ""), 2,
            "field 'sent': missing"),
        Arguments.of("clock goes backwards", HEADER + "\n" + TIMEOUT + "\n" + second, 3,
            "field 'clock': clock goes backwards: s1's own entry is 1 after 1"),
        Arguments.of("empty file", "", 1, "empty file"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badInputs")
  void badInputExits64WithFileLineAndField(String what, String text, int line, String message) throws Exception {
    Path f = tmp.resolve("bad.ndjson");
    Files.writeString(f, text);
    Run r = run(f.toString());
    assertEquals(64, r.exit(), what + ": " + r.out() + r.err());
    assertTrue(r.err().startsWith("bad input: " + f + ":" + line + ": "), r.err());
    assertTrue(r.err().contains(message), r.err());
    assertEquals(1, r.err().strip().lines().count(), "one line: " + r.err());
    assertFalse(r.err().contains("\tat ") || r.err().contains("Exception"), "no stack trace: " + r.err());
    assertEquals("", r.out(), "nothing half-written");
  }

  @Test
  void emptyFileAndMissingFileExit64() throws Exception {
    Path f = tmp.resolve("empty.ndjson");
    Files.writeString(f, "");
    assertEquals(64, run(f.toString()).exit());
    assertEquals(64, run(tmp.resolve("nope.ndjson").toString()).exit());
  }

  @Test
  void clockGoingBackwardsExits64() {
    Run r = run(trace("invalid/clock-goes-backwards.ndjson"));
    assertEquals(64, r.exit());
    assertTrue(r.err().contains("clock goes backwards"), r.err());
  }

  @Test
  @Timeout(400)
  void exploredOptionReportsTheExploredStateCheckPerAcceptedTrace() {
    Run r = run(trace("valid/election-commit.ndjson"), "--explored");
    assertTrue(r.out().contains("explored (MCraft_ci): "), r.out() + r.err());
    // the whole election-and-commit trace grows past the CI bounds (terms, log length or messages): not a failure
    assertTrue(r.out().matches("(?s).*explored \\(MCraft_ci\\): (EXPLORED|OUTSIDE_BOUNDS): .*"), r.out());
    assertEquals(0, r.exit(), r.out() + r.err());
  }

  @Test
  void impossibleOrderIsARejectedTrace() {
    Run r = run(trace("invalid/impossible-order"));
    assertEquals(1, r.exit(), r.out() + r.err());
    assertTrue(r.out().contains("impossible order"), r.out());
  }
}
