/** The pure Raft state machine: no threads, clocks or I/O. See {@code traces/FORMAT.md} for the action table. */
package dev.raftproof.core;
