package dev.raftproof.kv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class KvStoreTest {
  @Test
  void appliesWritesAndRoundTripsThroughSnapshots() {
    KvStore s = new KvStore();
    s.apply(new KvCommand(2, 7).encode());
    s.apply("not a command");
    s.apply(new KvCommand(0, 1).encode());
    s.apply(new KvCommand(2, 9).encode());
    assertEquals(9L, s.get(2));
    assertEquals(1L, s.get(0));
    assertNull(s.get(1));
    KvStore t = new KvStore();
    t.apply(new KvCommand(5, 5).encode());
    t.restore(s.snapshot());
    assertEquals(s.toString(), t.toString());
    assertNull(t.get(5));
    t.restore(new KvStore().snapshot());
    assertEquals(0, t.size());
  }

  @Test
  void decodesOnlyWellFormedWrites() {
    assertEquals(new KvCommand(3, 4), KvCommand.decode("w 3 4"));
    assertNull(KvCommand.decode("w 3"));
    assertNull(KvCommand.decode("w x 4"));
    assertNull(KvCommand.decode("r 3 4"));
  }
}
