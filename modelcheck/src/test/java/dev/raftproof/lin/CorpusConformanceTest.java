package dev.raftproof.lin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every history of the third-party corpus ({@code raft.shared}/corpus, outside the repository) gets the verdict its
 * EXPECTED.tsv gives. One dynamic test per file.
 */
class CorpusConformanceTest {

  static Path corpus() {
    return Path.of(System.getProperty("raft.shared", "../shared")).resolve("corpus");
  }

  /** One row of an EXPECTED.tsv. */
  record Row(Path file, String relPath, String model, String expected, int ops) {}

  static List<Row> rows(String sub) throws IOException {
    Path dir = corpus().resolve(sub);
    List<Row> out = new ArrayList<>();
    List<String> lines = Files.readAllLines(dir.resolve("EXPECTED.tsv"));
    for (String line : lines.subList(1, lines.size())) {
      if (line.isBlank()) {
        continue;
      }
      String[] f = line.split("\t");
      out.add(new Row(dir.resolve(f[0]), sub + "/" + f[0], f[1], f[2], Integer.parseInt(f[3].strip())));
    }
    return out;
  }

  static void assumeCorpus() {
    Assumptions.assumeTrue(Files.isDirectory(corpus()),
        corpus() + " (raft.shared/corpus) not present: skipping corpus conformance");
  }

  @TestFactory
  Stream<DynamicTest> knossosCorpus() throws IOException {
    assumeCorpus();
    return rows("knossos").stream().map(r -> DynamicTest.dynamicTest(r.relPath(), () -> check(r)));
  }

  @TestFactory
  Stream<DynamicTest> porcupineCorpus() throws IOException {
    assumeCorpus();
    return rows("porcupine").stream().map(r -> DynamicTest.dynamicTest(r.relPath(), () -> check(r)));
  }

  /**
   * Porcupine's etcd logs under Knossos's cas-register (a read of nil legal anywhere) instead of Porcupine's etcd
   * model: the corpus README says every verdict is the same.
   */
  @TestFactory
  Stream<DynamicTest> porcupineEtcdWithKnossosModel() throws IOException {
    assumeCorpus();
    return rows("porcupine").stream().filter(r -> r.model().startsWith("etcd-cas-register"))
        .map(r -> DynamicTest.dynamicTest(r.relPath() + " as cas-register(init=nil)",
            () -> check(new Row(r.file(), r.relPath(), "cas-register(init=nil)", r.expected(), r.ops()))));
  }

  static void check(Row r) throws Exception {
    History h = HistoryReader.read(r.file(), HistoryFormat.AUTO);
    List<Operation> ops = Operation.complete(h);
    long invokes = h.events().stream().filter(e -> e.type() == HistoryEvent.Type.INVOKE).count();
    assertEquals(r.ops(), invokes, "number of invocations");
    Model model = Models.parse(r.model());
    LinearizabilityChecker.Options opts = LinearizabilityChecker.Options.defaults().timeLimitSeconds(60);
    CheckResult res = LinearizabilityChecker.check(model, ops, opts, null);
    switch (r.expected()) {
      case "true" -> assertEquals(Verdict.VALID, res.verdict(), res.reason());
      case "false" -> {
        assertEquals(Verdict.INVALID, res.verdict(), res.reason());
        PartitionResult bad = res.invalidPartitions().get(0);
        Explanation ex = bad.explanation();
        assertNotNull(ex, "an invalid partition carries an explanation");
        assertFalse(ex.stuck().isEmpty(), "the explanation names ops that cannot be linearized");
        assertTrue(ex.stuck().contains(ex.blocked()), "the blocked op is among the stuck ones");
      }
      case "unknown" -> {
        assertTrue(res.verdict() == Verdict.UNKNOWN || !res.reason().isEmpty(),
            "an 'unknown' history may be answered only with a reason, got " + res.verdict());
      }
      default -> throw new AssertionError("bad expected verdict " + r.expected());
    }
  }
}
