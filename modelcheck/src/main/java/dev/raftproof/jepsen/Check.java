package dev.raftproof.jepsen;

/** The end-of-run checks. */
public enum Check {
  /** The client history is linearizable (lin checker, {@code kv} model, split by key). */
  LINEARIZABLE,
  /** Every acknowledged write is in the final state (final linearizable reads of every key written). */
  ACKED_WRITES_PRESENT,
  /** The nodes' traces, merged by vector clocks, are a behaviour of spec/Raft.tla (TLC). */
  TRACE_VALID,
  /** The five safety properties hold on the merged trace (the core's SafetyMonitor). */
  TRACE_SAFETY
}
