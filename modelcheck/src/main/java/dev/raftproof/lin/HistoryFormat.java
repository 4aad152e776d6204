package dev.raftproof.lin;

import java.util.Locale;

/** The history file formats {@link HistoryReader} understands. */
public enum HistoryFormat {
  /** Jepsen/Knossos EDN: one vector or list of op maps, or a bare stream of maps. */
  EDN,
  /** Porcupine's Jepsen etcd logs: {@code INFO  jepsen.util - <proc> <:type> <:f> <value>} lines. */
  PORCUPINE_ETCD,
  /** Porcupine kv: one EDN map per line with {@code :key}. */
  PORCUPINE_KV,
  /** Guess from the file name, then from the content. */
  AUTO;

  public static HistoryFormat parse(String s) {
    return switch (s.toLowerCase(Locale.ROOT)) {
      case "edn" -> EDN;
      case "porcupine-etcd", "etcd" -> PORCUPINE_ETCD;
      case "porcupine-kv", "kv" -> PORCUPINE_KV;
      case "auto" -> AUTO;
      default -> throw new IllegalArgumentException(
          "unknown format '" + s + "' (expected edn, porcupine-etcd, porcupine-kv or auto)");
    };
  }

  public String cliName() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }
}
