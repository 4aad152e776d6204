package dev.raftproof.core;

import dev.raftproof.core.qual.LogIndex;
import java.util.List;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * One spec action taken by one node: a trace event of format v1 without its {@code seq} (traces/FORMAT.md §3).
 * Built by the core only when tracing is on.
 *
 * @param node the server that took the step
 * @param action the spec action
 * @param params the action's parameters other than node and message (see {@link Params})
 * @param recv the message consumed (every {@code Handle*} action and {@code UpdateTerm}), else null
 * @param sent the messages this step added to the network, in order
 * @param clock the node's vector clock after the step
 * @param state the node's spec variables after the step
 */
public record ActionEvent(String node, Action action, Params params, @Nullable Message recv, List<Message> sent,
    VectorClock clock, NodeState state) {

  public ActionEvent {
    sent = List.copyOf(sent);
  }

  /**
   * The {@code params} object of an event: {@code peer} for AppendEntries, SendSnapshot, AddServer, RemoveServer,
   * TransferLeadership; {@code value} for ClientRequest; {@code index} for TakeSnapshot; {@code readId} for
   * ServeRead; all null otherwise.
   */
  public record Params(@Nullable String peer, @Nullable String value, @Nullable @LogIndex Long index,
      @Nullable Long readId) {
    public static final Params NONE = new Params(null, null, null, null);

    public static Params peer(String peer) {
      return new Params(peer, null, null, null);
    }

    public static Params value(String value) {
      return new Params(null, value, null, null);
    }

    public static Params index(@LogIndex long index) {
      return new Params(null, null, index, null);
    }

    public static Params readId(long readId) {
      return new Params(null, null, null, readId);
    }
  }
}
