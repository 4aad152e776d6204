#!/usr/bin/env python3
"""Writes the hand-written traces of traces/valid and their hand mutations in traces/invalid.

Each event is written as a change to the node's previous state (the script keeps every node's state and vector
clock, so the full state and the clocks in the files are consistent); every value was worked out by hand from
traces/FORMAT.md. Run from the repository root: python3 traces/valid/make_handwritten.py
"""
import copy, json, os

HERE = os.path.dirname(os.path.abspath(__file__))
INVALID = os.path.join(os.path.dirname(HERE), "invalid")


class Cluster:
    def __init__(self, servers, init):
        self.servers, self.init = servers, init
        self.st = {s: dict(currentTerm=0, votedFor=None, state="Follower", commitIndex=0, snapshotIndex=0,
                           snapshotTerm=0, log=[], votesGranted=[], nextIndex={}, matchIndex={}, pendingReads=[])
                   for s in servers}
        self.clock = {s: {} for s in servers}
        self.sentclock = {}
        self.events = []

    def ev(self, node, action, params=None, recv=None, sent=(), **upd):
        c = self.clock[node]
        if recv is not None:
            for k, v in self.sentclock[json.dumps(recv, sort_keys=True)].items():
                c[k] = max(c.get(k, 0), v)
        c[node] = c.get(node, 0) + 1
        for m in sent:
            self.sentclock[json.dumps(m, sort_keys=True)] = dict(c)
        s = self.st[node]
        s.update(copy.deepcopy(upd))
        if s["state"] != "Leader":
            s["nextIndex"], s["matchIndex"] = {}, {}
        self.events.append(dict(seq=len(self.events) + 1, node=node, action=action, clock=dict(sorted(c.items())),
                                params=params or {}, recv=recv, sent=list(sent), state=copy.deepcopy(s)))
        return list(sent)

    def header(self, node=None):
        return dict(format="raft-trace", version=1, servers=self.servers, initServers=self.init, node=node,
                    source="hand-written (traces/valid/make_handwritten.py)", seed=0)


def e(term, typ="value", value=None):
    return dict(term=term, type=typ, value=value)


NOOP1, V1 = e(1, "noop"), e(1, "value", "v1")


def msg(mtype, term, src, dst, **f):
    return dict(mtype=mtype, mterm=term, msource=src, mdest=dst, **f)


def election_commit(c):
    """3 servers: s1 wins a pre-vote and a vote, appends v1, replicates it to s2 and commits it."""
    pv = c.ev("s1", "Timeout", sent=[msg("PreVoteRequest", 1, "s1", d, mlastLogIndex=0, mlastLogTerm=0)
                                      for d in ("s2", "s3")], state="PreCandidate", votesGranted=["s1"])
    pvr = c.ev("s2", "HandlePreVoteRequest", recv=pv[0],
               sent=[msg("PreVoteResponse", 1, "s2", "s1", mvoteGranted=True)])
    c.ev("s1", "HandlePreVoteResponse", recv=pvr[0], votesGranted=["s1", "s2"])
    rv = c.ev("s1", "BecomeCandidate", sent=[msg("RequestVoteRequest", 1, "s1", d, mlastLogIndex=0, mlastLogTerm=0)
                                              for d in ("s2", "s3")],
              currentTerm=1, votedFor="s1", state="Candidate", votesGranted=["s1"])
    c.ev("s2", "UpdateTerm", recv=rv[0], currentTerm=1)
    rvr = c.ev("s2", "HandleRequestVoteRequest", recv=rv[0],
               sent=[msg("RequestVoteResponse", 1, "s2", "s1", mvoteGranted=True)], votedFor="s1")
    c.ev("s1", "HandleRequestVoteResponse", recv=rvr[0], votesGranted=["s1", "s2"])
    all_ = {s: 1 for s in c.servers}
    c.ev("s1", "BecomeLeader", state="Leader", log=[NOOP1], nextIndex=dict(all_),
         matchIndex={s: 0 for s in c.servers})
    c.ev("s1", "ClientRequest", params=dict(value="v1"), log=[NOOP1, V1])
    ae = c.ev("s1", "AppendEntries", params=dict(peer="s2"),
              sent=[msg("AppendEntriesRequest", 1, "s1", "s2", mprevLogIndex=0, mprevLogTerm=0,
                        mentries=[NOOP1, V1], mcommitIndex=0)],
              nextIndex=dict(all_, s2=3))
    aer = c.ev("s2", "HandleAppendEntriesRequest", recv=ae[0], log=[NOOP1, V1],
               sent=[msg("AppendEntriesResponse", 1, "s2", "s1", msuccess=True, mmatchIndex=2, mrejectedIndex=0,
                         mhintIndex=0, mhintTerm=0)])
    c.ev("s1", "HandleAppendEntriesResponse", recv=aer[0], matchIndex=dict({s: 0 for s in c.servers}, s2=2))
    c.ev("s1", "AdvanceCommitIndex", commitIndex=2)
    hb = c.ev("s1", "AppendEntries", params=dict(peer="s2"),
              sent=[msg("AppendEntriesRequest", 1, "s1", "s2", mprevLogIndex=2, mprevLogTerm=1, mentries=[],
                        mcommitIndex=2)])
    hbr = c.ev("s2", "HandleAppendEntriesRequest", recv=hb[0], commitIndex=2,
               sent=[msg("AppendEntriesResponse", 1, "s2", "s1", msuccess=True, mmatchIndex=2, mrejectedIndex=0,
                         mhintIndex=0, mhintTerm=0)])
    c.ev("s1", "HandleAppendEntriesResponse", recv=hbr[0])
    return pv, rv, hb


