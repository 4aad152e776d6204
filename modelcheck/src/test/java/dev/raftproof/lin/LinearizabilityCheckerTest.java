package dev.raftproof.lin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class LinearizabilityCheckerTest {
  static final Model CAS0 = new CasRegisterModel(0L);

  static Verdict check(String edn) throws Exception {
    return LinearizabilityChecker.check(CAS0, Operation.complete(HistoryReaderTest.edn(edn))).verdict();
  }

  @Test
  void knossosRulesForPendingAndFailedOps() throws Exception {
    // an :info write may have taken effect: a later read of its value is fine
    assertEquals(Verdict.VALID, check("[{:process 0 :type :invoke :f :write :value 3}"
        + "{:process 0 :type :info :f :write :value 3}"
        + "{:process 1 :type :invoke :f :read}{:process 1 :type :ok :f :read :value 3}]"));
    // ... or not: a read of the old value is fine too, even after the info
    assertEquals(Verdict.VALID, check("[{:process 0 :type :invoke :f :write :value 3}"
        + "{:process 0 :type :info :f :write :value 3}"
        + "{:process 1 :type :invoke :f :read}{:process 1 :type :ok :f :read :value 0}]"));
    // a pending cas that can never apply does not make the history invalid
    assertEquals(Verdict.VALID, check("[{:process 0 :type :invoke :f :cas :value [7 8]}"
        + "{:process 1 :type :invoke :f :write :value 1}{:process 1 :type :ok :f :write :value 1}]"));
    // a failed write never happened
    assertEquals(Verdict.INVALID, check("[{:process 0 :type :invoke :f :write :value 3}"
        + "{:process 0 :type :fail :f :write :value 3}"
        + "{:process 1 :type :invoke :f :read}{:process 1 :type :ok :f :read :value 3}]"));
    // a pending write cannot take effect before it is invoked
    assertEquals(Verdict.INVALID, check("[{:process 1 :type :invoke :f :read}{:process 1 :type :ok :f :read "
        + ":value 3}{:process 0 :type :invoke :f :write :value 3}]"));
    // real-time order: a read that starts after a write completed must see it (or a later value)
    assertEquals(Verdict.INVALID, check("[{:process 0 :type :invoke :f :write :value 1}"
        + "{:process 0 :type :ok :f :write :value 1}{:process 0 :type :invoke :f :write :value 2}"
        + "{:process 0 :type :ok :f :write :value 2}{:process 1 :type :invoke :f :read}"
        + "{:process 1 :type :ok :f :read :value 1}]"));
    assertEquals(Verdict.VALID, check("[]"));
  }

  static List<Operation> hard() throws Exception {
    StringBuilder sb = new StringBuilder("[");
    for (int p = 0; p < 22; p++) {
      sb.append("{:process ").append(p).append(" :type :invoke :f :write :value ").append(p).append("}");
    }
    for (int p = 0; p < 22; p++) {
      sb.append("{:process ").append(p).append(" :type :ok :f :write :value ").append(p).append("}");
    }
    sb.append("{:process 99 :type :invoke :f :read}{:process 99 :type :ok :f :read :value 99}]");
    return Operation.complete(HistoryReaderTest.edn(sb.toString()));
  }

  @Test
  void memoryLimitGivesUnknown() throws Exception {
    LinearizabilityChecker.Options o = LinearizabilityChecker.Options.defaults();
    o.memoryLimitBytes = 1 << 20;
    CheckResult r = LinearizabilityChecker.check(CAS0, hard(), o, null);
    assertEquals(Verdict.UNKNOWN, r.verdict());
    assertTrue(r.reason().contains("memory limit"), r.reason());
  }

  @Test
  void timeLimitGivesUnknown() throws Exception {
    CheckResult r = LinearizabilityChecker.check(CAS0, hard(),
        LinearizabilityChecker.Options.defaults().timeLimitSeconds(0.2), null);
    assertEquals(Verdict.UNKNOWN, r.verdict());
    assertTrue(r.reason().contains("time limit"), r.reason());
  }

  @Test
  void partitionsStopAtFirstInvalidOnlyWhenAsked() throws Exception {
    History h = HistoryReader.read("k.txt", "{:process 0, :type :invoke, :f :get, :key \"a\", :value nil}\n"
        + "{:process 0, :type :ok, :f :get, :key \"a\", :value \"z\"}\n"
        + "{:process 1, :type :invoke, :f :get, :key \"b\", :value nil}\n"
        + "{:process 1, :type :ok, :f :get, :key \"b\", :value \"z\"}\n", HistoryFormat.AUTO);
    Model kv = new KvModel("");
    CheckResult all = LinearizabilityChecker.check(kv, Operation.complete(h));
    assertEquals(2, all.invalidPartitions().size());
    LinearizabilityChecker.Options o = LinearizabilityChecker.Options.defaults();
    o.stopAtFirstInvalid = true;
    CheckResult first = LinearizabilityChecker.check(kv, Operation.complete(h), o, null);
    assertEquals(Verdict.INVALID, first.verdict());
    assertEquals(1, first.partitions().size());
  }
}
