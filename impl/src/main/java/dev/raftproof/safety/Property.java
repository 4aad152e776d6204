package dev.raftproof.safety;

/** The safety properties of Figure 3 of the Raft paper. */
public enum Property {
  /** At most one leader can be elected in a given term (§5.2). */
  ElectionSafety,
  /** A leader never overwrites or deletes entries in its log; it only appends new entries (§5.3). */
  LeaderAppendOnly,
  /** If two logs contain an entry with the same index and term, the logs are identical up through that index (§5.3). */
  LogMatching,
  /** If an entry is committed in a term, it is present in the logs of the leaders of all higher terms (§5.4). */
  LeaderCompleteness,
  /** If a server has applied an entry at an index, no other server ever applies a different entry there (§5.4.3). */
  StateMachineSafety
}
