package dev.raftproof.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.raftproof.trace.TraceHeader;
import dev.raftproof.trace.TraceWriter;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The core and the contract (traces/FORMAT.md) name the same things: every action of the table has an
 * {@link Action} and a handler in RaftNode whose Javadoc names it, and back; every message type and field of §3 is
 * what the trace writer writes.
 */
class ContractConformanceTest {
  private static final Path FORMAT = Path.of("../traces/FORMAT.md");
  private static final Path NODE = Path.of("src/main/java/dev/raftproof/core/RaftNode.java");

  private static Set<String> tableActions() throws Exception {
    Set<String> out = new LinkedHashSet<>();
    Matcher m = Pattern.compile("(?m)^\\| `([A-Za-z]+)\\(").matcher(Files.readString(FORMAT));
    while (m.find()) {
      out.add(m.group(1));
    }
    Matcher both = Pattern.compile("(?m)^\\| `[A-Za-z]+\\([^`]*\\)` / `([A-Za-z]+)\\(").matcher(Files.readString(FORMAT));
    while (both.find()) {
      out.add(both.group(1));
    }
    out.remove("DropMessage"); // the network's action, not a node step: never in a trace
    return out;
  }

  @Test
  void everyActionOfTheTableIsAnActionOfTheCoreAndBack() throws Exception {
    Set<String> table = new TreeSet<>(tableActions());
    Set<String> core = Arrays.stream(Action.values()).map(Enum::name).collect(Collectors.toCollection(TreeSet::new));
    assertEquals(table, core);
  }

  @Test
  void everyActionHasAHandlerWhoseJavadocNamesItAndTheRule() throws Exception {
    String src = Files.readString(NODE);
    for (Action a : Action.values()) {
      Pattern p = Pattern.compile("/\\*\\*\\s*\\n?\\s*\\*?\\s*" + a.name() + "\\(");
      Matcher m = Pattern.compile("\\b" + a.name() + "\\((i|m|i, [a-z]+)\\) \\((§|D§)").matcher(src);
      assertTrue(m.find() || p.matcher(src).find(), "no handler Javadoc names " + a + " with its paper rule");
    }
  }

  @Test
  void messageTypesAndFieldsAreTheContractsAndTheWriterWritesExactlyThose() throws Exception {
    String format = Files.readString(FORMAT);
    Map<String, String> expectedFields = new TreeMap<>();
    Matcher m = Pattern.compile("(?m)^  - `([A-Za-z]+)`(?:, `([A-Za-z]+)`)?: (.*)$").matcher(format);
    while (m.find()) {
      List<String> fields = new java.util.ArrayList<>();
      Matcher f = Pattern.compile("`(m[a-zA-Z]+)`").matcher(m.group(3));
      while (f.find()) {
        fields.add(f.group(1));
      }
      expectedFields.put(m.group(1), String.join(",", fields));
      if (m.group(2) != null) {
        expectedFields.put(m.group(2), String.join(",", fields));
      }
    }
    Set<String> types = Arrays.stream(MessageType.values()).map(Enum::name).collect(Collectors.toSet());
    for (String t : expectedFields.keySet()) {
      assertTrue(types.contains(t), "FORMAT.md message type " + t + " is not a MessageType");
    }
    assertEquals(types.size(), expectedFields.size() + 1 /* HeartbeatResponse shares HeartbeatRequest's line */,
        "every MessageType is in FORMAT.md §3: " + expectedFields.keySet());
    // The writer writes the common fields and exactly the per-type ones, in the contract's order.
    List<Message> samples = List.of(
        new Message.PreVoteRequest(1, "s1", "s2", 0, 0), new Message.PreVoteResponse(1, "s2", "s1", true),
        new Message.RequestVoteRequest(1, "s1", "s2", 0, 0), new Message.RequestVoteResponse(1, "s2", "s1", true),
        new Message.AppendEntriesRequest(1, "s1", "s2", 0, 0, List.of(), 0),
        new Message.AppendEntriesResponse(1, "s2", "s1", true, 0, 0, 0, 0),
        new Message.InstallSnapshotRequest(1, "s1", "s2", 0, 0, null), new Message.TimeoutNow(1, "s1", "s2"),
        new Message.HeartbeatRequest(1, "s1", "s2", 1, 0), new Message.HeartbeatResponse(1, "s2", "s1", 1));
    for (Message msg : samples) {
      String json = writtenMessage(msg);
      Matcher keys = Pattern.compile("\"(m[a-zA-Z]+)\":").matcher(json);
      List<String> written = new java.util.ArrayList<>();
      while (keys.find()) {
        written.add(keys.group(1));
      }
      assertEquals(List.of("mtype", "mterm", "msource", "mdest"), written.subList(0, 4));
      String expected = msg.type() == MessageType.HeartbeatRequest ? "mreadId,mcommitIndex"
          : msg.type() == MessageType.HeartbeatResponse ? "mreadId"
          : expectedFields.getOrDefault(msg.type().name(), "");
      assertEquals(expected, String.join(",", written.subList(4, written.size())), msg.type().name());
    }
  }

  private static String writtenMessage(Message m) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    NodeState st = new NodeState("s1", 1, null, Role.Follower, 0, 0, 0, List.of(), List.of(), new TreeMap<>(),
        new TreeMap<>(), List.of());
    try (TraceWriter w = new TraceWriter(out, TraceHeader.cluster(List.of("s1", "s2"), List.of("s1", "s2"), "t",
        null))) {
      w.write(new ActionEvent("s1", Action.Restart, ActionEvent.Params.NONE, m, List.of(), VectorClock.EMPTY, st));
    }
    String line = out.toString(StandardCharsets.UTF_8).split("\n")[1];
    return line.substring(line.indexOf("\"recv\":"), line.indexOf(",\"sent\":"));
  }
}
