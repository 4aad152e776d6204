---- MODULE Wrap ----
EXTENDS Naturals, TLC
CONSTANT Max
VARIABLES x, y
vars == <<x, y>>
Init == x = 0 /\ y = 0
IncX == x' = (x + 1) % (Max + 1) /\ UNCHANGED y
IncY == y' = (y + 1) % (Max + 1) /\ UNCHANGED x
Bad == x = Max /\ Assert(y # 2, "y must not be 2 when x is Max") /\ x' = 0 /\ UNCHANGED y
Next == IncX \/ IncY
NextA == Next \/ Bad
Spec == Init /\ [][Next]_vars
SpecA == Init /\ [][NextA]_vars
TypeOK == x \in 0..Max /\ y \in 0..Max
====
