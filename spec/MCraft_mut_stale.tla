---------------------------- MODULE MCraft_mut_stale ----------------------------
\* Mutation model for stale AppendEntries (mutations.tsv): from MutInitStaleLeader (MCraft.tla); elections, replication, commit.
EXTENDS MCraft
=============================================================================
