/**
 * The five safety properties of the Raft paper (Figure 3) as pure functions over node states
 * ({@link dev.raftproof.safety.SafetyProperties}) and a {@link dev.raftproof.safety.SafetyMonitor} that applies them
 * to a sequence of steps — the same code online (the simulator, after every step) and offline (trace files).
 */
package dev.raftproof.safety;
