------------------------------ MODULE MCraft_ci ------------------------------
\* CI model: 3 servers, one election, the noop, 2 live messages; complete BFS < 10 min on 2 cores (README.md).
EXTENDS MCraft
=============================================================================
