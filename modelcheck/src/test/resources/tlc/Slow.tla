---- MODULE Slow ----
\* A state space far too large to finish: used to test the time limit.
EXTENDS Naturals
VARIABLES a, b, c
vars == <<a, b, c>>
Init == a = 0 /\ b = 0 /\ c = 0
Next == \/ a' = (a + 1) % 2000 /\ UNCHANGED <<b, c>>
        \/ b' = (b + 1) % 2000 /\ UNCHANGED <<a, c>>
        \/ c' = (c + 1) % 2000 /\ UNCHANGED <<a, b>>
Spec == Init /\ [][Next]_vars
TypeOK == a \in Nat /\ b \in Nat /\ c \in Nat
====
