---- MODULE MCraft_mut_lao ----
\* Model for the lao mutations of mutations.tsv (config MCraft_mut_lao.cfg).
EXTENDS MCraft
====
