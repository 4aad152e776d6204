package dev.raftproof.validate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.raftproof.tlc.TlcRunner;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class ExploredStateCheckTest {
  private final ExploredStateCheck check = new ExploredStateCheck(new TlcRunner());

  private static TraceFile prefix(String rel, int n) throws Exception {
    TraceFile t = TraceFileReader.read(TestSpecs.traces().resolve(rel));
    return new TraceFile(t.name(), t.servers(), t.initServers(), t.node(), t.events().subList(0, n));
  }

  @Test
  void ciConstantsAreReadFromTheCiConfig() {
    ExploredStateCheck.CiConstants c = ExploredStateCheck.CiConstants.parse(
        ValidationSpec.resource("spec/MCraft_ci.cfg"));
    assertEquals(3, c.servers());
    assertEquals(1, c.values());
    assertTrue(c.otherLines().stream().anyMatch(l -> l.contains("MaxTerm")), c.otherLines().toString());
  }

  @Test
  @Timeout(200)
  void theStartOfAnElectionIsExploredByTheCiModel() throws Exception {
    ExploredStateCheck.Result r = check.check(prefix("valid/election-commit.ndjson", 3), TestSpecs.spec(),
        "MCraft_ci", Duration.ofSeconds(150));
    assertEquals(ExploredStateCheck.Kind.EXPLORED, r.kind(), r.detail());
  }

  @Test
  @Timeout(200)
  void aTraceThatOutgrowsTheCiBoundsIsNamedAtTheFirstStateOutside() throws Exception {
    ExploredStateCheck.Result r = check.check(prefix("valid/snapshot-restart-reelection.ndjson", 36),
        TestSpecs.spec(), "MCraft_ci", Duration.ofSeconds(150));
    assertEquals(ExploredStateCheck.Kind.OUTSIDE_BOUNDS, r.kind(), r.detail());
    assertTrue(r.event() >= 1 && r.event() <= 36, r.detail());
  }
}
