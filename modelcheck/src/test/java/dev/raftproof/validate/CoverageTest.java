package dev.raftproof.validate;

import dev.raftproof.trace.TraceFile;
import dev.raftproof.trace.TraceReader;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class CoverageTest {
  @Test
  void branchesAreReadFromTheEvents() throws Exception {
    TraceFile t = TraceReader.readLogged(TestSpecs.traces().resolve("valid/duplicate-stale-heartbeat.ndjson"));
    Coverage c = new Coverage();
    t.events().forEach(c::count);
    assertEquals(1, c.count("HandleAppendEntriesRequest", "stale"));
    assertEquals(3, c.count("HandleAppendEntriesRequest", "accept"));
    assertEquals(1, c.count("HandlePreVoteResponse", "ignored"));
    assertEquals(1, c.count("HandleInstallSnapshotRequest", "install"));
    assertEquals(2, c.count("AppendEntries", "entries"));
    assertEquals(1, c.count("AppendEntries", "heartbeat"));
    assertEquals(1, c.count("Restart", "-"));
    assertEquals(0, c.count("ServeRead", "-"));
    String table = c.table();
    assertTrue(table.contains("ServeRead") && table.contains("NEVER"), table);
  }

  @Test
  void rejectedTracesCountOnlyTheirMatchedPrefix() throws Exception {
    TraceFile t = TraceReader.readLogged(TestSpecs.traces().resolve("valid/election-commit.ndjson"));
    Coverage c = new Coverage();
    c.add(new ValidationResult(t, Verdict.REJECTED, 3, null, java.util.List.of(), java.util.List.of(),
        java.time.Duration.ZERO, null));
    assertEquals(1, c.count("Timeout", "-"));
    assertEquals(0, c.count("BecomeCandidate", "-"));
  }
}
