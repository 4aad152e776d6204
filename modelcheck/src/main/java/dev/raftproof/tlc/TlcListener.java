package dev.raftproof.tlc;

/** Live callbacks from a TLC run; called on the runner's output-reader thread. */
public interface TlcListener {
  TlcListener NONE = new TlcListener() {};

  /** TLC reported progress (about once a minute, and at the end). */
  default void progress(TlcProgress p) {}

  /** One raw line of TLC's output. */
  default void outputLine(String line) {}
}
