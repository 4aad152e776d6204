package dev.raftproof.zoo;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Each server mutant compiles and, put in front of a child JVM's classpath (as the jepsen harness does for kv-server
 * processes), really changes the server's behaviour: {@link ServerZooProbe}'s scenario for the bug prints one thing
 * with the real classes and another with the mutant's.
 */
class ServerZooProbeTest {
  @TempDir Path tmp;

  private static String scenario(ServerBug b) {
    return switch (b) {
      case ACK_BEFORE_WRITE -> "ack";
      case READ_WITHOUT_LEADERSHIP_CHECK -> "read";
      case WAL_NOT_TRUNCATED -> "wal";
      case VOTED_FOR_NOT_IN_WAL -> "vote";
    };
  }

  private static String expectedReal(ServerBug b) {
    return switch (b) {
      case ACK_BEFORE_WRITE -> "ack: acknowledged before its fsync=false";
      case READ_WITHOUT_LEADERSHIP_CHECK -> "read: read at a leader without a quorum: NOT_LEADER";
      case WAL_NOT_TRUNCATED -> "wal: recovered log [1:a 2:x]";
      case VOTED_FOR_NOT_IN_WAL -> "vote: recovered votedFor=s2";
    };
  }

  private static String expectedMutant(ServerBug b) {
    return switch (b) {
      case ACK_BEFORE_WRITE -> "ack: acknowledged before its fsync=true";
      case READ_WITHOUT_LEADERSHIP_CHECK -> "read: read at a leader without a quorum: OK v1";
      case WAL_NOT_TRUNCATED -> "wal: recovered log [1:a 1:b 1:c 1:d]";
      case VOTED_FOR_NOT_IN_WAL -> "vote: recovered votedFor=null";
    };
  }

  @ParameterizedTest
  @EnumSource(ServerBug.class)
  void mutantChangesTheServersBehaviour(ServerBug bug) throws Exception {
    String cp = System.getProperty("java.class.path");
    String real = probe(cp, scenario(bug), tmp.resolve("real"));
    String mutant = probe(MutantServer.classpath(bug, cp), scenario(bug), tmp.resolve("mutant"));
    System.out.println(bug + " real   -> " + real);
    System.out.println(bug + " mutant -> " + mutant);
    assertEquals(expectedReal(bug), real, "unmutated server");
    assertEquals(expectedMutant(bug), mutant, "mutant " + bug);
  }

  private static String probe(String cp, String scenario, Path dir) throws IOException, InterruptedException {
    Files.createDirectories(dir);
    String java = ProcessHandle.current().info().command().orElse("java");
    Path log = dir.resolve("probe.log");
    Path stdout = dir.resolve("probe.out");
    Process p = new ProcessBuilder(java, "-Xmx128m", "-XX:+UseSerialGC", "-cp", cp, ServerZooProbe.class.getName(),
        scenario, dir.resolve("data").toString()).redirectError(log.toFile()).redirectOutput(stdout.toFile())
        .start();
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("probe " + scenario + " did not finish within 60 s; stderr in " + log);
    }
    String text = Files.readString(stdout, StandardCharsets.UTF_8).strip();
    @Nullable String last = text.lines().reduce((a, b) -> b).orElse(null);
    if (p.exitValue() != 0 || last == null) {
      throw new AssertionError("probe " + scenario + " exit " + p.exitValue() + ": " + text + "\n"
          + Files.readString(log));
    }
    return last;
  }
}