def snapshot_restart_reelection(c, pv, rv, hb):
    """Continues election_commit: a late pre-vote, s3 votes then restarts, s1 compacts and sends s3 a snapshot,
    s1 steps down (CheckQuorum), s2 is elected in term 2 and gets s1's old heartbeat again (a duplicate)."""
    late = c.ev("s3", "HandlePreVoteRequest", recv=pv[1],
                sent=[msg("PreVoteResponse", 1, "s3", "s1", mvoteGranted=True)])
    c.ev("s1", "HandlePreVoteResponse", recv=late[0])  # s1 is Leader now: consumed, no change
    c.ev("s3", "UpdateTerm", recv=rv[1], currentTerm=1)
    c.ev("s3", "HandleRequestVoteRequest", recv=rv[1],
         sent=[msg("RequestVoteResponse", 1, "s3", "s1", mvoteGranted=True)], votedFor="s1")
    c.ev("s3", "Restart")
    c.ev("s1", "TakeSnapshot", params=dict(index=1), snapshotIndex=1, snapshotTerm=1, log=[V1])
    sn = c.ev("s1", "SendSnapshot", params=dict(peer="s3"),
              sent=[msg("InstallSnapshotRequest", 1, "s1", "s3", mlastIncludedIndex=1, mlastIncludedTerm=1)],
              nextIndex={"s1": 1, "s2": 3, "s3": 2})
    snr = c.ev("s3", "HandleInstallSnapshotRequest", recv=sn[0], snapshotIndex=1, snapshotTerm=1, commitIndex=1,
               log=[], sent=[msg("AppendEntriesResponse", 1, "s3", "s1", msuccess=True, mmatchIndex=1,
                                 mrejectedIndex=0, mhintIndex=0, mhintTerm=0)])
    c.ev("s1", "HandleAppendEntriesResponse", recv=snr[0], matchIndex={"s1": 0, "s2": 2, "s3": 1})
    ae3 = c.ev("s1", "AppendEntries", params=dict(peer="s3"),
               sent=[msg("AppendEntriesRequest", 1, "s1", "s3", mprevLogIndex=1, mprevLogTerm=1, mentries=[V1],
                         mcommitIndex=2)], nextIndex={"s1": 1, "s2": 3, "s3": 3})
    c.ev("s3", "HandleAppendEntriesRequest", recv=ae3[0], log=[V1], commitIndex=2,
         sent=[msg("AppendEntriesResponse", 1, "s3", "s1", msuccess=True, mmatchIndex=2, mrejectedIndex=0,
                   mhintIndex=0, mhintTerm=0)])
    c.ev("s1", "CheckQuorum", state="Follower")
    pv2 = c.ev("s2", "Timeout", sent=[msg("PreVoteRequest", 2, "s2", d, mlastLogIndex=2, mlastLogTerm=1)
                                      for d in ("s1", "s3")], state="PreCandidate", votesGranted=["s2"])
    pvr2 = c.ev("s1", "HandlePreVoteRequest", recv=pv2[0],
                sent=[msg("PreVoteResponse", 2, "s1", "s2", mvoteGranted=True)])
    c.ev("s2", "HandlePreVoteResponse", recv=pvr2[0], votesGranted=["s1", "s2"])
    rv2 = c.ev("s2", "BecomeCandidate", sent=[msg("RequestVoteRequest", 2, "s2", d, mlastLogIndex=2,
                                                  mlastLogTerm=1) for d in ("s1", "s3")],
               currentTerm=2, votedFor="s2", state="Candidate", votesGranted=["s2"])
    c.ev("s1", "UpdateTerm", recv=rv2[0], currentTerm=2, votedFor=None)
    rvr2 = c.ev("s1", "HandleRequestVoteRequest", recv=rv2[0],
                sent=[msg("RequestVoteResponse", 2, "s1", "s2", mvoteGranted=True)], votedFor="s2")
    c.ev("s2", "HandleRequestVoteResponse", recv=rvr2[0], votesGranted=["s1", "s2"])
    c.ev("s2", "BecomeLeader", state="Leader", log=[NOOP1, V1, e(2, "noop")],
         nextIndex={s: 3 for s in c.servers}, matchIndex={s: 0 for s in c.servers})
    return hb


