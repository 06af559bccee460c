#!/usr/bin/env bash
# Fuzzes every reader with libFuzzer, seeded from the shipped files. Run from the repository root.
# RUNS (default 1000000) inputs per target; TARGETS picks targets (default: the six readers).
set -euo pipefail
RUNS=${RUNS:-1000000}
root=$(pwd)
work=$(mktemp -d)
# SKIP_BUILD=1: both were built already (e.g. under a shared build lock).
if [ -z "${SKIP_BUILD:-}" ]; then
  (cd Tests/Fuzz && swift build -c release --sanitize=fuzzer >/dev/null)
  swift build -c release --product layoutlab >/dev/null
fi
bin=Tests/Fuzz/.build/release/LayoutLabFuzz
mkdir -p "$work"/{machine,experiment,din,dinero-binary,lackey,llt,simulator,fast-paths,warp-equivariance,results-document} Tests/Fuzz/crashes
cp Configs/machines/*.yaml "$work/machine/"
cp Configs/experiments/*.yaml "$work/experiment/"
exp=Tests/Fuzz/seed-experiment.yaml
.build/release/layoutlab trace "$exp" --variant ijk --format din -o "$work/din/seed.din" >/dev/null
.build/release/layoutlab trace "$exp" --variant blis --format dinero-binary -o "$work/dinero-binary/seed.bin" >/dev/null
.build/release/layoutlab trace "$exp" --variant blis --format llt -o "$work/llt/seed.llt" >/dev/null
printf '==1== Lackey\nI  04010173,3\n L 04222cac,8\n S 1ffefffd20,8\n M 0421e5d0,4\n' > "$work/lackey/seed.txt"
printf '0 1000\n1 1004\n2 2000\nr 1000 8\nw 1040 4\ni 400 2\n' > "$work/din/seed2.din"
# Hostile seeds (issue 14): old Mac CR-only and mixed line ends, a BOM, deeply nested YAML.
printf 'r 1000 4\rw 2000 8\r\nr 3000 4\n\r' > "$work/din/seed-cr.din"
printf '\xef\xbb\xbfr 1000 4\rw 2000 8\r' > "$work/din/seed-bom-cr.din"
printf '==1== Lackey\r L 04222cac,8\r S 1ffefffd20,8\r\n' > "$work/lackey/seed-cr.txt"
python3 -c "print('name: '+'['*70+']'*70+'\nlevels: []')" > "$work/machine/seed-nested.yaml"
python3 -c "print('name: m\nlevels:\n'+''.join(' '*i+'- \n' for i in range(0,140,2)))" > "$work/machine/seed-nested-block.yaml"
python3 -c "print('name: e\nmachine: tiny\nkernel: gemm\nshape: '+'{'*70+'}'*70+'\nvariants: [{name: a}]')" > "$work/experiment/seed-nested.yaml"
# Results documents (issue 25): the bundled reports' JSON, each cut to the first two values of
# every sweep axis and its first two variants (the runs of those, so merge's checks pass), lower
# levels without regions, compact: small enough to mutate quickly, still whole documents.
python3 Tests/Fuzz/seed-results.py Reports/*.json "$work/results-document"
head -c 4096 /dev/urandom > "$work/simulator/seed.bin"
head -c 4096 /dev/urandom > "$work/fast-paths/seed.bin"
head -c 4096 /dev/urandom > "$work/warp-equivariance/seed.bin"
# Swift's own crash backtracer would take the signal first, and libFuzzer would then neither
# report the crash nor save the input: leave crashes to libFuzzer.
# results-document: 1 s per input at most, documents up to 32 KiB, a dictionary of JSON tokens,
# keys and hostile numbers.
for t in ${TARGETS:-machine experiment din dinero-binary lackey llt}; do
  echo "== $t"
  extra=(-timeout=10 -max_len=4096)
  if [ "$t" = results-document ]; then extra=(-timeout=1 -max_len=32768 -dict=Tests/Fuzz/results-document.dict); fi
  SWIFT_BACKTRACE=enable=no LAYOUTLAB_FUZZ_TARGET=$t "$bin" "$work/$t" -runs="$RUNS" -rss_limit_mb=2048 "${extra[@]}" \
    -artifact_prefix="Tests/Fuzz/crashes/$t-" -print_final_stats=1 2>&1 | grep -E "stat::number_of_executed_units|stat::peak_rss_mb|ERROR|Done" || true
done
rm -rf "$work"
