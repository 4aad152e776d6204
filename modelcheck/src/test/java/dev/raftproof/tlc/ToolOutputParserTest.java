package dev.raftproof.tlc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ToolOutputParserTest {
  private final List<ToolMessage> messages = new ArrayList<>();
  private final List<String> untagged = new ArrayList<>();
  private final ToolOutputParser parser = new ToolOutputParser(new ToolOutputParser.Sink() {
    @Override
    public void message(ToolMessage m) {
      messages.add(m);
    }

    @Override
    public void untaggedLine(String line) {
      untagged.add(line);
    }
  });

  private void feed(String text) {
    for (String l : text.split("\n", -1)) {
      parser.line(l);
    }
    parser.finish();
  }

  @Test
  void nestedConfigErrorInsideGeneralError() {
    feed("""
        @!@!@STARTMSG 1000:1 @!@!@
        TLC threw an unexpected exception.
        The exception was a tlc2.tool.ConfigFileException
        : @!@!@STARTMSG 5006:0 @!@!@
        TLC found an error in the configuration file at line 2
        It was expecting a keyword, but did not find it.
        @!@!@ENDMSG 5006 @!@!@
        @!@!@ENDMSG 1000 @!@!@
        Parsing file /x/A.tla""");
    assertEquals(2, messages.size());
    assertEquals(5006, messages.get(0).code());
    assertTrue(messages.get(0).body().startsWith("TLC found an error in the configuration file at line 2"));
    assertEquals(1000, messages.get(1).code());
    assertEquals(1, messages.get(1).severity());
    assertTrue(messages.get(1).body().endsWith(":"), messages.get(1).body());
    assertEquals(List.of("Parsing file /x/A.tla"), untagged);
  }

  @Test
  void unterminatedMessageIsFlushedAtTheEnd() {
    feed("@!@!@STARTMSG 2217:4 @!@!@\n1: <Initial predicate>\nx = 0");
    assertEquals(1, messages.size());
    TraceState s = StateTextParser.parse(messages.get(0).body());
    assertNotNull(s);
    assertEquals(Map.of("x", "0"), s.variables());
  }

  @Test
  void multiLineValuesStayWithTheirVariable() {
    TraceState s = StateTextParser.parse("""
        3: <Send line 7, col 9 to line 9, col 44 of module M>
        /\\ msgs = { [type |-> "a", term |-> 1],
          [type |-> "b", term |-> 2] }
        /\\ term = (n1 :> 1 @@ n2 :> 2)
        """);
    assertNotNull(s);
    assertEquals(3, s.step());
    assertEquals("Send", s.action());
    assertEquals("line 7, col 9 to line 9, col 44 of module M", s.location());
    assertEquals(List.of("msgs", "term"), List.copyOf(s.variables().keySet()));
    assertTrue(s.variables().get("msgs").contains("term |-> 2"));
    assertEquals("(n1 :> 1 @@ n2 :> 2)", s.variables().get("term"));
  }

  @Test
  void formatterShowsFullFirstStateThenOnlyChangedVariables() {
    List<TraceState> ce = List.of(
        new TraceState(1, "Initial predicate", null, Map.of("x", "0")),
        new TraceState(2, "IncX", "line 7, col 9 to line 7, col 44 of module Counter",
            new java.util.LinkedHashMap<>(Map.of("x", "1"))));
    String plain = new CounterexampleFormatter(false).format(ce);
    assertTrue(plain.contains("State 1: Initial predicate\n    x = 0\n"), plain);
    assertTrue(plain.contains("State 2: IncX   (line 7"), plain);
    assertTrue(plain.contains("*   x = 1"), plain);
    assertTrue(!plain.contains("\u001b["), "no ANSI when not a terminal");
    String ansi = new CounterexampleFormatter(true).format(ce);
    assertTrue(ansi.contains("\u001b[1mx = 1\u001b[0m"), ansi);
  }
}
