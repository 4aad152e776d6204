package dev.raftproof.core;

import dev.raftproof.core.qual.LogIndex;
import java.util.List;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * What a node asks its driver to do after one or more inputs (etcd/raft's {@code Ready}). Obtain it with
 * {@link RaftNode#ready()}; it holds everything since the previous call.
 *
 * <p><b>The persistence contract (persist before send).</b> A driver handles a Ready in this order, and must not
 * reorder the steps:
 * <ol>
 *   <li>Make durable, atomically or in this order: {@link #snapshotToInstall()} (it replaces the whole log), then
 *       {@link #snapshotTaken()} (entries up to its index may be dropped), then {@link #entries()} (delete every
 *       stored entry at index {@code >= entriesFrom()}, then append), then {@link #hardState()}. Only then:</li>
 *   <li>write {@link #events()} to the trace (an event is written only once its step is durable), and</li>
 *   <li>send {@link #messages()} (in order). A vote, a term or an acknowledged entry that was sent but not persisted
 *       would let a restarted server contradict itself — the reason for this order (§5.1, Figure 2: "updated on
 *       stable storage before responding to RPCs").</li>
 *   <li>Restore the state machine from {@link #snapshotToInstall()} if any, then apply
 *       {@link #committedEntries()} (entry {@code k} has index {@code firstCommittedIndex() + k}).</li>
 *   <li>Answer each of {@link #readStates()} once the state machine has applied its index.</li>
 * </ol>
 * If the driver crashes before step 1 completes, the steps of this Ready never happened: the node restarts from what
 * was stored before, and no event of this Ready may appear in the trace.
 */
public record Ready(
    List<Message> messages,
    @Nullable HardState hardState,
    @LogIndex long entriesFrom,
    List<Entry> entries,
    @Nullable Snapshot snapshotToInstall,
    @Nullable Snapshot snapshotTaken,
    @LogIndex long firstCommittedIndex,
    List<Entry> committedEntries,
    List<ReadState> readStates,
    List<ActionEvent> events) {

  public Ready {
    messages = List.copyOf(messages);
    entries = List.copyOf(entries);
    committedEntries = List.copyOf(committedEntries);
    readStates = List.copyOf(readStates);
    events = List.copyOf(events);
  }

  /** True if there is nothing to do. */
  public boolean isEmpty() {
    return messages.isEmpty() && hardState == null && entries.isEmpty() && snapshotToInstall == null
        && snapshotTaken == null && committedEntries.isEmpty() && readStates.isEmpty() && events.isEmpty();
  }
}
