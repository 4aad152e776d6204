package dev.raftproof.trace;

import java.util.List;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * A parsed trace file (or the merge of several).
 *
 * @param name how messages name it (the path as given)
 * @param node the header's node: null for a whole-cluster trace
 */
public record TraceFile(String name, List<String> servers, List<String> initServers, @Nullable String node,
    List<LoggedEvent> events) {
  public TraceFile {
    servers = List.copyOf(servers);
    initServers = List.copyOf(initServers);
    events = List.copyOf(events);
  }
}
