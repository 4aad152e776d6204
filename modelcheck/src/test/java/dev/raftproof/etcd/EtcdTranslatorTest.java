package dev.raftproof.etcd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.raftproof.trace.LoggedEvent;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The etcd-event-to-spec-step mapping on a small hand-written trace (see docs/AUDITING.md §4.2). */
class EtcdTranslatorTest {
  private static EtcdTranslator.Translation translate(String name) throws Exception {
    return EtcdTranslator.translate(name, EtcdTraceReader.read(EtcdTraceReaderTest.resource(name)));
  }

  @Test
  void groupsEtcdEventsIntoSpecSteps() throws Exception {
    EtcdTranslator.Translation t = translate("election.ndjson");
    assertNull(t.stop());
    assertEquals(Set.of("1", "2", "3"), t.boot());
    assertEquals(List.of(List.of("1"), List.of("1", "2"), List.of("1", "2", "3")), t.bootLog());
    assertEquals(1, t.bootTerm());
    assertEquals(List.of("1", "2", "3"), t.trace().initServers());
    List<String> actions = t.trace().events().stream().map(e -> e.node() + ":" + e.action()).toList();
    assertEquals(List.of("1:EtcdObserve", "2:EtcdObserve", "3:EtcdObserve", "1:EtcdCampaign", "2:UpdateTerm",
        "2:HandleRequestVoteRequest", "2:EtcdObserve", "1:HandleRequestVoteResponse", "1:BecomeLeader",
        "1:AppendEntries", "1:AppendEntries", "2:HandleAppendEntriesRequest", "1:HandleAppendEntriesResponse",
        "1:AdvanceCommitIndex", "1:EtcdHeartbeat", "2:EtcdHandleHeartbeat", "1:EtcdHandleHeartbeatResponse"), actions,
        "the last Ready shows nothing new: not a step");
    LoggedEvent campaign = t.trace().events().get(3);
    assertEquals(25, campaign.line(), "a translated step keeps the etcd line it comes from");
    assertEquals(2, campaign.sent().size(), "the campaign's MsgVotes are sent by the one step");
    LoggedEvent vote = t.trace().events().get(5);
    assertTrue(!vote.state().has("votedFor"), "etcd records the vote after the reply: left free there");
    LoggedEvent leader = t.trace().events().get(8);
    assertEquals(4, leader.state().path("lastIndex").asLong(), "BecomeLeader appends the empty entry");
    LoggedEvent append = t.trace().events().get(9);
    assertEquals(3, append.params().path("prev").asLong());
    assertEquals(1, append.params().path("entries").asLong());
    assertEquals(3, append.sent().get(0).path("mcommitIndex").asLong());
    EtcdTranslator.Seen hb = t.seen().get(EtcdDifference.HEARTBEAT);
    assertNotNull(hb);
    assertEquals(47, hb.firstLine());
  }

  @Test
  void jointConsensusStopsAtTheFirstSuchEvent() throws Exception {
    EtcdTranslator.Translation t = translate("joint.ndjson");
    EtcdTranslator.Stop s = t.stop();
    assertNotNull(s);
    assertEquals(25, s.line());
    assertTrue(s.reason().contains("joint consensus"), s.reason());
  }
}
