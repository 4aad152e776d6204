package dev.raftproof.tlc;

import java.time.Duration;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Final figures of a TLC run. Numbers are -1 when TLC did not report them.
 *
 * @param statesGenerated states generated
 * @param distinctStates distinct states found (-1 in simulation mode)
 * @param depth depth of the state graph search as TLC reports it (BFS); for a violation without a reported depth,
 *     the counterexample length; -1 if unknown
 * @param wallTime wall-clock time of the TLC process, measured by the runner
 * @param tlcReportedTime TLC's own "Finished in ..." text, or {@code null}
 */
public record TlcFigures(long statesGenerated, long distinctStates, long depth, Duration wallTime,
    @Nullable String tlcReportedTime) {}
