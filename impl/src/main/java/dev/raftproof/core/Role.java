package dev.raftproof.core;

/** The spec variable {@code state[i]}: Figure 2's three roles plus the PreVote phase of D§9.6. */
public enum Role {
  Follower,
  PreCandidate,
  Candidate,
  Leader
}
