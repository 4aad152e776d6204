package dev.raftproof.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.raftproof.tlc.CounterexampleFormatter;
import dev.raftproof.tlc.SpecSource;
import dev.raftproof.tlc.TlcListener;
import dev.raftproof.tlc.TlcOptions;
import dev.raftproof.tlc.TlcResult;
import dev.raftproof.tlc.TlcRunner;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Non-vacuity of the safety properties (issue: "a property that no mutation can break is suspect"). Each row of
 * {@code spec/mutations.tsv} is a one-line change to a spec module; applied to the spec embedded in the jar, TLC must
 * report a violation of exactly the named property within the row's budget.
 */
class SpecMutationsTest {
  record Mutation(String id, String property, String module, String find, String replace, String config, String mode,
      int budgetSeconds, String description) {}

  static String resource(String path) throws IOException {
    try (InputStream in = SpecMutationsTest.class.getClassLoader().getResourceAsStream(path)) {
      if (in == null) {
        throw new IOException("classpath resource not found: " + path);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  static List<Mutation> mutations() throws IOException {
    List<Mutation> out = new ArrayList<>();
    String[] lines = resource("spec/mutations.tsv").split("\n");
    for (int n = 1; n < lines.length; n++) {
      if (lines[n].isBlank()) {
        continue;
      }
      String[] f = lines[n].split("\t", -1);
      assertEquals(9, f.length, "spec/mutations.tsv line " + (n + 1) + " must have 9 tab-separated fields");
      out.add(new Mutation(f[0], f[1], f[2], f[3], f[4], f[5].replaceAll("\\.cfg$", ""), f[6],
          Integer.parseInt(f[7].trim()), f[8]));
    }
    return out;
  }

  @Test
  void everyPaperPropertyHasAMutation() throws IOException {
    List<String> covered = mutations().stream().map(Mutation::property).toList();
    for (String p : List.of("ElectionSafety", "LeaderAppendOnly", "LogMatching", "LeaderCompleteness",
        "StateMachineSafety")) {
      assertTrue(covered.contains(p), "no mutation in spec/mutations.tsv breaks " + p);
    }
  }

  @TestFactory
  Stream<DynamicTest> eachMutationIsCaughtByTlc() throws IOException {
    TlcRunner runner = new TlcRunner();
    return mutations().stream().map(m -> DynamicTest.dynamicTest(m.id() + " breaks " + m.property(), () -> {
      String original = resource("spec/" + m.module());
      int at = original.indexOf(m.find());
      assertTrue(at >= 0, m.id() + ": text to mutate not found in " + m.module() + ": " + m.find());
      assertEquals(-1, original.indexOf(m.find(), at + 1), m.id() + ": text to mutate occurs twice in " + m.module());
      String mutated = original.substring(0, at) + m.replace() + original.substring(at + m.find().length());

      TlcOptions options = TlcOptions.defaults().withWorkers(2).withHeap("2g")
          .withTimeLimit(Duration.ofSeconds(m.budgetSeconds())).withCheckDeadlock(false);
      if (m.mode().equals("simulate")) {
        options = options.withSimulation(100).withSeed(1L);
      }
      TlcResult r = runner.run(SpecSource.classpath("spec").withFile(m.module(), mutated), m.config(), m.config(),
          options, TlcListener.NONE);
      System.out.printf("mutation %s: %s; %,d distinct states, %.1f s%n", m.id(), r.summary(),
          r.figures().distinctStates(), r.figures().wallTime().toMillis() / 1000.0);
      assertTrue(r.violates(m.property()), () -> m.id() + " (" + m.description() + ") should violate "
          + m.property() + " within " + m.budgetSeconds() + " s, but TLC said: " + r.summary() + "\n"
          + new CounterexampleFormatter(false).format(r.counterexample()));
    }));
  }
}
