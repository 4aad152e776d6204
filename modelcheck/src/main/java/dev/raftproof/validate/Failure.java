package dev.raftproof.validate;

import dev.raftproof.trace.LoggedEvent;
import java.util.List;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * The first event no spec step can match, and why.
 *
 * @param index 1-based position of the event in the (merged) trace
 * @param event the event
 * @param reasons what failed, one sentence each, in a Raft engineer's words (e.g. "HandleAppendEntriesRequest:
 *     logged commitIndex 3 but the spec gives 2")
 * @param keyword a short stable tag of the main reason (e.g. {@code commitIndex}, {@code not-enabled},
 *     {@code no-message}, {@code order}) used by EXPECTED.tsv
 * @param before the spec state before the event (one of them, if several were possible); null if unknown
 */
public record Failure(int index, @Nullable LoggedEvent event, List<String> reasons, String keyword,
    @Nullable SpecState before) {
  public Failure {
    reasons = List.copyOf(reasons);
  }
}
