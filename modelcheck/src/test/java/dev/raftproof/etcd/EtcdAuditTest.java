package dev.raftproof.etcd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.raftproof.validate.ValidateCommand;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import picocli.CommandLine;

/** {@code raft validate --format etcd-raft}: verdicts on the hand-written trace (TLC), and bad input (exit 64). */
class EtcdAuditTest {
  record Run(int exit, String out, String err) {}

  static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = new CommandLine(new ValidateCommand());
    cl.setOut(new PrintWriter(out));
    cl.setErr(new PrintWriter(err));
    int exit = cl.execute(args);
    return new Run(exit, out.toString(), err.toString());
  }

  static String file(String name) {
    return EtcdTraceReaderTest.resource(name).toString();
  }

  @Test
  @Timeout(300)
  void acceptedWithEtcdsDifferencesModelled() {
    Run r = run("--format", "etcd-raft", file("election.ndjson"));
    assertEquals(0, r.exit(), r.out() + r.err());
    assertTrue(r.out().contains("PASS"), r.out());
    assertTrue(r.out().contains("translated into 17 spec steps"), r.out());
    assertTrue(r.out().matches("(?s).*EtcdCampaign\\s+-\\s+1\\n.*"), r.out());
  }

  @Test
  @Timeout(300)
  void raftTlaAloneRejectsTheCampaignWithoutPreVote() {
    Run r = run("--format", "etcd-raft", "--relax", "none", file("election.ndjson"));
    assertEquals(1, r.exit(), r.out() + r.err());
    assertTrue(r.out().contains("event 4 of 17 matches no spec step"), r.out());
    assertTrue(r.out().contains("election.ndjson:25 seq=4 1 EtcdCampaign"), r.out());
    assertTrue(r.out().contains("campaign-without-prevote"), r.out());
  }

  @Test
  @Timeout(300)
  void withoutTheHeartbeatRuleTheFirstMsgHeartbeatIsRejected() {
    Run r = run("--format", "etcd-raft", "--relax", "campaign-without-prevote", file("election.ndjson"));
    assertEquals(1, r.exit(), r.out() + r.err());
    assertTrue(r.out().contains("election.ndjson:47 seq=15 1 EtcdHeartbeat"), r.out());
  }

  @Test
  void malformedLinesExit64WithTheLine() {
    Run r = run("--format", "etcd-raft", file("bad-not-json.ndjson"));
    assertEquals(64, r.exit(), r.out() + r.err());
    assertTrue(r.err().contains("bad-not-json.ndjson:4: not JSON"), r.err());
    Run u = run("--format", "etcd-raft", file("bad-unknown-event.ndjson"));
    assertEquals(64, u.exit());
    assertTrue(u.err().contains(":5: field 'event.name': unknown etcd trace event"), u.err());
    Run m = run("--format", "etcd-raft", file("bad-missing-field.ndjson"));
    assertEquals(64, m.exit());
    assertTrue(m.err().contains(":3: field 'event.role': missing"), m.err());
    Run x = run("--format", "etcd-raft", "--relax", "no-such-rule", file("election.ndjson"));
    assertEquals(64, x.exit());
    assertTrue(x.err().contains("unknown relaxation \"no-such-rule\""), x.err());
    Run f = run("--format", "xml", file("election.ndjson"));
    assertEquals(64, f.exit());
  }

  @Test
  @Timeout(300)
  void outsideTheSpecStopsWithTheReason() {
    Run r = run("--format", "etcd-raft", file("joint.ndjson"));
    assertEquals(1, r.exit(), r.out() + r.err());
    assertTrue(r.out().contains("STOPPED at etcd line 25 (Ready)"), r.out());
    assertTrue(r.out().contains("joint consensus"), r.out());
  }
}
