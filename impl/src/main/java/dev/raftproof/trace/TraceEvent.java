package dev.raftproof.trace;

import dev.raftproof.core.ActionEvent;

/** One event line of a trace file: its {@code seq} (1, 2, 3... in file order) and the step it records. */
public record TraceEvent(long seq, ActionEvent event) {}
