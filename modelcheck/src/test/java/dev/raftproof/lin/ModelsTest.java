package dev.raftproof.lin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ModelsTest {
  static Operation op(String f, Object value) {
    return new Operation(0, 0L, f, value, null, 0, 1, 0);
  }

  static Operation kop(String f, Object key, Object value) {
    return new Operation(0, 0L, f, value, key, 0, 1, 0);
  }

  @Test
  void parsesTheCorpusModelColumn() {
    assertEquals("cas-register(init=0)", Models.parse("cas-register(init=0)").name());
    assertEquals(0L, Models.parse("cas-register(init=0)").initialState());
    assertEquals(Map.of(new Kw("x"), 0L, new Kw("y"), 0L),
        Models.parse("multi-register(init={:x 0 :y 0})").initialState());
    assertEquals(Boolean.FALSE, Models.parse("mutex(init=free)").initialState());
    assertEquals(null, Models.parse("etcd-cas-register(read/write/cas,init=nil)").initialState());
    Model kv = Models.parse("kv(get/put/append,init=\"\",partitioned-by-key)");
    assertEquals("", kv.partitionModel(List.of(kop("get", "k", null))).initialState());
    assertThrows(IllegalArgumentException.class, () -> Models.parse("nope(init=1)"));
    assertThrows(IllegalArgumentException.class, () -> Models.create("mutex", "maybe"));
  }

  @Test
  void registerAndCasRegister() {
    Model r = new RegisterModel(1L);
    assertEquals(1L, r.step(1L, op("read", 1L)));
    assertEquals(1L, r.step(1L, op("read", null)), "a read of nil is legal anywhere");
    assertSame(Model.ILLEGAL, r.step(1L, op("read", 2L)));
    assertSame(Model.ILLEGAL, r.step(1L, op("cas", List.of(1L, 2L))), "no cas on a plain register");
    Model c = new CasRegisterModel(0L);
    assertEquals(2L, c.step(1L, op("cas", List.of(1L, 2L))));
    assertSame(Model.ILLEGAL, c.step(3L, op("cas", List.of(1L, 2L))));
    Model e = CasRegisterModel.etcd(null);
    assertSame(Model.ILLEGAL, e.step(3L, op("read", null)), "etcd: nil means absent");
    assertEquals(null, e.step(null, op("read", null)));
  }

  @Test
  void mutexAndMultiRegister() {
    Model m = MutexModel.of(new EdnSymbol("free"));
    assertEquals(true, m.step(false, op("acquire", null)));
    assertSame(Model.ILLEGAL, m.step(true, op("acquire", null)));
    assertSame(Model.ILLEGAL, m.step(false, op("release", null)));
    Model mr = new MultiRegisterModel(Map.of(new Kw("x"), 0L));
    Object s = mr.step(mr.initialState(), op("txn", List.of(List.of(new Kw("write"), new Kw("x"), 2L),
        List.of(new Kw("read"), new Kw("x"), 2L))));
    assertEquals(Map.of(new Kw("x"), 2L), s);
    assertSame(Model.ILLEGAL, mr.step(s, op("txn", List.of(List.of(new Kw("read"), new Kw("x"), 0L)))));
  }

  @Test
  void kvOps() {
    KvModel kv = new KvModel("");
    Object s = kv.step(kv.initialState(), kop("append", "a", "x"));
    s = kv.step(s, kop("append", "a", "y"));
    assertEquals(Map.of("a", "xy"), s);
    assertEquals(s, kv.step(s, kop("get", "a", "xy")));
    assertSame(Model.ILLEGAL, kv.step(s, kop("get", "a", "x")));
    assertEquals(Map.of("a", "z"), kv.step(s, kop("cas", "a", List.of("xy", "z"))));
    assertEquals(Map.of(), kv.step(s, kop("delete", "a", null)));
    assertEquals(Map.of("b", 3L), kv.step(Map.of(), op("put", List.of("b", 3L))), "Jepsen [k v] values");
    assertEquals(2, kv.partition(List.of(kop("get", "a", null), kop("get", "b", null), kop("put", "a", "q")))
        .size());
  }
}
