package dev.raftproof.zoo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every bug of the zoo must be caught by the simulator's checks within its stated number of seeded runs (seeds
 * {@link #FIRST_SEED}, {@link #FIRST_SEED}+1, ...; 1,000 steps each). The row of the README table is printed and
 * appended to target/bug-zoo.md. The ReadIndex bug, which only a linearizability check sees, is in
 * modelcheck/src/test/java/dev/raftproof/zoo.
 */
class BugZooTest {
  static final long FIRST_SEED = 1;
  private static final Pattern FIRST =
      Pattern.compile("first violation: run (\\d+) \\(seed (-?\\d+)\\): (\\w+)");

  @Test
  void theUnmutatedCodeSurvivesTheSameRuns() throws Exception {
    MutantCore.Run r = MutantCore.simulate(null, "--runs", "50", "--seed", Long.toString(FIRST_SEED), "--steps",
        "1000", "--faults", "all", "--stop-at-first");
    System.out.println("[zoo] unmutated, 50 runs from seed " + FIRST_SEED + ":\n" + r.output());
    assertEquals(0, r.exitCode(), r.output());
  }

  @ParameterizedTest
  @EnumSource(Bug.class)
  void caught(Bug bug) throws Exception {
    Path classes = MutantCore.compile(bug.name(), bug.mutations);
    MutantCore.Run r = MutantCore.simulate(classes, "--runs", Integer.toString(bug.maxRuns), "--seed",
        Long.toString(FIRST_SEED), "--steps", "1000", "--faults", bug.faults, "--stop-at-first", "--shrink-budget",
        "300");
    Matcher m = FIRST.matcher(r.output());
    boolean found = m.find();
    String row = found
        ? String.format("| %s | %s | simulator (%s) | %s | %s |", bug.name(), bug.description, m.group(3), m.group(1),
            m.group(2))
        : String.format("| %s | %s | NOT CAUGHT in %d runs | - | - |", bug.name(), bug.description, bug.maxRuns);
    System.out.println("[zoo] " + row);
    System.out.println(r.output());
    Path table = Path.of("target", "bug-zoo.md");
    Files.createDirectories(table.getParent());
    Files.writeString(table, row + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
        StandardOpenOption.APPEND);
    assertTrue(found, bug + " was not caught in " + bug.maxRuns + " runs:\n" + r.output());
    assertEquals(1, r.exitCode());
  }
}
