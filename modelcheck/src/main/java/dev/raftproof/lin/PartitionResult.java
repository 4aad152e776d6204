package dev.raftproof.lin;

import java.util.List;
import org.checkerframework.checker.nullness.qual.Nullable;

/** The verdict for one independent part of a history (one key, or the whole history). */
public record PartitionResult(String label, List<Operation> ops, Verdict verdict, String reason,
    @Nullable Explanation explanation, long cacheEntries) {}
