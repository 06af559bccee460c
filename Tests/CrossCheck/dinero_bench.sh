#!/usr/bin/env bash
# Times DineroIV 7 against LayoutLab on the same accesses (docs/benchmarks.md, "Against DineroIV 7"):
# naive GEMM n=256 ijk f32 (67,108,864 accesses) as a dinero-binary trace, through L1 32 KiB 8-way
# over L2 1 MiB 8-way LRU, 64-byte lines. ROUNDS alternating rounds (default 5); one line per round:
#   dinero dinero-3C replay replay-3C simulate simulate-3C
# Every figure is the user + system CPU seconds of the whole command (reading the file, simulating,
# start-up), measured the same way for both simulators, so load on other cores disturbs them less
# than wall time would.
# usage: Tests/CrossCheck/dinero_bench.sh DINERO_DRIVER LAYOUTLAB   (build the driver as README.md here says)
set -euo pipefail
driver=$1; ll=$2; rounds=${ROUNDS:-5}
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
cat > "$work/two.yaml" <<'YAML'
name: two-level
levels:
  - {name: L1, size: 32KiB, line: 64, ways: 8, policy: lru}
  - {name: L2, size: 1MiB, line: 64, ways: 8, policy: lru}
YAML
cat > "$work/n256.yaml" <<'YAML'
name: n256
machine: zen4
kernel: gemm
shape: {m: 256, n: 256, k: 256}
element: f32
variants:
  - {name: ijk, loops: ijk}
YAML
"$ll" trace "$work/n256.yaml" --variant ijk --format dinero-binary -o "$work/ijk.bin" > /dev/null
cpu() { /usr/bin/env time -f "%U %S" "$@" 2>&1 > /dev/null | awk 'END {print $1 + $2}'; }
for _ in $(seq "$rounds"); do
  d=$(cpu "$driver" bin "$work/ijk.bin" 32768:64:8 1048576:64:8)
  dc=$(cpu "$driver" bin "$work/ijk.bin" -ccc 32768:64:8 1048576:64:8)
  r=$(cpu "$ll" replay "$work/ijk.bin" --machine "$work/two.yaml" --no3c --quiet)
  rc=$(cpu "$ll" replay "$work/ijk.bin" --machine "$work/two.yaml" --quiet)
  s=$(cpu "$ll" simulate "$work/n256.yaml" --machine "$work/two.yaml" --no3c --no-warp --quiet)
  sc=$(cpu "$ll" simulate "$work/n256.yaml" --machine "$work/two.yaml" --quiet)
  echo "$d $dc $r $rc $s $sc"
done
