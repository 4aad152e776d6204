package dev.raftproof.lin;

import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * One line of a Jepsen history: {@code {:process P, :type T, :f F, :value V}} plus an optional {@code :key}
 * (Porcupine kv). {@code index} is its position in the file (real-time order), {@code line} the source line it ends
 * on (0 if unknown).
 */
public record HistoryEvent(int index, int line, @Nullable Object process, Type type, @Nullable Object f,
    @Nullable Object value, @Nullable Object key) {

  /** Jepsen's {@code :type}. */
  public enum Type {
    INVOKE, OK, FAIL, INFO;

    public Kw keyword() {
      return new Kw(name().toLowerCase(java.util.Locale.ROOT));
    }

    public static @Nullable Type of(@Nullable Object kw) {
      if (kw instanceof Kw k) {
        switch (k.name()) {
          case "invoke": return INVOKE;
          case "ok": return OK;
          case "fail": return FAIL;
          case "info": return INFO;
          default: return null;
        }
      }
      return null;
    }
  }

  /** Where this event is, for messages: "op #12 (line 40)". */
  public String where() {
    return "op #" + index + (line > 0 ? " (line " + line + ")" : "");
  }
}
