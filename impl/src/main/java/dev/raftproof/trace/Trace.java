package dev.raftproof.trace;

import java.util.List;

/** A parsed trace file: its header and its events in file order. */
public record Trace(TraceHeader header, List<TraceEvent> events) {
  public Trace {
    events = List.copyOf(events);
  }
}
