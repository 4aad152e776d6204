package dev.raftproof.core;

import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * The immediate answer to a request (proposal, read, admin): accepted — with the log index or read id it got — or
 * refused with a reason. The request's effects and its trace event come out in the next {@link Ready}.
 */
public record Outcome(@Nullable Refusal refusal, long id) {
  public static Outcome accepted(long id) {
    return new Outcome(null, id);
  }

  public static Outcome refused(Refusal why) {
    return new Outcome(why, 0);
  }

  public boolean isAccepted() {
    return refusal == null;
  }

  @Override
  public String toString() {
    Refusal r = refusal;
    return r == null ? "accepted(" + id + ")" : "refused(" + r.reason() + ")";
  }
}
