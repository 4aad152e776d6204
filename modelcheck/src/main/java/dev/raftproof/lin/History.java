package dev.raftproof.lin;

import java.util.List;

/** A history as read from a file: its events in real-time (file) order. */
public record History(String source, List<HistoryEvent> events) {
  public History {
    events = List.copyOf(events);
  }
}
