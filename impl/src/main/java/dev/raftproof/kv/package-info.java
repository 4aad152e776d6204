/**
 * The key-value state machine the simulated clients use: pure, deterministic, small. Commands are log entry values
 * ({@link dev.raftproof.kv.KvCommand}); {@link dev.raftproof.kv.KvStore} applies them and round-trips through
 * snapshot bytes.
 */
package dev.raftproof.kv;
