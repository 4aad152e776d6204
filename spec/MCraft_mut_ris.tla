---- MODULE MCraft_mut_ris ----
\* Model for the ris mutations of mutations.tsv (config MCraft_mut_ris.cfg).
EXTENDS MCraft
====
