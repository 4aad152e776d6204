package dev.raftproof.lin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

class HtmlReportTest {

  static void selfContained(String page) {
    assertFalse(page.contains("http://"), "no http:// references");
    assertFalse(page.contains("https://"), "no https:// references");
    assertFalse(Pattern.compile("<(script|link|img|iframe)[^>]*\\bsrc=|<link[^>]*href=", Pattern.CASE_INSENSITIVE)
        .matcher(page).find(), "no external resources");
    assertTrue(page.startsWith("<!DOCTYPE html>") && page.strip().endsWith("</html>"));
  }

  @Test
  void invalidHistoryPageShowsFailingOpsAndPrefix() throws Exception {
    History h = HistoryReaderTest.edn("[{:process 0 :type :invoke :f :write :value 1}"
        + "{:process 1 :type :invoke :f :write :value 2}{:process 0 :type :ok :f :write :value 1}"
        + "{:process 1 :type :ok :f :write :value 2}{:process 2 :type :invoke :f :read}"
        + "{:process 3 :type :invoke :f :read}{:process 2 :type :ok :f :read :value 1}"
        + "{:process 3 :type :ok :f :read :value 3}{:process 4 :type :invoke :f :cas :value [9 9]}]");
    Model m = new CasRegisterModel(0L);
    CheckResult r = LinearizabilityChecker.check(m, Operation.complete(h));
    assertEquals(Verdict.INVALID, r.verdict());
    Explanation ex = r.invalidPartitions().get(0).explanation();
    assertNotNull(ex);
    assertEquals(3L, ex.blocked().value(), "the read of 3 cannot be linearized");
    String page = HtmlReport.render("gen.edn", m, r);
    selfContained(page);
    assertTrue(page.contains("rect class=\"op blocked\""), "the failing op is drawn");
    assertTrue(page.contains("can&#39;t read 3 from register"), "with the reason");
    assertTrue(page.contains(HtmlReport.esc(ex.blocked().toString())), "the failing op is named");
    assertTrue(page.contains("rect class=\"op lin\""), "linearized ops are drawn");
    assertTrue(page.contains("op other pending") || page.contains("op stuck pending"), "pending op dashed");
    assertTrue(page.contains("class=\"cut\""), "the end of the linearizable prefix is marked");
  }

  @Test
  void corpusInvalidPagesAreSelfContained() throws Exception {
    Path corpus = CorpusConformanceTest.corpus();
    Assumptions.assumeTrue(Files.isDirectory(corpus),
        corpus + " (raft.shared/corpus) not present: skipping corpus HTML check");
    for (String[] f : List.of(new String[] {"knossos/cas-register/bad/cas-failure.edn", "cas-register(init=0)"},
        new String[] {"porcupine/kv/c10-bad.txt", "kv(init=\"\")"},
        new String[] {"knossos/mutex/bad/etcd.edn", "mutex"})) {
      History h = HistoryReader.read(corpus.resolve(f[0]), HistoryFormat.AUTO);
      Model m = Models.parse(f[1]);
      CheckResult r = LinearizabilityChecker.check(m, Operation.complete(h));
      assertEquals(Verdict.INVALID, r.verdict(), f[0]);
      String page = HtmlReport.render(f[0], m, r);
      selfContained(page);
      for (PartitionResult p : r.invalidPartitions()) {
        Explanation ex = p.explanation();
        assertNotNull(ex);
        for (Operation op : ex.stuck()) {
          assertTrue(page.contains(HtmlReport.esc(op.toString())), f[0] + " shows " + op);
        }
      }
    }
  }
}
