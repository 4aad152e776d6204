package dev.raftproof.tlc;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * One state of a counterexample, as TLC printed it.
 *
 * @param step 1-based step number
 * @param action the action name, e.g. {@code IncX}, or {@code Initial predicate} for step 1
 * @param location where TLC says the action is defined, e.g. {@code line 7, col 9 to line 7, col 44 of module Counter};
 *     {@code null} when TLC gave none
 * @param variables variable name to value text (TLA+ syntax as TLC prints it), in TLC's order
 */
public record TraceState(int step, String action, @Nullable String location, Map<String, String> variables) {
  public TraceState {
    variables = Collections.unmodifiableMap(new LinkedHashMap<>(variables));
  }

  /** Header text as TLC reports it, e.g. {@code IncX line 7, col 9 to ... of module Counter}. */
  public String actionWithLocation() {
    return location == null ? action : action + " " + location;
  }
}
