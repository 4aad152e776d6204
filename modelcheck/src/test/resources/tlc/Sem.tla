---- MODULE Sem ----
EXTENDS Naturals
VARIABLE x
Init == x = 0
Next == x' = x + zz
Spec == Init /\ [][Next]_x
====
