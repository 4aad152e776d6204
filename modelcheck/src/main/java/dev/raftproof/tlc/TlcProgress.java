package dev.raftproof.tlc;

import java.time.Duration;

/**
 * A progress report from TLC (TLC reports once a minute, and once at the end). Counts are -1 when TLC does not
 * know them (e.g. distinct states and queue size in simulation mode).
 *
 * @param statesGenerated states generated so far
 * @param distinctStates distinct states found so far
 * @param queueSize states left on the queue
 * @param elapsed wall-clock time since the TLC process was started
 * @param distinctStatesPerMinute distinct states per minute over the whole run so far (-1 when unknown)
 */
public record TlcProgress(long statesGenerated, long distinctStates, long queueSize, Duration elapsed,
    long distinctStatesPerMinute) {

  static TlcProgress of(long generated, long distinct, long queue, Duration elapsed) {
    long perMin = -1;
    long ms = elapsed.toMillis();
    if (distinct >= 0 && ms > 0) {
      perMin = (long) (distinct * 60_000.0 / ms);
    }
    return new TlcProgress(generated, distinct, queue, elapsed, perMin);
  }
}
