package dev.raftproof.core;

/** An entry's {@code type} in the spec and in traces ({@code "value"}, {@code "config"}, {@code "noop"}). */
public enum EntryType {
  /** A client value (§5.3). */
  VALUE("value"),
  /** A single-server membership change: the entry's value is the whole new voter set (D§4.1). */
  CONFIG("config"),
  /** The entry a new leader appends in its term (D§6.4, as etcd does). */
  NOOP("noop");

  private final String traceName;

  EntryType(String traceName) {
    this.traceName = traceName;
  }

  /** The name used in the spec and in trace files. */
  public String traceName() {
    return traceName;
  }

  /** The type named {@code name} in a trace file. */
  public static EntryType fromTraceName(String name) {
    for (EntryType t : values()) {
      if (t.traceName.equals(name)) {
        return t;
      }
    }
    throw new IllegalArgumentException("unknown entry type: " + name);
  }
}
