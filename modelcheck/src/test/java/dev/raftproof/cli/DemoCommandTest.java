package dev.raftproof.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The README's main job, {@code raft demo}, end to end: simulate, safety, TLC trace validation, linearizability. */
class DemoCommandTest {
  @Test
  void demoRunsEveryCheckAndPasses(@TempDir Path dir) throws Exception {
    long seed = 7;
    System.out.println("DemoCommandTest seed " + seed);
    StringWriter out = new StringWriter();
    CommandLine cl = RaftCli.newCommandLine();
    cl.setOut(new PrintWriter(out, true));
    int code = cl.execute("demo", "--seed", Long.toString(seed), "--steps", "400", "--out", dir.toString());
    String text = out.toString();
    assertEquals(ExitCodes.PASS, code, text);
    assertTrue(text.contains("PASS: Election Safety"), text);
    assertTrue(text.contains("PASS: the spec can take all"), text);
    assertTrue(text.contains("VALID:"), text);
    assertTrue(text.contains("Verdict: PASS"), text);
    assertTrue(Files.size(dir.resolve("trace.ndjson")) > 0, "trace written");
    assertTrue(Files.size(dir.resolve("history.edn")) > 0, "history written");
  }

  @Test
  void rootHelpListsEverySubcommand() {
    StringWriter out = new StringWriter();
    CommandLine cl = RaftCli.newCommandLine();
    cl.setOut(new PrintWriter(out, true));
    assertEquals(0, cl.execute("--help"));
    for (String sub : new String[] {"demo", "simulate", "validate", "tlc", "lin-check"}) {
      assertTrue(out.toString().contains(sub), "raft --help should list " + sub + ":\n" + out);
    }
  }
}
