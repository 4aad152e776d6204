package dev.raftproof.trace;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * One event line of a trace file, kept close to the JSON so that every logged field (and only those) reaches the
 * generated TLA+ module.
 *
 * @param file the file it came from (for messages)
 * @param line 1-based line number in that file
 * @param seq the logged seq
 * @param recv the consumed message, or null
 */
public record LoggedEvent(String file, int line, long seq, String node, String action, Map<String, Long> clock,
    ObjectNode params, @Nullable ObjectNode recv, List<ObjectNode> sent, ObjectNode state) {

  public LoggedEvent {
    clock = Map.copyOf(clock);
    sent = List.copyOf(sent);
  }

  /** "file:line seq=N node action", how reports name an event. */
  public String describe() {
    return file + ":" + line + " seq=" + seq + " " + node + " " + action;
  }
}
