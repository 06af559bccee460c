#!/usr/bin/env bash
# Regenerates every bundled report: one `layoutlab simulate EXPERIMENT --out Reports` per
# experiment in Configs/experiments (about 6 minutes on 2 cores), the Callgrind measure report of
# measure-small (needs valgrind), and Reports/measured-HOST.md, measure-small measured on this
# machine with PAPI (page faults, task clock), Callgrind and wall time. Run from the repository
# root. `Reports/regenerate.sh --measured-only` makes only the measured report.
#
# HOST names this machine kind: `uname -m` and the first word of /proc/cpuinfo's model name that
# is not the vendor's (x86_64-epyc, x86_64-xeon), "cpu" where there is none. The simulated
# machine is MEASURE_MACHINE (default zen4, the bundled machine of the AMD EPYC Zen 4 VMs these
# reports come from): a bundled machine whose geometry is this host's and whose `core:` figures
# give the cost model's times beside the measured ones.
set -euo pipefail
swift build -c release --product layoutlab
if [ "${1:-}" != --measured-only ]; then
  for f in Configs/experiments/*.yaml; do
    name=$(basename "$f" .yaml)
    case $name in measure-small*) continue ;; esac   # `measure` examples, not reports
    echo "== $name"
    .build/release/layoutlab simulate "$name" --out Reports --quiet
  done
  for m in skylake cortex-a53; do   # the Strassen crossover on the other bundled machines
    echo "== strassen on $m"
    .build/release/layoutlab simulate strassen --machine "$m" --json "Reports/strassen-$m.json" \
      --report "Reports/strassen-$m.md" --csv "Reports/strassen-$m.csv" --quiet
  done
  echo "== measure-small under Callgrind"
  .build/release/layoutlab measure measure-small --machine zen4 --counters callgrind \
    --json Reports/measure-small-callgrind.json --report Reports/measure-small-callgrind.md
fi
family=$(sed -n 's/^model name[[:space:]]*:[[:space:]]*//p' /proc/cpuinfo 2>/dev/null | head -n 1 \
  | tr 'A-Z' 'a-z' | sed 's/([^)]*)//g' | tr -c 'a-z0-9\n' ' ' \
  | awk '{ for (i = 1; i <= NF; i++) if ($i != "amd" && $i != "intel" && $i != "genuine") { print $i; exit } }')
host=$(uname -m | tr -c 'a-zA-Z0-9_\n' '-')-${family:-cpu}
echo "== measure-small measured on $host (simulating ${MEASURE_MACHINE:-zen4})"
.build/release/layoutlab measure measure-small --machine "${MEASURE_MACHINE:-zen4}" --counters both \
  --events perf::PAGE-FAULTS,perf::TASK-CLOCK \
  --json "Reports/measured-$host.json" --report "Reports/measured-$host.md" --csv "Reports/measured-$host.csv"
