package dev.raftproof.lin;

import java.util.List;

/**
 * The verdict for a history and how it was reached. {@code reason} says why it is UNKNOWN, or anything notable about
 * a VALID/INVALID answer (e.g. an empty history).
 */
public record CheckResult(Verdict verdict, String reason, List<PartitionResult> partitions, int ops,
    long elapsedNanos) {
  public CheckResult {
    partitions = List.copyOf(partitions);
  }

  public List<PartitionResult> invalidPartitions() {
    return partitions.stream().filter(p -> p.verdict() == Verdict.INVALID).toList();
  }
}
