#!/bin/bash
# The cost of the disabled trace path (issue #3: "off by default and close to free when off"), measured A/B:
# the simulator with tracing off on the real core, against the same core with the trace path deleted from its source
# (emit() is empty, send() records nothing for the trace). Same seeds, same JVM flags, alternating rounds.
# Usage (after `mvn -o -q -Pbench -pl bench -am package`): bench/trace-off-cost.sh [ROUNDS] [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS=${1:-3}
RUNS=${2:-1000}
CP="bench/target/classes:$(ls bench/target/lib/*.jar | tr '\n' ':')"
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
SRC=impl/src/main/java/dev/raftproof/core/RaftNode.java
mkdir -p "$WORK/src" "$WORK/classes"
# Both snippets must occur exactly once (the script fails loudly if the core changed).
perl -0pe '
  $n1 = s/    if \(options\.tracing\(\)\) \{\n      record\(action, params, recv\);\n    \}\n//g;
  $n2 = s/    if \(options\.tracing\(\)\) \{\n      stepSent\.add\(m\);\n    \}\n//g;
  die "snippets not found exactly once ($n1, $n2)\n" unless $n1 == 1 && $n2 == 1;
' "$SRC" > "$WORK/src/RaftNode.java"
javac -nowarn -proc:none -d "$WORK/classes" -cp "$CP" "$WORK/src/RaftNode.java"
echo "trace-off-cost: $ROUNDS rounds x $RUNS runs; 'real' = impl as built, 'deleted' = RaftNode without its trace path"
for r in $(seq 1 "$ROUNDS"); do
  for variant in real deleted; do
    if [ "$variant" = real ]; then P="$CP"; else P="$WORK/classes:$CP"; fi
    printf '%-8s ' "$variant"
    java -cp "$P" dev.raftproof.bench.Bench sim --runs "$RUNS" --modes off | grep '^off'
  done
done
