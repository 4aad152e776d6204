package dev.raftproof.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/** {@code raft jepsen}'s usage errors: exit 64, one line naming the problem, no stack trace, nothing started. */
class JepsenCommandTest {
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    picocli.CommandLine cl = RaftCli.newCommandLine();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    return cl.execute(args);
  }

  @Test
  void unknownFaultIsNamed() {
    assertEquals(64, run("jepsen", "--faults", "kill,nap"));
    assertTrue(err.toString().contains("unknown fault 'nap'"), err.toString());
    assertTrue(err.toString().contains("torn-wal"), "lists the valid names: " + err);
    assertFalse(err.toString().contains("\tat "), "no stack trace: " + err);
    assertEquals("", out.toString(), "nothing was started");
  }

  @Test
  void badNumbersAndMissingClasspathAreUsageErrors() {
    assertEquals(64, run("jepsen", "--runs", "0"));
    assertEquals(64, run("jepsen", "--nodes", "8", "--spares", "2"));
    assertEquals(64, run("jepsen", "--server-classpath", "/no/such/dir"));
    assertTrue(err.toString().contains("/no/such/dir does not exist"), err.toString());
    assertEquals(64, run("jepsen", "--time", "x"));
  }

  @Test
  void helpListsTheFaultsAndExitCodes() {
    assertEquals(0, run("jepsen", "--help"));
    assertTrue(out.toString().contains("torn-wal") && out.toString().contains("--server-classpath"), out.toString());
  }
}
