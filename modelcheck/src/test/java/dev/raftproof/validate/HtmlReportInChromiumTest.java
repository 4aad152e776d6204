package dev.raftproof.validate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.raftproof.trace.TraceReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The HTML report of a rejected trace opens from the file system in a real browser (headless Chromium, Debian's
 * {@code chromium}; {@code .ci/run} installs it) with no network: after its script ran, the DOM has the space-time
 * diagram, the failing event highlighted and selected, and the panel with the node's state at the selected step
 * (the failing one on open; {@code #event=N} selects another). Chromium's net log must show no request made for the
 * page (a control page with one remote image shows that such a request is seen). Without Chromium the test reports
 * itself skipped by name.
 */
class HtmlReportInChromiumTest {
  static final Path CHROMIUM = Path.of("/usr/bin/chromium");

  private static List<String> chromium(Path profile, Path netLog, String... args) {
    List<String> cmd = new ArrayList<>(List.of(CHROMIUM.toString(), "--headless", "--no-sandbox", "--disable-gpu",
        "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--disable-default-apps", "--disable-extensions", "--no-pings", "--user-data-dir=" + profile,
        "--log-net-log=" + netLog,
        "--enable-logging=stderr", "--v=0"));
    cmd.addAll(List.of(args));
    return cmd;
  }

  private static String run(List<String> cmd, Path stdout, Path stderr) throws Exception {
    Process p = new ProcessBuilder(cmd).redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      throw new AssertionError("chromium did not finish in 120 s: " + cmd);
    }
    return Files.readString(stderr, StandardCharsets.UTF_8);
  }

  /**
   * The URLs the page itself requested, from Chromium's net log: requests made for a {@code file://} page carry a
   * network isolation key of {@code file://}; the browser's own background requests (update checks and the like,
   * which some flags do not silence) carry another key and are not the page's doing.
   */
  static List<String> pageRequests(Path netLog) throws Exception {
    JsonNode log = new ObjectMapper().readTree(netLog.toFile());
    List<String> urls = new ArrayList<>();
    for (JsonNode ev : log.path("events")) {
      JsonNode p = ev.path("params");
      if (p.path("network_isolation_key").asText().contains("file://") && p.has("url")) {
        urls.add(p.path("url").asText());
      }
    }
    return urls;
  }

  private static String panel(String dom) {
    Matcher m = Pattern.compile("<div id=\"panel\">(.*?)</div>", Pattern.DOTALL).matcher(dom);
    assertTrue(m.find(), "the state panel is in the DOM:\n" + dom);
    return m.group(1).replace("&quot;", "\"");
  }

  @Test
  @Timeout(600)
  void rejectedTraceReportWorksOfflineInHeadlessChromium(@TempDir Path dir) throws Exception {
    Assumptions.assumeTrue(Files.isExecutable(CHROMIUM),
        CHROMIUM + " not installed (apt-get install chromium): skipping the headless-browser check of the report");
    ValidationResult r = new TraceValidator().validate(
        TraceReader.readLogged(TestSpecs.traces().resolve("invalid/leader-without-quorum.ndjson")),
        TraceValidator.Options.of(TestSpecs.spec()).withTimeLimit(Duration.ofSeconds(250)));
    assertEquals(Verdict.REJECTED, r.verdict());
    Path page = dir.resolve("report.html");
    Files.writeString(page, HtmlReport.render("leader-without-quorum.ndjson", r), StandardCharsets.UTF_8);

    {
      String url = page.toUri().toString();
      Path dom = dir.resolve("dom.html");
      String log = run(chromium(dir.resolve("p1"), dir.resolve("net1.json"), "--dump-dom", url), dom, dir.resolve("dom.err"));
      String text = Files.readString(dom, StandardCharsets.UTF_8);
      assertFalse(log.contains("Uncaught"), "no uncaught script error:\n" + log);
      // the space-time diagram: 3 lifelines, 7 events, message arrows
      assertTrue(text.contains("<svg id=\"diagram\""), "diagram in the DOM:\n" + text);
      assertEquals(3, count(text, "class=\"life\""), "one lifeline per server");
      assertEquals(7, count(text, "<g class=\"ev"), "the events up to the failing one");
      assertTrue(count(text, "class=\"msg\"") >= 3, "message arrows");
      // the failing event (7, s1 BecomeLeader) is highlighted and, after the script ran, selected
      assertTrue(text.contains("<g class=\"ev failing selected\" data-i=\"6\""), "failing event selected:\n" + text);
      String shown = panel(text);
      assertTrue(shown.contains("Event 7:") && shown.contains("BecomeLeader"), shown);
      assertTrue(shown.contains("logged state of s1 after it"), shown);
      assertTrue(shown.contains("\"state\": \"Leader\""), "the node's logged state at the step:\n" + shown);
      assertTrue(shown.contains("NO SPEC STEP MATCHES THIS EVENT"), shown);
      assertTrue(shown.contains("is not a quorum"), "the reason:\n" + shown);
      assertTrue(shown.contains("spec state of s1 before it"), "the spec's state before the step:\n" + shown);

      // another step selected by the address: event 4, s1 BecomeCandidate, s1 is a Candidate in term 1
      Path dom4 = dir.resolve("dom4.html");
      run(chromium(dir.resolve("p2"), dir.resolve("net2.json"), "--dump-dom", url + "#event=4"), dom4, dir.resolve("dom4.err"));
      String text4 = Files.readString(dom4, StandardCharsets.UTF_8);
      assertTrue(text4.contains("<g class=\"ev selected\" data-i=\"3\""), "event 4 selected:\n" + text4);
      String shown4 = panel(text4);
      assertTrue(shown4.contains("Event 4:") && shown4.contains("BecomeCandidate"), shown4);
      assertTrue(shown4.contains("\"state\": \"Candidate\"") && shown4.contains("\"currentTerm\": 1"), shown4);
      assertFalse(shown4.contains("NO SPEC STEP MATCHES"), shown4);

      assertEquals(List.of(), pageRequests(dir.resolve("net1.json")), "the page made network requests");
      assertEquals(List.of(), pageRequests(dir.resolve("net2.json")), "the page made network requests");
    }
    // control: the net-log reading does see a page's request
    Path control = dir.resolve("control.html");
    Files.writeString(control, "<!DOCTYPE html><html><body><img src=\"http://example.invalid/x.png\"></body></html>");
    run(chromium(dir.resolve("p3"), dir.resolve("net3.json"), "--dump-dom", control.toUri().toString()),
        dir.resolve("c.out"), dir.resolve("c.err"));
    assertTrue(pageRequests(dir.resolve("net3.json")).contains("http://example.invalid/x.png"),
        "the control page's request is seen: " + pageRequests(dir.resolve("net3.json")));
  }

  private static int count(String s, String needle) {
    int n = 0;
    for (int i = s.indexOf(needle); i >= 0; i = s.indexOf(needle, i + 1)) {
      n++;
    }
    return n;
  }
}
