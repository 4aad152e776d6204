package dev.raftproof.lin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The HTML page of an invalid history opens in a real browser from the file system with no network: headless
 * Chromium (Debian's {@code chromium}, installed by {@code .ci/run}) parses it into the drawn operations, runs its
 * script without an uncaught error, and paints something. Without Chromium the test reports itself skipped by name.
 */
class HtmlInChromiumTest {
  static final Path CHROMIUM = Path.of("/usr/bin/chromium");

  static List<String> chromium(Path profile, String... args) {
    List<String> cmd = new ArrayList<>(List.of(CHROMIUM.toString(), "--headless", "--no-sandbox", "--disable-gpu",
        "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--user-data-dir=" + profile, "--enable-logging=stderr", "--v=0"));
    cmd.addAll(List.of(args));
    return cmd;
  }

  static String run(List<String> cmd, Path stdout, Path stderr) throws Exception {
    Process p = new ProcessBuilder(cmd).redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
    if (!p.waitFor(90, TimeUnit.SECONDS)) {
      p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      throw new AssertionError("chromium did not finish in 90 s: " + cmd);
    }
    return Files.readString(stderr, StandardCharsets.UTF_8);
  }

  @Test
  void invalidHistoryPageRendersOfflineInHeadlessChromium(@TempDir Path dir) throws Exception {
    Assumptions.assumeTrue(Files.isExecutable(CHROMIUM),
        CHROMIUM + " not installed (apt-get install chromium): skipping the headless-browser check of the HTML page");
    History h = HistoryReaderTest.edn("[{:process 0 :type :invoke :f :write :value 1}"
        + "{:process 1 :type :invoke :f :write :value 2}{:process 0 :type :ok :f :write :value 1}"
        + "{:process 1 :type :ok :f :write :value 2}{:process 2 :type :invoke :f :read}"
        + "{:process 3 :type :invoke :f :read}{:process 2 :type :ok :f :read :value 1}"
        + "{:process 3 :type :ok :f :read :value 3}]");
    Model m = new CasRegisterModel(0L);
    CheckResult r = LinearizabilityChecker.check(m, Operation.complete(h));
    assertEquals(Verdict.INVALID, r.verdict());
    Path page = dir.resolve("history.html");
    Files.writeString(page, HtmlReport.render("gen.edn", m, r));
    String url = page.toUri().toString();

    Path dom = dir.resolve("dom.html");
    String log = run(chromium(dir.resolve("profile1"), "--dump-dom", url), dom, dir.resolve("dom.err"));
    String text = Files.readString(dom, StandardCharsets.UTF_8);
    assertTrue(text.contains("<svg"), "the browser's DOM has the drawing:\n" + text);
    assertTrue(text.contains("class=\"op blocked\""), "the failing operation is in the DOM");
    assertTrue(text.contains("id=\"details\""), "the details pane is in the DOM");
    assertFalse(log.contains("Uncaught"), "no uncaught script error:\n" + log);

    Path png = dir.resolve("shot.png");
    run(chromium(dir.resolve("profile2"), "--screenshot=" + png, "--window-size=1200,800", url),
        dir.resolve("shot.out"), dir.resolve("shot.err"));
    BufferedImage img = ImageIO.read(png.toFile());
    int nonWhite = 0;
    for (int y = 0; y < img.getHeight(); y += 4) {
      for (int x = 0; x < img.getWidth(); x += 4) {
        if ((img.getRGB(x, y) & 0xFFFFFF) != 0xFFFFFF) {
          nonWhite++;
        }
      }
    }
    assertTrue(nonWhite > 200, "the page paints something (" + nonWhite + " sampled non-white pixels)");
  }
}
