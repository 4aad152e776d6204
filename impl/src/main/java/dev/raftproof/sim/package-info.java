/**
 * The deterministic simulator: N real {@link dev.raftproof.core.RaftNode}s in one process, driven by a seeded
 * scheduler that injects network, crash, timing and administrative faults, checks the five safety properties after
 * every step, records a format-v1 trace and a Jepsen/Knossos EDN client history, and shrinks a failing schedule.
 * Entry points: {@link dev.raftproof.sim.Simulation#run(SimConfig)} and {@link dev.raftproof.sim.SimulateMain}.
 */
package dev.raftproof.sim;
