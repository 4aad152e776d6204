---- MODULE Counter ----
EXTENDS Naturals
CONSTANT Max
VARIABLES x, y
vars == <<x, y>>
Init == x = 0 /\ y = 0
IncX == x < Max /\ x' = x + 1 /\ UNCHANGED y
IncY == y < Max /\ y' = y + 1 /\ UNCHANGED x
Next == IncX \/ IncY
Spec == Init /\ [][Next]_vars
TypeOK == x \in 0..Max /\ y \in 0..Max
SumSmall == x + y < 3
NoDecrease == [][x' >= x]_vars
XOnlyUp == [][x' = x]_vars
====
