package dev.raftproof.validate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Structural checks of the HTML report (no browser here): what a reader needs is present, nothing is fetched. */
final class HtmlStructure {
  private HtmlStructure() {}

  static void check(String page, int nodes, int failingIndex) throws Exception {
    assertTrue(page.startsWith("<!DOCTYPE html>"));
    assertFalse(Pattern.compile("(src|href)\\s*=\\s*\"(https?:)?//").matcher(page).find(), "fetches something");
    assertFalse(page.contains("http://") && !page.contains("http://www.w3.org/2000/svg"), "external URL");
    assertEquals(nodes, count(page, "<text class=\"node\""), "one lifeline label per node");
    assertEquals(failingIndex, count(page, "<g class=\"ev"), "events up to the failing one");
    assertEquals(1, count(page, "<g class=\"ev failing\" data-i=\"" + (failingIndex - 1) + "\""),
        "the failing event is highlighted");
    assertTrue(count(page, "<line class=\"msg\"") > 0, "messages are drawn");
    Matcher m = Pattern.compile("<script id=\"data\" type=\"application/json\">(.*?)</script>", Pattern.DOTALL)
        .matcher(page);
    assertTrue(m.find(), "embedded data");
    JsonNode data = new ObjectMapper().readTree(m.group(1));
    assertEquals(failingIndex, data.path("events").size());
    assertEquals(failingIndex, data.path("failure").path("index").asInt());
    assertTrue(data.path("failure").path("reasons").size() > 0);
    assertTrue(data.path("events").get(0).has("state"), "each event carries the node's state for the click panel");
    assertTrue(page.contains("addEventListener('click'"), "events are clickable");
  }

  private static int count(String s, String needle) {
    int n = 0;
    for (int i = s.indexOf(needle); i >= 0; i = s.indexOf(needle, i + 1)) {
      n++;
    }
    return n;
  }
}
