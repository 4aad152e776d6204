---- MODULE MCraft_compaction ----
\* Compaction model: snapshots. See MCraft_compaction.cfg and README.md.
EXTENDS MCsim
====
