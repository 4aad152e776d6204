------------------------------ MODULE MCraft_ci ------------------------------
\* CI model: 3 servers, every feature in, small bounds; must finish in < 10 min
\* on 2 cores. See README.md.
EXTENDS MCraft
=============================================================================
