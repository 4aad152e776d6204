package dev.raftproof.safety;

import java.util.List;

/**
 * A safety violation: which property, which servers, at which log index (0 when no index is involved), the terms
 * involved, and a sentence a human can act on.
 */
public record Violation(Property property, List<String> servers, long index, List<Long> terms, String description) {
  public Violation {
    servers = List.copyOf(servers);
    terms = List.copyOf(terms);
  }

  @Override
  public String toString() {
    return property + ": " + description;
  }
}
