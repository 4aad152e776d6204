/**
 * Running TLC from Java: {@link dev.raftproof.tlc.TlcRunner} starts TLC ({@code tlc2.TLC -tool}) in a fresh JVM,
 * parses its tool-mode messages live and returns a {@link dev.raftproof.tlc.TlcResult} (verdict, violation,
 * counterexample, figures, SANY error).
 *
 * <p>Non-vacuity test (a mutated spec must violate property X):
 *
 * <pre>{@code
 * SpecSource src = SpecSource.directory(Path.of("spec")).withFile("MCraft_mut.tla", mutatedText);
 * TlcResult r = new TlcRunner().run(src, "MCraft_mut", "MCraft_ci",
 *     TlcOptions.defaults().withWorkers(2).withTimeLimit(Duration.ofMinutes(2)), TlcListener.NONE);
 * assertTrue(r.violates("LeaderCompleteness"), r.summary());
 * }</pre>
 *
 * <p>Trace validation (run a generated trace spec, read verdict and depth):
 *
 * <pre>{@code
 * TlcResult r = new TlcRunner().run(SpecSource.directory(traceDir), "TraceRaft", TlcOptions.defaults());
 * r.verdict();            // PASS / VIOLATION / PARSE_ERROR / TIMEOUT / TLC_ERROR
 * r.figures().depth();    // BFS depth TLC reports (for a violation: counterexample length)
 * r.counterexample();     // List<TraceState>: step, action, location, variables (name -> TLA+ value text)
 * }</pre>
 */
package dev.raftproof.tlc;
