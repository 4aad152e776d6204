---------------------------- MODULE MCraft_mut_rc ----------------------------
\* Mutation model for reconfiguration (mutations.tsv): 4 voters, from MutInitReconfig (MCraft.tla); elections, replication, commit, removals.
EXTENDS MCraft
=============================================================================
