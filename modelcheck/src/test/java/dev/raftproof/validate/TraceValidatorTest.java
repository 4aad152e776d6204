package dev.raftproof.validate;

import dev.raftproof.trace.TraceFile;
import dev.raftproof.trace.TraceReader;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class TraceValidatorTest {
  private final TraceValidator validator = new TraceValidator();

  private ValidationResult validate(String rel) throws Exception {
    TraceFile t = TraceReader.readLogged(TestSpecs.traces().resolve(rel));
    return validator.validate(t, TraceValidator.Options.of(TestSpecs.spec()).withTimeLimit(Duration.ofSeconds(120)));
  }

  @Test
  @Timeout(180)
  void electionAndCommitPasses() throws Exception {
    ValidationResult r = validate("valid/election-commit.ndjson");
    assertEquals(Verdict.PASS, r.verdict(), String.valueOf(r.failure()) + r.message());
    assertEquals(r.trace().events().size(), r.matched());
    assertEquals(null, r.failure());
  }

  @Test
  @Timeout(180)
  void wrongCommitIndexIsRejectedAtTheAdvanceCommitIndexEventWithTheFieldNamed() throws Exception {
    ValidationResult r = validate("invalid/wrong-commit-index.ndjson");
    assertEquals(Verdict.REJECTED, r.verdict());
    Failure f = r.failure();
    assertNotNull(f);
    assertEquals(13, f.index());
    assertEquals("commitIndex", f.keyword(), f.reasons().toString());
    assertTrue(f.reasons().get(0).contains("logged commitIndex 3 but the spec gives 2"), f.reasons().toString());
  }

  /**
   * Several traces with the same servers share one TLC run; each gets its own verdict, and the rejected one is
   * validated again alone for its first failing event and diagnosis.
   */
  @Test
  @Timeout(400)
  void manyTracesInOneRunGetTheirOwnVerdicts() throws Exception {
    TraceFile pass = TraceReader.readLogged(TestSpecs.traces().resolve("valid/election-commit.ndjson"));
    TraceFile bad = TraceReader.readLogged(TestSpecs.traces().resolve("invalid/leader-without-quorum.ndjson"));
    TraceFile prefix = new TraceFile("prefix", pass.servers(), pass.initServers(), null,
        pass.events().subList(0, 5));
    java.util.List<ValidationResult> r = validator.validateAll(java.util.List.of(pass, bad, prefix),
        TraceValidator.Options.of(TestSpecs.spec()).withTimeLimit(Duration.ofSeconds(200)));
    assertEquals(3, r.size());
    assertEquals(Verdict.PASS, r.get(0).verdict());
    assertEquals(pass.events().size(), r.get(0).matched());
    assertEquals(Verdict.REJECTED, r.get(1).verdict());
    Failure f = r.get(1).failure();
    assertNotNull(f);
    assertEquals(7, f.index());
    assertEquals("quorum", f.keyword(), f.reasons().toString());
    assertEquals(Verdict.PASS, r.get(2).verdict());
    assertEquals(5, r.get(2).matched());
  }
}
