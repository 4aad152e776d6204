---- MODULE MCraft_mut_es ----
\* Model for the es mutations of mutations.tsv (config MCraft_mut_es.cfg).
EXTENDS MCraft
====
