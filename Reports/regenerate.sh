#!/usr/bin/env bash
# Regenerates every bundled report: one `layoutlab simulate EXPERIMENT --out Reports` per
# experiment in Configs/experiments (about 6 minutes on 2 cores), and the Callgrind measure
# report of measure-small (needs valgrind). Run from the repository root.
set -euo pipefail
swift build -c release --product layoutlab
for f in Configs/experiments/*.yaml; do
  name=$(basename "$f" .yaml)
  [ "$name" = measure-small ] && continue   # a `measure` example, not a report
  echo "== $name"
  .build/release/layoutlab simulate "$name" --out Reports --quiet
done
echo "== measure-small under Callgrind"
.build/release/layoutlab measure measure-small --machine zen4 --counters callgrind \
  --json Reports/measure-small-callgrind.json --report Reports/measure-small-callgrind.md
