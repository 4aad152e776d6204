package dev.raftproof.core;

import dev.raftproof.core.qual.LogIndex;
import dev.raftproof.core.qual.Term;

/** Min/max that keep the {@link Term}/{@link LogIndex} qualifiers (the JDK's Math methods are unannotated). */
final class Num {
  private Num() {}

  static @LogIndex long minIndex(@LogIndex long a, @LogIndex long b) {
    return a <= b ? a : b;
  }

  static @LogIndex long maxIndex(@LogIndex long a, @LogIndex long b) {
    return a >= b ? a : b;
  }

  static @Term long maxTerm(@Term long a, @Term long b) {
    return a >= b ? a : b;
  }
}
