package dev.raftproof.lin;

import java.util.List;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Knossos's cas-register: {@code :write v}, {@code :cas [old new]} (legal only if the register holds old),
 * {@code :read v}; a read of nil is legal in any state.
 */
public final class CasRegisterModel implements Model {
  private final @Nullable Object init;
  /** Porcupine's etcd reading: {@code :read nil} means "absent", legal only while the register holds nil. */
  private final boolean nilReadMeansAbsent;

  public CasRegisterModel(@Nullable Object init) {
    this(init, false);
  }

  private CasRegisterModel(@Nullable Object init, boolean nilReadMeansAbsent) {
    this.init = init;
    this.nilReadMeansAbsent = nilReadMeansAbsent;
  }

  /**
   * Porcupine's etcd model ({@code etcd-cas-register}): a cas-register where {@code :read nil} means "absent" — legal
   * only while the register holds nil, unlike Knossos's models. Writes and cas as in Knossos's cas-register.
   */
  public static CasRegisterModel etcd(@Nullable Object init) {
    return new CasRegisterModel(init, true);
  }

  @Override
  public String name() {
    return (nilReadMeansAbsent ? "etcd-cas-register(read/write/cas,init=" : "cas-register(init=")
        + Edn.write(init) + ")";
  }

  @Override
  public @Nullable Object initialState() {
    return init;
  }

  @Override
  public @Nullable Object step(@Nullable Object state, Operation op) {
    switch (op.f()) {
      case "write":
        return op.value();
      case "read":
        return (op.value() == null && !nilReadMeansAbsent) || Values.eq(op.value(), state) ? state : ILLEGAL;
      case "cas": {
        List<?> p = Values.pair(op.value());
        return p != null && Values.eq(p.get(0), state) ? p.get(1) : ILLEGAL;
      }
      default:
        return ILLEGAL;
    }
  }

  @Override
  public String whyIllegal(@Nullable Object state, Operation op) {
    switch (op.f()) {
      case "read":
        return "can't read " + Edn.write(op.value()) + " from register " + Edn.write(state);
      case "cas": {
        List<?> p = Values.pair(op.value());
        return p == null ? "cas value must be [old new], got " + Edn.write(op.value())
            : "can't CAS " + Edn.write(state) + " from " + Edn.write(p.get(0)) + " to " + Edn.write(p.get(1));
      }
      default:
        return "unknown operation :" + op.f() + " for a cas-register";
    }
  }

  @Override
  public boolean readOnly(Operation op) {
    return op.f().equals("read");
  }

  @Override
  public boolean alwaysLegal(Operation op) {
    return !nilReadMeansAbsent && op.f().equals("read") && op.value() == null;
  }
}
