---------------------------- MODULE MCraft_mut_fig8 ----------------------------
\* Mutation model for Figure 8 (mutations.tsv): from MutInitFig8 (MCraft.tla); elections, replication, commit.
EXTENDS MCraft
=============================================================================
