---- MODULE MCraft_mut_sms ----
\* Model for the sms mutations of mutations.tsv (config MCraft_mut_sms.cfg).
EXTENDS MCraft
====
