--------------------------- MODULE TraceRaftBatch ---------------------------
(* Several traces validated in one TLC run (dev.raftproof.validate.TraceValidator.validateAll): the generated
   TraceData declares a variable tr (the trace's number) with Trace == Traces[tr]. The initial state chooses the
   trace, every step keeps it, and when a trace's last event is matched TLC prints <<"raftproof-trace-done", tr>>:
   a trace without that line is validated again alone (for its verdict and diagnosis). JVM start-up and the parse of
   the spec are paid once for all the traces. *)
EXTENDS TraceRaft

BatchInit == TraceInit /\ tr \in 1..Len(Traces)

BatchNext == /\ TraceNext
             /\ tr' = tr
             /\ (l = Len(Trace) => PrintT(<<"raftproof-trace-done", tr>>))
=============================================================================
