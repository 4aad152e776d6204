package dev.raftproof.validate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.raftproof.tlc.TlcRunner;
import dev.raftproof.trace.LoggedEvent;
import dev.raftproof.trace.TraceFile;
import dev.raftproof.trace.TraceReader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class ExploredStateCheckTest {
  private final ExploredStateCheck check = new ExploredStateCheck(new TlcRunner());

  private static TraceFile prefix(String rel, int n) throws Exception {
    TraceFile t = TraceReader.readLogged(TestSpecs.traces().resolve(rel));
    return new TraceFile(t.name(), t.servers(), t.initServers(), t.node(), t.events().subList(0, n));
  }

  @Test
  void theCiConfigIsReadForWhatTheCheckNeeds() {
    ExploredStateCheck.CiConfig c = ExploredStateCheck.CiConfig.parse(ValidationSpec.resource("spec/MCraft_ci.cfg"));
    assertTrue(c.servers() >= 1 && c.initServers() >= 1 && c.values() >= 0, c.toString());
    assertTrue(c.constraints().size() >= 1, "MCraft_ci bounds its state space with a CONSTRAINT: " + c);
    assertTrue(c.otherConstants().stream().anyMatch(l -> l.contains("<-") || l.contains("=")), c.toString());
  }

  @Test
  void aConfigWithOtherShapesIsParsed() {
    ExploredStateCheck.CiConfig c = ExploredStateCheck.CiConfig.parse("""
        CONSTANT Server = {a, b} InitServers = {a}
        CONSTANTS Value = {}
          MaxTerm = 2 \\* comment
          Deliver <- MCDeliverGC
          DropMessage <- MCDropLive
        (* block
           comment *)
        NEXT MCNext
        CONSTRAINTS A B
        ACTION_CONSTRAINT Act
        SYMMETRY Sym
        """.replace("InitServers = {a}", "\n    InitServers = {a}"));
    assertEquals(2, c.servers());
    assertEquals(1, c.initServers());
    assertEquals(0, c.values());
    assertEquals("MCNext", c.next());
    assertEquals(List.of("A", "B"), c.constraints());
    assertEquals(List.of("Act"), c.actionConstraints());
    assertEquals(List.of("CONSTANTS", "    MaxTerm = 2", "    Deliver <- MCDeliver"), c.otherConstants(),
        "substitutions that differ only modulo the VIEW are mapped back");
  }

  @Test
  @Timeout(300)
  void theStartOfAnElectionIsExploredByTheCiModel() throws Exception {
    ExploredStateCheck.Result r = check.check(prefix("valid/election-commit.ndjson", 3), TestSpecs.spec(),
        "MCraft_ci", Duration.ofSeconds(250));
    assertEquals(ExploredStateCheck.Kind.EXPLORED, r.kind(), r.detail());
    assertEquals(0, r.exitCode());
  }

  /**
   * The mutation: s2 handles s1's PreVoteRequest twice. The spec's network may deliver a message again, so plain
   * validation accepts it; the CI model's network consumes a PreVoteRequest on delivery, so TLC never explores the
   * second delivery: the check names event 3.
   */
  @Test
  @Timeout(400)
  void aDuplicateDeliveryTheCiNetworkNeverMakesIsNamedAsTheFirstUnexploredStep() throws Exception {
    TraceFile t = prefix("valid/election-commit.ndjson", 2);
    LoggedEvent again = t.events().get(1);
    List<LoggedEvent> events = new ArrayList<>(t.events());
    events.add(new LoggedEvent(again.file(), again.line(), 3, again.node(), again.action(),
        Map.of("s1", 1L, "s2", 2L), again.params(), again.recv() == null ? null : (ObjectNode) again.recv().deepCopy(),
        again.sent(), again.state()));
    TraceFile mutated = new TraceFile(t.name(), t.servers(), t.initServers(), t.node(), events);

    ValidationResult plain = new TraceValidator().validate(mutated,
        TraceValidator.Options.of(TestSpecs.spec()).withTimeLimit(Duration.ofSeconds(150)));
    assertEquals(Verdict.PASS, plain.verdict(), "the spec itself allows a duplicate delivery");

    ExploredStateCheck.Result r = check.check(mutated, TestSpecs.spec(), "MCraft_ci", Duration.ofSeconds(150));
    assertEquals(ExploredStateCheck.Kind.NOT_EXPLORED, r.kind(), r.detail());
    assertEquals(3, r.event(), r.detail());
    assertTrue(r.detail().contains("seq=3 s2 HandlePreVoteRequest"), r.detail());
    assertEquals(1, r.exitCode());
  }

  @Test
  @Timeout(400)
  void aTraceThatOutgrowsTheCiBoundsIsNamedAtTheFirstStateOutside() throws Exception {
    ExploredStateCheck.Result r = check.check(prefix("valid/snapshot-restart-reelection.ndjson", 36),
        TestSpecs.spec(), "MCraft_ci", Duration.ofSeconds(150));
    assertEquals(ExploredStateCheck.Kind.OUTSIDE_BOUNDS, r.kind(), r.detail());
    assertTrue(r.event() >= 1 && r.event() <= 36, r.detail());
    assertEquals(0, r.exitCode(), "a trace beyond the bounds is not a failure: the check does not apply");
  }

  @Test
  void aTraceWithMoreServersThanTheCiModelIsNotApplicable() throws Exception {
    TraceFile t = prefix("valid/election-commit.ndjson", 3);
    TraceFile five = new TraceFile(t.name(), List.of("s1", "s2", "s3", "s4", "s5"), t.initServers(), null,
        t.events());
    ExploredStateCheck.Result r = check.check(five, TestSpecs.spec(), "MCraft_ci", Duration.ofSeconds(60));
    assertEquals(ExploredStateCheck.Kind.NOT_APPLICABLE, r.kind(), r.detail());
  }
}
