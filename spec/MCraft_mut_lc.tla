---- MODULE MCraft_mut_lc ----
\* Model for the lc mutations of mutations.tsv (config MCraft_mut_lc.cfg).
EXTENDS MCraft
====
