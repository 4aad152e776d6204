package dev.raftproof.lin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringReader;
import java.util.List;
import org.junit.jupiter.api.Test;

class HistoryReaderTest {

  static History edn(String text) throws BadHistoryException {
    return HistoryReader.readEdn("t.edn", new StringReader(text));
  }

  @Test
  void readsVectorListAndBareStreamAlike() throws Exception {
    String maps = "{:process 0, :type :invoke, :f :write, :value 1}\n{:process 0, :type :ok, :f :write, :value 1}\n";
    History v = edn("[" + maps + "]");
    History l = edn("(" + maps + ")");
    History s = edn(maps);
    assertEquals(2, v.events().size());
    assertEquals(v.events(), l.events());
    assertEquals(v.events().get(1).value(), s.events().get(1).value());
    assertEquals(2, s.events().get(1).line(), "a bare stream knows each op's line");
  }

  @Test
  void toleratesCommentsCommasAndExtraKeys() throws Exception {
    History h = edn("; a comment\n[{:process 22  :type :invoke, :f :read, :value nil :time 12 :index 0}\n"
        + " ; between ops\n {:process 22, :type :ok, :f :read, :value 3, :time 9, :index 1, :error :x}]");
    assertEquals(2, h.events().size());
    assertEquals(3L, h.events().get(1).value());
    assertEquals(new Kw("read"), h.events().get(0).f());
  }

  @Test
  void knossosRulesForFailInfoAndNemesis() throws Exception {
    History h = edn("[{:process 0 :type :invoke :f :write :value 1}"
        + "{:process 1 :type :invoke :f :cas :value [1 2]}"
        + "{:process :nemesis :type :info :f :start :value nil}"
        + "{:process 0 :type :fail :f :write :value 1}"
        + "{:process 1 :type :info :f :cas :value [1 2]}"
        + "{:process 2 :type :invoke :f :read :value nil}"
        + "{:process 2 :type :ok :f :read :value 0}"
        + "{:process 3 :type :invoke :f :write :value 5}]");
    List<Operation> ops = Operation.complete(h);
    assertEquals(3, ops.size(), "the failed write is dropped, the nemesis ignored");
    assertEquals("cas", ops.get(0).f());
    assertTrue(ops.get(0).pending(), ":info leaves the op pending");
    assertEquals(0L, ops.get(1).value(), "an :ok gives its value to the invoke");
    assertTrue(ops.get(2).pending(), "an invoke that never completes is pending");
  }

  @Test
  void etcdLogWithTabsOrSpaces() throws Exception {
    String tabs = "INFO  jepsen.util - 0\t:invoke\t:cas\t[3 0]\nINFO  jepsen.util - 0\t:ok\t:cas\t[3 0]\n"
        + "some other log line\nINFO  jepsen.util - 1\t:invoke\t:read\tnil\nINFO  jepsen.util - 1\t:info\t:read\t"
        + ":timed-out\n";
    History a = HistoryReader.read("a.log", tabs, HistoryFormat.AUTO);
    History b = HistoryReader.read("b.log", tabs.replace('\t', ' '), HistoryFormat.PORCUPINE_ETCD);
    assertEquals(4, a.events().size());
    assertEquals(List.of(3L, 0L), a.events().get(0).value());
    assertEquals(new Kw("timed-out"), a.events().get(3).value());
    for (int i = 0; i < 4; i++) {
      assertEquals(a.events().get(i).value(), b.events().get(i).value());
      assertEquals(a.events().get(i).type(), b.events().get(i).type());
    }
    assertEquals(4, a.events().get(3).line() - 1, "lines count the skipped line too");
  }

  @Test
  void porcupineKvLinesCarryKeys() throws Exception {
    History h = HistoryReader.read("c.txt",
        "{:process 0, :type :invoke, :f :get, :key \"7\", :value nil}\n"
            + "{:process 0, :type :ok, :f :get, :key \"7\", :value \"\"}\n", HistoryFormat.AUTO);
    assertEquals("7", h.events().get(1).key());
    assertEquals("", Operation.complete(h).get(0).value());
  }

  @Test
  void badInputNamesFileAndLine() {
    BadHistoryException noType = assertThrows(BadHistoryException.class,
        () -> edn("{:process 0 :type :invoke :f :read}\n{:process 0 :f :read}\n"));
    assertTrue(noType.getMessage().startsWith("t.edn: "), noType.getMessage());
    assertTrue(noType.getMessage().contains("missing :type"), noType.getMessage());
    assertTrue(noType.getMessage().contains("line 2"), noType.getMessage());
    BadHistoryException syntax = assertThrows(BadHistoryException.class,
        () -> edn("[{:process 0 :type :invoke}\n {:process 1 :type}\n}"));
    assertTrue(syntax.getMessage().contains("t.edn: line 2"), syntax.getMessage());
    assertTrue(syntax.getMessage().contains("EDN syntax error"), syntax.getMessage());
    BadHistoryException badType = assertThrows(BadHistoryException.class,
        () -> edn("[{:process 0 :type :done :f :read}]"));
    assertTrue(badType.getMessage().contains(":type must be"), badType.getMessage());
    BadHistoryException twice = assertThrows(BadHistoryException.class, () -> Operation.complete(
        edn("[{:process 0 :type :invoke :f :read}{:process 0 :type :invoke :f :read}]")));
    assertTrue(twice.getMessage().contains("invokes again"), twice.getMessage());
  }

  @Test
  void ednRoundTrip() throws Exception {
    History h = edn("[{:process 0 :type :invoke :f :txn :value [[:read :x nil] [:write :y \"a\\\"b\"]]}"
        + "{:process 0 :type :ok :f :txn :value [[:read :x 0] [:write :y \"a\\\"b\"]]}"
        + "{:process 1 :type :invoke :f :put :key \"k\" :value {:a #{1}}}]");
    History back = edn(HistoryWriter.toEdn(h));
    assertEquals(h.events(), back.events());
    List<Operation> ops = Operation.complete(h);
    assertEquals(ops, Operation.complete(edn(HistoryWriter.toEdn(ops))).stream()
        .map(o -> new Operation(o.id(), o.process(), o.f(), o.value(), o.key(), ops.get(o.id()).call(),
            o.pending() ? Operation.PENDING : ops.get(o.id()).ret(), 0)).toList());
  }
}
