----------------------------- MODULE TraceExplored -----------------------------
(* Explored-state check (dev.raftproof.validate.ExploredStateCheck): trace validation as in TraceRaft, but with the
   CI model's constants and substitutions (e.g. Deliver <- MCDeliver) and with MCraft's state constraint Bounds as an
   INVARIANT. If every state of the matched behaviour satisfies Bounds, the behaviour is a path of the CI model
   through constraint-satisfying states, so TLC's BFS of the CI config reaches every one of its states (up to the
   config's SYMMETRY and VIEW). A violated Bounds names the first trace state the CI model never expands. *)
EXTENDS TraceRaft, MCraft
=============================================================================
