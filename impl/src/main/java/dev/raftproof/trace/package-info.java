/**
 * Trace format v1 (traces/FORMAT.md §3): the only package that knows the JSON. {@link dev.raftproof.trace.TraceWriter}
 * writes {@link dev.raftproof.core.ActionEvent}s as NDJSON with Jackson's streaming generator;
 * {@link dev.raftproof.trace.TraceReader} parses a file back into typed events with errors naming file, line and field.
 */
package dev.raftproof.trace;