def write(path, header, events):
    with open(path, "w") as f:
        f.write(json.dumps(header) + "\n")
        for ev in events:
            f.write(json.dumps(ev) + "\n")


def per_node(c, events, outdir, stem):
    for s in c.servers:
        mine = [dict(ev) for ev in events if ev["node"] == s]
        for k, ev in enumerate(mine):
            ev["seq"] = k + 1
        write(os.path.join(outdir, f"{stem}.{s}.ndjson"), c.header(s), mine)


def find(events, seq):
    return next(ev for ev in events if ev["seq"] == seq)


def main():
    c = Cluster(["s1", "s2", "s3"], ["s1", "s2", "s3"])
    election_commit(c)
    base = copy.deepcopy(c.events)
    write(os.path.join(HERE, "election-commit.ndjson"), c.header(), base)
    os.makedirs(os.path.join(HERE, "election-commit-per-node"), exist_ok=True)
    per_node(c, base, os.path.join(HERE, "election-commit-per-node"), "election-commit")

    c2 = Cluster(["s1", "s2", "s3"], ["s1", "s2", "s3"])
    hb = snapshot_restart_reelection(c2, *election_commit(c2))
    full = copy.deepcopy(c2.events)
    write(os.path.join(HERE, "snapshot-restart-reelection.ndjson"), c2.header(), full)
    # The duplicate: s2, now Leader of term 2, receives s1's term-1 heartbeat again: a stale-term reject.
    c3 = copy.deepcopy(c2)
    c3.ev("s2", "HandleAppendEntriesRequest", recv=hb[0],
          sent=[msg("AppendEntriesResponse", 2, "s2", "s1", msuccess=False, mmatchIndex=0, mrejectedIndex=0,
                    mhintIndex=0, mhintTerm=0)])
    write(os.path.join(HERE, "duplicate-stale-heartbeat.ndjson"), c3.header(), c3.events)

    # ---- hand mutations ----
    def mutate(name, events, seq, fn):
        evs = json.loads(json.dumps(events))  # no aliasing: a sent message and its receipt are separate objects
        fn(find(evs, seq))
        write(os.path.join(INVALID, name), c.header(), evs)

    # AdvanceCommitIndex (seq 13) claims 3; only 2 entries exist and a quorum holds 2.
    mutate("wrong-commit-index.ndjson", base, 13, lambda ev: ev["state"].update(commitIndex=3))
    # s2 accepts the heartbeat (seq 15) but its log lost the committed entry v1.
    mutate("log-loses-committed-entry.ndjson", base, 15, lambda ev: ev["state"].update(log=[NOOP1]))
    # s1 becomes leader (seq 8) although only its own vote was counted.
    def no_quorum(evs):
        evs = copy.deepcopy(evs)
        evs = [ev for ev in evs if ev["seq"] != 7]
        for k, ev in enumerate(evs):
            ev["seq"] = k + 1
        return evs
    write(os.path.join(INVALID, "leader-without-quorum.ndjson"), c.header(), no_quorum(base)[:8])
    # s2 (Leader of term 2) accepts s1's stale term-1 heartbeat as if it were current.
    dup = copy.deepcopy(c3.events)
    last = dup[-1]
    last["state"].update(state="Follower", nextIndex={}, matchIndex={})
    last["sent"][0].update(msuccess=True, mmatchIndex=2)
    write(os.path.join(INVALID, "append-entries-from-stale-term.ndjson"), c3.header(), dup)
    # s2 grants a pre-vote to s3, whose log is behind s2's (valid twin: prevote-rejects-stale-log).
    c5 = Cluster(["s1", "s2", "s3"], ["s1", "s2", "s3"])
    pv, rv, hb5 = election_commit(c5)
    c5.ev("s3", "UpdateTerm", recv=rv[1], currentTerm=1)
    c5.ev("s3", "HandleRequestVoteRequest", recv=rv[1],
          sent=[msg("RequestVoteResponse", 1, "s3", "s1", mvoteGranted=True)], votedFor="s1")
    spv = c5.ev("s3", "Timeout", sent=[msg("PreVoteRequest", 2, "s3", d, mlastLogIndex=0, mlastLogTerm=0)
                                       for d in ("s1", "s2")], state="PreCandidate", votesGranted=["s3"])
    good = copy.deepcopy(c5)
    good.ev("s2", "HandlePreVoteRequest", recv=spv[1],
            sent=[msg("PreVoteResponse", 1, "s2", "s3", mvoteGranted=False)])
    write(os.path.join(HERE, "prevote-rejects-stale-log.ndjson"), good.header(), good.events)
    bad = copy.deepcopy(c5)
    bad.ev("s2", "HandlePreVoteRequest", recv=spv[1],
           sent=[msg("PreVoteResponse", 2, "s2", "s3", mvoteGranted=True)])
    write(os.path.join(INVALID, "prevote-granted-to-stale-log.ndjson"), bad.header(), bad.events)
    # A receive of a message nobody sent: s2 handles an AppendEntries with a different commit index.
    mutate("receive-never-sent.ndjson", base, 15, lambda ev: ev["recv"].update(mcommitIndex=1))

    # Per-node files with an impossible order: s1's 3rd event claims to follow s2's 2nd, which follows s1's 4th.
    os.makedirs(os.path.join(INVALID, "impossible-order"), exist_ok=True)
    evs = copy.deepcopy(base)
    find(evs, 3)["clock"]["s2"] = 2
    per_node(c, evs, os.path.join(INVALID, "impossible-order"), "election-commit")
    # A clock that goes backwards within a file (bad input, not a rejected trace).
    mutate("clock-goes-backwards.ndjson", base, 9, lambda ev: ev["clock"].update(s1=2))


