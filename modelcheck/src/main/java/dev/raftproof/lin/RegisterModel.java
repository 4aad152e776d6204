package dev.raftproof.lin;

import org.checkerframework.checker.nullness.qual.Nullable;

/** Knossos's register: {@code :write v}, {@code :read v}; a read of nil is legal in any state. */
public final class RegisterModel implements Model {
  private final @Nullable Object init;

  public RegisterModel(@Nullable Object init) {
    this.init = init;
  }

  @Override
  public String name() {
    return "register(init=" + Edn.write(init) + ")";
  }

  @Override
  public @Nullable Object initialState() {
    return init;
  }

  @Override
  public @Nullable Object step(@Nullable Object state, Operation op) {
    return switch (op.f()) {
      case "write" -> op.value();
      case "read" -> op.value() == null || Values.eq(op.value(), state) ? state : ILLEGAL;
      default -> ILLEGAL;
    };
  }

  @Override
  public String whyIllegal(@Nullable Object state, Operation op) {
    return switch (op.f()) {
      case "read" -> "can't read " + Edn.write(op.value()) + " from register " + Edn.write(state);
      default -> "unknown operation :" + op.f() + " for a register";
    };
  }

  @Override
  public boolean readOnly(Operation op) {
    return op.f().equals("read");
  }

  @Override
  public boolean alwaysLegal(Operation op) {
    return op.f().equals("read") && op.value() == null;
  }
}
