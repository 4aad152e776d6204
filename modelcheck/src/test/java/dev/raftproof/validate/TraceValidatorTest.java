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
}