def long_run(events_wanted, out):
    """A long valid trace for benchmarks: election_commit, then rounds of ClientRequest + replication to s2 +
    commit, with both logs compacted every 10 entries (s3 stays partitioned). About 5 events per entry."""
    c = Cluster(["s1", "s2", "s3"], ["s1", "s2", "s3"])
    election_commit(c)
    n = 2
    while len(c.events) < events_wanted:
        n += 1
        s1, s2 = c.st["s1"], c.st["s2"]
        entry = e(1, "value", f"v{n}")
        c.ev("s1", "ClientRequest", params=dict(value=f"v{n}"), log=s1["log"] + [entry])
        prev = n - 1
        ae = c.ev("s1", "AppendEntries", params=dict(peer="s2"),
                  sent=[msg("AppendEntriesRequest", 1, "s1", "s2", mprevLogIndex=prev, mprevLogTerm=1,
                            mentries=[entry], mcommitIndex=min(s1["commitIndex"], n))],
                  nextIndex=dict(s1["nextIndex"], s2=n + 1))
        aer = c.ev("s2", "HandleAppendEntriesRequest", recv=ae[0], log=s2["log"] + [entry],
                   commitIndex=max(s2["commitIndex"], min(s1["commitIndex"], n)),
                   sent=[msg("AppendEntriesResponse", 1, "s2", "s1", msuccess=True, mmatchIndex=n,
                             mrejectedIndex=0, mhintIndex=0, mhintTerm=0)])
        c.ev("s1", "HandleAppendEntriesResponse", recv=aer[0], matchIndex=dict(s1["matchIndex"], s2=n),
             nextIndex=dict(s1["nextIndex"], s2=n + 1))
        c.ev("s1", "AdvanceCommitIndex", commitIndex=n)
        if n % 10 == 0:
            for node in ("s1", "s2"):
                st = c.st[node]
                k = st["commitIndex"]
                drop = k - st["snapshotIndex"]
                c.ev(node, "TakeSnapshot", params=dict(index=k), snapshotIndex=k, snapshotTerm=1,
                     log=st["log"][drop:])
    write(out, c.header(), c.events)


if __name__ == "__main__":
    import sys
    if len(sys.argv) == 4 and sys.argv[1] == "--long":
        long_run(int(sys.argv[2]), sys.argv[3])
    else:
        main()
