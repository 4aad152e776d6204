package dev.raftproof.server;

import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * What applying a {@link KvOp} did: {@code applied} is false only for a compare-and-set whose expectation did not
 * hold (then {@code current} is the value it found); {@code existed} says whether the key had a value before.
 */
public record KvResult(boolean applied, boolean existed, @Nullable String current) {}
