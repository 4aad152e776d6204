/**
 * Trace format v1 (traces/FORMAT.md §3): the only package that knows the JSON. {@link dev.raftproof.trace.TraceWriter}
 * writes {@link dev.raftproof.core.ActionEvent}s as NDJSON with Jackson's streaming generator;
 * {@link dev.raftproof.trace.TraceReader} is the one reader: the trace as logged ({@link dev.raftproof.trace.TraceFile}
 * of {@link dev.raftproof.trace.LoggedEvent}s, what the validator and importers of other implementations' traces
 * use) or as the core's typed events; every error is a {@link dev.raftproof.trace.TraceFormatException} naming file,
 * line and field. {@link dev.raftproof.trace.TraceVocabulary} is the action and message vocabulary of FORMAT.md §1.
 */
package dev.raftproof.trace;
