#!/usr/bin/env bash
# Regenerates every bundled report: one `layoutlab simulate EXPERIMENT --out Reports` per
# experiment in Configs/experiments (about 15 minutes on 2 cores). Run from the repository root.
set -euo pipefail
swift build -c release --product layoutlab
for f in Configs/experiments/*.yaml; do
  [ "$(basename "$f")" = measure-small.yaml ] && continue   # a `measure` example, not a report
  echo "== $f"
  .build/release/layoutlab simulate "$f" --out Reports
done
