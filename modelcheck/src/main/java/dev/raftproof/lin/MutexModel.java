package dev.raftproof.lin;

import org.checkerframework.checker.nullness.qual.Nullable;

/** Knossos's mutex: {@code :acquire} needs it free, {@code :release} needs it held. State: Boolean held. */
public final class MutexModel implements Model {
  private final boolean initHeld;

  public MutexModel(boolean initHeld) {
    this.initHeld = initHeld;
  }

  /** Accepts nil/false/free/:free (free) and true/held/:held (held). */
  public static MutexModel of(@Nullable Object init) {
    String s = init == null ? "free" : init.toString().replace(":", "");
    return switch (s) {
      case "free", "false", "nil", "unlocked" -> new MutexModel(false);
      case "held", "true", "locked" -> new MutexModel(true);
      default -> throw new IllegalArgumentException("mutex init must be free or held, got " + Edn.write(init));
    };
  }

  @Override
  public String name() {
    return "mutex(init=" + (initHeld ? "held" : "free") + ")";
  }

  @Override
  public Object initialState() {
    return initHeld;
  }

  @Override
  public @Nullable Object step(@Nullable Object state, Operation op) {
    boolean held = Boolean.TRUE.equals(state);
    return switch (op.f()) {
      case "acquire" -> held ? ILLEGAL : Boolean.TRUE;
      case "release" -> held ? Boolean.FALSE : ILLEGAL;
      default -> ILLEGAL;
    };
  }

  @Override
  public String whyIllegal(@Nullable Object state, Operation op) {
    return switch (op.f()) {
      case "acquire" -> "already held";
      case "release" -> "not held";
      default -> "unknown operation :" + op.f() + " for a mutex";
    };
  }
}
