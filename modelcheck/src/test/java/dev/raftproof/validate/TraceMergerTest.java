package dev.raftproof.validate;

import dev.raftproof.trace.LoggedEvent;
import dev.raftproof.trace.TraceFile;
import dev.raftproof.trace.TraceReader;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TraceMergerTest {
  private static List<TraceFile> dir(String rel) throws Exception {
    List<TraceFile> out = new ArrayList<>();
    for (String s : List.of("s1", "s2", "s3")) {
      Path p = TestSpecs.traces().resolve(rel).resolve("election-commit." + s + ".ndjson");
      out.add(TraceReader.readLogged(p));
    }
    return out;
  }

  @Test
  void mergedOrderRespectsEveryClock() throws Exception {
    TraceFile m = TraceMerger.merge(dir("valid/election-commit-per-node"));
    assertEquals(16, m.events().size());
    // every event comes after all the events its clock says it depends on
    for (int i = 0; i < m.events().size(); i++) {
      LoggedEvent e = m.events().get(i);
      for (int j = i + 1; j < m.events().size(); j++) {
        LoggedEvent later = m.events().get(j);
        Long need = e.clock().get(later.node());
        Long has = later.clock().get(later.node());
        assertTrue(need == null || has == null || has > need, e.describe() + " placed before " + later.describe());
      }
    }
  }

  @Test
  void mergedOrderOfAClusterRunSplitPerNodeIsAValidOrderOfTheSameEvents() throws Exception {
    TraceFile cluster = TraceReader.readLogged(TestSpecs.traces().resolve("valid/election-commit.ndjson"));
    TraceFile m = TraceMerger.merge(dir("valid/election-commit-per-node"));
    List<String> a = new ArrayList<>();
    List<String> b = new ArrayList<>();
    cluster.events().forEach(e -> a.add(e.node() + " " + e.action() + " " + e.clock()));
    m.events().forEach(e -> b.add(e.node() + " " + e.action() + " " + e.clock()));
    assertEquals(a.stream().sorted().toList(), b.stream().sorted().toList());
  }

  @Test
  void aCycleIsAnImpossibleOrderNamingTheEvents() throws Exception {
    TraceMerger.ImpossibleOrderException e = assertThrows(TraceMerger.ImpossibleOrderException.class,
        () -> TraceMerger.merge(dir("invalid/impossible-order")));
    assertTrue(e.getMessage().contains("must follow"), e.getMessage());
    assertTrue(e.getMessage().contains("HandlePreVoteResponse"), e.getMessage());
  }

  @Test
  void aDependencyOnAnEventNoFileHoldsIsNamed() throws Exception {
    List<TraceFile> files = dir("valid/election-commit-per-node");
    TraceFile s1 = files.get(0);
    List<LoggedEvent> evs = new ArrayList<>(s1.events());
    LoggedEvent last = evs.remove(evs.size() - 1);
    java.util.Map<String, Long> clock = new java.util.HashMap<>(last.clock());
    clock.put("s3", 99L);
    evs.add(new LoggedEvent(last.file(), last.line(), last.seq(), last.node(), last.action(), clock, last.params(),
        last.recv(), last.sent(), last.state()));
    files.set(0, new TraceFile(s1.name(), s1.servers(), s1.initServers(), s1.node(), evs));
    TraceMerger.ImpossibleOrderException e = assertThrows(TraceMerger.ImpossibleOrderException.class,
        () -> TraceMerger.merge(files));
    assertTrue(e.getMessage().contains("no file holds"), e.getMessage());
  }
}
