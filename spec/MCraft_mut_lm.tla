---- MODULE MCraft_mut_lm ----
\* Model for the lm mutations of mutations.tsv (config MCraft_mut_lm.cfg).
EXTENDS MCraft
====
