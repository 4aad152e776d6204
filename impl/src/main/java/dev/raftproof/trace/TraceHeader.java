package dev.raftproof.trace;

import java.util.List;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Line 1 of a trace file. {@code servers}/{@code initServers} are the spec constants {@code Server} and
 * {@code InitServers}; {@code node} is null for a whole-cluster trace, else the one server whose events the file holds.
 */
public record TraceHeader(int version, List<String> servers, List<String> initServers, @Nullable String node,
    String source, @Nullable Long seed) {
  public static final String FORMAT = "raft-trace";
  public static final int VERSION = 1;

  public TraceHeader {
    servers = List.copyOf(servers);
    initServers = List.copyOf(initServers);
  }

  /** A version-1 header for a whole-cluster trace. */
  public static TraceHeader cluster(List<String> servers, List<String> initServers, String source,
      @Nullable Long seed) {
    return new TraceHeader(VERSION, servers, initServers, null, source, seed);
  }

  /** A version-1 header for the file of one node of a real cluster (FORMAT.md §5). */
  public static TraceHeader node(List<String> servers, List<String> initServers, String node, String source) {
    return new TraceHeader(VERSION, servers, initServers, node, source, null);
  }
}
