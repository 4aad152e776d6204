---- MODULE MCraft_sim ----
\* Simulation model, for tlc -simulate. See MCraft_sim.cfg and README.md.
EXTENDS MCsim
====
