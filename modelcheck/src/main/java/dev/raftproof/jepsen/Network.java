package dev.raftproof.jepsen;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The harness's network: one {@link LinkProxy} per ordered pair of servers. Partitions, one-way loss and latency are
 * settings of these proxies; {@link #heal} puts every link back to pass with no delay.
 */
final class Network implements AutoCloseable {
  private final Map<String, LinkProxy> links = new LinkedHashMap<>();
  private final List<String> servers;

  /** {@code raftPorts}: each server's real peer port on 127.0.0.1. */
  Network(Map<String, Integer> raftPorts) throws IOException {
    this.servers = List.copyOf(raftPorts.keySet());
    try {
      for (String from : servers) {
        for (String to : servers) {
          if (!from.equals(to)) {
            Integer port = raftPorts.get(to);
            links.put(key(from, to), LinkProxy.open(from + "->" + to,
                new InetSocketAddress("127.0.0.1", port == null ? 0 : port)));
          }
        }
      }
    } catch (IOException e) {
      close();
      throw e;
    }
  }

  private static String key(String from, String to) {
    return from + "->" + to;
  }

  /** The port node {@code from} must use to reach {@code to}'s peer port. */
  int proxyPort(String from, String to) {
    return link(from, to).port();
  }

  private LinkProxy link(String from, String to) {
    LinkProxy p = links.get(key(from, to));
    if (p == null) {
      throw new IllegalArgumentException("no link " + from + "->" + to);
    }
    return p;
  }

  /** Every link back to pass, no delay. */
  void heal() {
    for (LinkProxy p : links.values()) {
      p.delay(0);
      p.drop(false);
    }
  }

  /**
   * Only servers in a common component can talk (both directions); a server in no component is cut off from all.
   * A server may be in several components (a bridge).
   */
  void partition(Collection<? extends Set<String>> components) {
    for (String a : servers) {
      for (String b : servers) {
        if (!a.equals(b)) {
          boolean together = false;
          for (Set<String> c : components) {
            together |= c.contains(a) && c.contains(b);
          }
          link(a, b).drop(!together);
        }
      }
    }
  }

  /** Drops the direction {@code from -> to} only. */
  void dropOneWay(String from, String to) {
    link(from, to).drop(true);
  }

  /** Adds {@code millis} of latency to every link. */
  void delayAll(int millis) {
    for (LinkProxy p : links.values()) {
      p.delay(millis);
    }
  }

  /** The links currently dropping, for the log. */
  List<String> dropped() {
    List<String> out = new ArrayList<>();
    for (LinkProxy p : links.values()) {
      if (p.dropping()) {
        out.add(p.name());
      }
    }
    return out;
  }

  @Override
  public void close() {
    for (LinkProxy p : links.values()) {
      p.close();
    }
  }
}
