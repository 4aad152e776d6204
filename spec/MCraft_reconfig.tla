---- MODULE MCraft_reconfig ----
\* Reconfiguration model: 4 server ids, servers join and leave. See MCraft_reconfig.cfg and README.md.
EXTENDS MCsim
====
