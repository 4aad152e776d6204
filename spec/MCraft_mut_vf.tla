---------------------------- MODULE MCraft_mut_vf ----------------------------
\* Mutation model for ElectionSafety with restarts (mutations.tsv): 3 servers, elections and Restart only.
EXTENDS MCraft
=============================================================================
