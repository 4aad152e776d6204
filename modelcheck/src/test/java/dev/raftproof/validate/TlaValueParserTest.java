package dev.raftproof.validate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TlaValueParserTest {
  @Test
  void parsesWhatTlcPrints() {
    Object v = TlaValueParser.parse("[ s1 |-> <<[term |-> 1, type |-> \"noop\", value |-> Nil]>>,\n"
        + "  s2 |-> <<>> ]");
    assertEquals(Map.of("s1", List.of(Map.of("term", 1L, "type", "noop", "value", new TlaValue.ModelValue("Nil"))),
        "s2", List.of()), v);
  }

  @Test
  void recordsAndFunctionsOfStringsAreEqual() {
    assertEquals(TlaValueParser.parse("[s1 |-> 0, s2 |-> 3]"), TlaValueParser.parse("(\"s1\" :> 0 @@ \"s2\" :> 3)"));
  }

  @Test
  void setsIgnoreOrderAndRangesExpand() {
    assertEquals(TlaValueParser.parse("{\"s2\", \"s1\"}"), TlaValueParser.parse("{\"s1\", \"s2\"}"));
    assertEquals(Set.of(1L, 2L, 3L), TlaValueParser.parse("1..3"));
    assertEquals(Boolean.TRUE, TlaValueParser.parse("TRUE"));
    assertEquals(-4L, TlaValueParser.parse("-4"));
  }

  @Test
  void garbageIsRejected() {
    assertThrows(IllegalArgumentException.class, () -> TlaValueParser.parse("[a |-> 1"));
    assertThrows(IllegalArgumentException.class, () -> TlaValueParser.parse("<<1>> x"));
  }
}
