package dev.raftproof.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** {@link KvMachine#snapshot()} writes the documented format (the one restore reads) and round-trips. */
class KvMachineSnapshotTest {
  @Test
  void snapshotHasTheDocumentedFormatAndRoundTrips() throws Exception {
    KvMachine m = new KvMachine();
    TreeMap<String, String> expected = new TreeMap<>();
    String[][] kvs = {{"a", ""}, {"é-ключ", "värde ✓"}, {"z", "x".repeat(300)}, {"emoji", "\uD83D\uDE00"}};
    for (String[] kv : kvs) {
      m.apply(KvOp.put(kv[0], kv[1]));
      expected.put(kv[0], kv[1]);
    }
    m.apply(KvOp.delete("z"));
    expected.remove("z");

    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeInt(0x4b563031);
      out.writeInt(expected.size());
      for (Map.Entry<String, String> e : expected.entrySet()) {
        for (String s : new String[] {e.getKey(), e.getValue()}) {
          byte[] b = s.getBytes(StandardCharsets.UTF_8);
          out.writeInt(b.length);
          out.write(b);
        }
      }
    }
    byte[] snap = m.snapshot();
    assertArrayEquals(bytes.toByteArray(), snap);

    KvMachine r = new KvMachine();
    r.restore(snap);
    assertEquals(expected.size(), r.size());
    expected.forEach((k, v) -> assertEquals(v, r.get(k), k));
    assertNull(r.get("z"));
    KvMachine empty = new KvMachine();
    empty.restore(new KvMachine().snapshot());
    assertEquals(0, empty.size());
  }
}
