package dev.raftproof.tlc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 120, unit = TimeUnit.SECONDS)
class SpecSourceTest {
  @TempDir
  Path tmp;

  @Test
  void specInsideAJarIsListedExtractedAndCleanedUp() throws Exception {
    Path jar = tmp.resolve("raft.jar");
    try (JarOutputStream j = new JarOutputStream(Files.newOutputStream(jar))) {
      j.putNextEntry(new JarEntry("spec/"));
      j.closeEntry();
      put(j, "spec/A.tla", "---- MODULE A ----\nEXTENDS Naturals\nVARIABLE x\nInit == x = 0\nNext == x' = 1 - x\n"
          + "Spec == Init /\\ [][Next]_x\n====\n");
      put(j, "spec/A.cfg", "SPECIFICATION Spec\n");
      put(j, "spec/Orphan.cfg", "SPECIFICATION Spec\n");
      put(j, "other/B.tla", "x");
    }
    try (URLClassLoader cl = new URLClassLoader(new URL[] {jar.toUri().toURL()}, null)) {
      SpecSource src = SpecSource.classpath("spec", cl);
      assertTrue(src.exists());
      assertEquals(List.of("A"), src.listConfigs());
      Path dir;
      try (MaterializedSpec m = src.materialize()) {
        dir = m.dir();
        assertTrue(m.isTemporary());
        assertTrue(Files.isRegularFile(dir.resolve("A.tla")));
        assertFalse(Files.exists(dir.resolve("B.tla")));
      }
      assertFalse(Files.exists(dir), "temporary copy deleted");

      TlcResult r = new TlcRunner().run(src, "A", TlcOptions.defaults());
      assertEquals(Verdict.PASS, r.verdict(), r::summary);
      assertEquals(2, r.figures().distinctStates());
      assertFalse(SpecSource.classpath("nope", cl).exists());
    }
  }

  @Test
  void interruptStopsTlcAndLeavesNoProcess() throws Exception {
    CountDownLatch started = new CountDownLatch(1);
    AtomicReference<TlcResult> result = new AtomicReference<>();
    Thread t = new Thread(() -> result.set(new TlcRunner().run(SpecSource.classpath("tlc"), "Slow", "Slow",
        TlcOptions.defaults(), new TlcListener() {
          @Override
          public void outputLine(String line) {
            started.countDown();
          }
        })));
    t.start();
    assertTrue(started.await(60, TimeUnit.SECONDS));
    t.interrupt();
    t.join(TimeUnit.SECONDS.toMillis(60));
    assertFalse(t.isAlive());
    TlcResult r = result.get();
    assertEquals(Verdict.TIMEOUT, r.verdict(), r::summary);
    assertTrue(r.errorMessage().contains("interrupted"), r.errorMessage());
    assertTrue(ProcessHandle.of(r.pid()).map(ProcessHandle::isAlive).orElse(false) == false);
  }

  @Test
  void runsLeaveNoTemporaryDirectoriesBehind() {
    TlcRunner runner = new TlcRunner();
    SpecSource toy = SpecSource.classpath("tlc");
    List<TlcResult> results = List.of(
        runner.run(toy, "Counter", TlcOptions.defaults()),
        runner.run(toy, "Broken", TlcOptions.defaults()),
        runner.run(toy, "Slow", "Slow", TlcOptions.defaults().withTimeLimit(java.time.Duration.ofSeconds(2)),
            TlcListener.NONE));
    assertEquals(List.of(Verdict.VIOLATION, Verdict.PARSE_ERROR, Verdict.TIMEOUT),
        results.stream().map(TlcResult::verdict).collect(java.util.stream.Collectors.toList()));
    for (TlcResult r : results) {
      List<String> cmd = r.command();
      Path meta = Path.of(cmd.get(cmd.indexOf("-metadir") + 1));
      Path specCopy = Path.of(cmd.get(cmd.size() - 1)).getParent();
      assertTrue(meta.getFileName().toString().equals("meta"), cmd::toString);
      assertTrue(specCopy.getFileName().toString().startsWith("raft-spec-"), cmd::toString);
      assertFalse(Files.exists(meta.getParent()), "work dir left behind: " + meta.getParent());
      assertFalse(Files.exists(specCopy), "extracted spec left behind: " + specCopy);
    }
  }

  private static void put(JarOutputStream j, String name, String text) throws Exception {
    j.putNextEntry(new JarEntry(name));
    OutputStream o = j;
    o.write(text.getBytes(StandardCharsets.UTF_8));
    j.closeEntry();
  }
}
