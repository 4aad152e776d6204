package dev.raftproof.zoo;

import dev.raftproof.zoo.MutantCore.Mutation;
import java.util.List;

/**
 * The server's bug zoo (issue #7): bugs that matter only on a real server (durable storage, a real event loop),
 * as source mutations of impl's server and storage packages. {@link MutantServer#compile} turns one into a classes
 * directory that, prepended to a kv-server process's classpath, shadows the real classes. The core is not mutated:
 * the simulator's zoo ({@link Bug}) covers it. No bug switch exists in main code; every snippet must occur exactly
 * once in today's sources, so a change there fails the zoo loudly instead of silently testing nothing.
 */
public enum ServerBug {
  /**
   * DiskStorage completes a step's future as soon as the step is queued for the writer thread, before it is written
   * or fsynced. The driver then writes the trace, sends votes and AppendEntries acknowledgements and answers clients
   * for a step that exists only in the process's memory; a kill -9 while steps wait behind the writer's fsync loses
   * them (kill -9 keeps what reached the OS, so the window is "queued, not yet written", not "written, not synced").
   */
  ACK_BEFORE_WRITE("storage acknowledges a step before writing and fsyncing it",
      m("dev/raftproof/storage/DiskStorage.java",
          "    queue.add(item);\n    return item.done;",
          "    queue.add(item);\n    return CompletableFuture.completedFuture(null);")),
  /**
   * The event loop answers linearizable reads from its state machine whenever the node believes it is the leader,
   * with no ReadIndex round (no heartbeat quorum confirming it is still the leader, D§6.4): a leader cut off from its
   * peers serves stale values until CheckQuorum makes it step down, while a new leader already commits writes.
   */
  READ_WITHOUT_LEADERSHIP_CHECK("leader serves linearizable reads locally, without confirming leadership",
      m("dev/raftproof/server/NodeDriver.java",
          "    long ctx = nextReadContext++;\n    Outcome o = node.readIndex(ctx);",
          "    if (node.role() == Role.Leader) {\n"
              + "      batch.forEach(r -> r.done().complete(Answer.ok(applied, null, kv.get(r.key()))));\n"
              + "      return;\n    }\n"
              + "    long ctx = nextReadContext++;\n    Outcome o = node.readIndex(ctx);")),
  /**
   * The WAL is not truncated on a conflicting append: DiskStorage writes the replacing entries without the TRUNCATE
   * record, and recovery replays an ENTRIES record by index like an append-only log, keeping an entry it already has
   * at an index (it only appends past its last index). The node's memory log is right, so nothing shows until a
   * restart: then the entries a newer leader had overwritten come back (wrong terms, possibly committed).
   */
  WAL_NOT_TRUNCATED("conflicting WAL suffix not truncated: overwritten entries come back after a restart",
      m("dev/raftproof/storage/DiskStorage.java",
          "        records.add(payload(WalFormat.TRUNCATE, WalFormat.truncate(from)));\n", ""),
      m("dev/raftproof/storage/Recovery.java",
          "          state.truncate(first);\n          state.append(first, es);",
          "          if (first + n - 1 > state.lastIndex()) {\n"
              + "            state.append(state.lastIndex() + 1, es.subList((int) (state.lastIndex() + 1 - first), n));\n"
              + "          }")),
  /**
   * The WAL's hard-state record does not carry votedFor (encoded as absent): after a restart a server has forgotten
   * whom it voted for in its current term and may vote again (two leaders in one term).
   */
  VOTED_FOR_NOT_IN_WAL("votedFor not written to the WAL's hard-state record",
      m("dev/raftproof/storage/WalFormat.java",
          "return new Out().i64(hs.currentTerm()).optStr(hs.votedFor()).i64(hs.commitIndex()).toBytes();",
          "return new Out().i64(hs.currentTerm()).optStr(null).i64(hs.commitIndex()).toBytes();"));

  public final String description;
  public final List<Mutation> mutations;

  ServerBug(String description, Mutation... mutations) {
    this.description = description;
    this.mutations = List.of(mutations);
  }

  private static Mutation m(String file, String find, String replace) {
    return new Mutation(file, find, replace);
  }
}
