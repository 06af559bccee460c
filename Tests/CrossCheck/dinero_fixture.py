#!/usr/bin/env python3
"""Writes dinero_expected.json: DineroIV 7's counts for the cross-check cases, which
DineroIVCrossCheckTests compares with LayoutLab's, counter for counter.

usage: dinero_fixture.py DINERO_DRIVER LAYOUTLAB [OUT]
  DINERO_DRIVER  dinero_driver built inside a DineroIV 7 tree (see dinero_driver.c)
  LAYOUTLAB      a built layoutlab binary (it exports the kernels' traces)
"""
import json
import os
import subprocess
import sys
import tempfile

from crosscheck_trace import fnv1a64, text

# Hierarchies, nearest level first: (size, line, ways, policy[, options]). Powers of two
# throughout, as DineroIV requires. Options are dinero_driver's: wt (write-through, no
# write-allocate), na (write-back, no write-allocate), pf=m|a|t (miss, always, tagged
# prefetch) and pd=N (prefetch distance in lines).
HIERARCHIES = {
    "l1-2way": [(1024, 64, 2, "lru")],
    "l1l2": [(1024, 64, 2, "lru"), (4096, 64, 4, "lru")],
    "dm-wider-lines-3level": [(512, 32, 1, "lru"), (2048, 64, 4, "lru"), (8192, 64, 8, "lru")],
    "fa-l1": [(512, 64, 8, "lru"), (4096, 128, 2, "lru")],
    "16-byte-lines-16way": [(1024, 16, 4, "lru"), (4096, 32, 16, "lru")],
    "fifo": [(1024, 64, 2, "fifo"), (8192, 64, 4, "fifo")],
    "mixed-3level": [(2048, 64, 2, "lru"), (8192, 64, 4, "fifo"), (32768, 64, 16, "lru")],
    "zen4-l1l2": [(32768, 64, 8, "lru"), (1 << 20, 64, 8, "lru")],
    "no-allocate": [(1024, 64, 2, "lru", "na"), (8192, 64, 4, "lru")],
    "write-through": [(1024, 64, 2, "lru", "wt"), (8192, 64, 4, "lru")],
    "through-noalloc-3level": [(512, 32, 1, "lru", "wt"), (2048, 64, 4, "fifo", "na"), (8192, 64, 8, "lru")],
    "prefetch-miss-lru": [(1024, 64, 2, "lru", "pf=m"), (8192, 64, 4, "lru", "pf=m")],
    "prefetch-miss-fifo": [(1024, 64, 2, "fifo", "pf=m"), (8192, 64, 4, "fifo")],
    "prefetch-always-distance2": [(1024, 64, 2, "lru", "pf=a,pd=2"), (8192, 64, 4, "lru")],
    "prefetch-tagged": [(1024, 64, 4, "lru", "pf=t"), (8192, 128, 4, "fifo", "pf=m")],
    "copyback-invalidate": [(1024, 64, 2, "lru"), (8192, 64, 4, "lru")],
    "copyback-invalidate-3level": [(512, 32, 2, "fifo", "pf=m"), (2048, 64, 4, "lru", "na"), (8192, 64, 8, "fifo")],
    # Split L1: the second level, option i, is an instruction cache beside the first.
    "split-l1": [(1024, 64, 2, "lru"), (512, 32, 2, "lru", "i"), (8192, 64, 4, "lru")],
    "split-l1-fifo-prefetch-3level": [(512, 32, 1, "fifo"), (1024, 64, 4, "fifo", "i"), (4096, 64, 4, "lru", "pf=m"),
                                      (16384, 128, 8, "fifo")],
}
# Hierarchies whose random traces carry copy-back and invalidate records (`c`, `v`).
MAINTENANCE = {"copyback-invalidate", "copyback-invalidate-3level"}
# Hierarchies whose random traces carry misc reads (`m`, which never prefetch).
MISC = {"prefetch-miss-lru", "prefetch-always-distance2", "prefetch-tagged", "no-allocate"}
# Hierarchies with an instruction cache: their random traces carry instruction fetches (`i`), and
# the first also copy-back and invalidate records.
INSTRUCTIONS = {"split-l1", "split-l1-fifo-prefetch-3level"}
MAINTENANCE |= {"split-l1"}

SMALL = [(1024, 64, 2, "lru"), (8192, 64, 4, "lru")]
# Two kernel traces also go through a tagged-prefetch L1 over a no-allocate L2.
PREFETCHING = [(1024, 64, 2, "lru", "pf=t"), (8192, 64, 4, "lru", "na")]
PREFETCHED_KERNELS = {"ijk", "tiled"}
ENGINE = {
    "gemm": ("kernel: gemm\nshape: {m: 40, n: 36, k: 32}\n", [
        "{name: ijk, loops: ijk}",
        "{name: jki-colmajor-b-padded, loops: jki, layoutB: col, padB: 4}",
        "{name: blocked-layout, algorithm: tiled, tile: 8, layout: blocked, block: 8}",
        "{name: tiled, algorithm: tiled, tile: 16, loops: ikj}",
        "{name: regblock, algorithm: regblock, mr: 4, nr: 4, kinner: true}",
        "{name: blis, algorithm: blis, mr: 4, nr: 4, kc: 16, mc: 8, nc: 12}",
        "{name: strassen, algorithm: strassen, levels: 2, base: {algorithm: blis, mr: 4, nr: 4, kc: 16, mc: 8, nc: 12}}",
    ]),
    "conv": ("kernel: conv\nshape: {n: 1, c: 4, k: 6, h: 9, w: 9, r: 3, s: 3, stride: 1, padding: 1}\n", [
        "{name: direct-nhwc, algorithm: direct, layout: nhwc, loops: nyxkrsc, filter: rsck}",
        "{name: im2col-nchw, algorithm: im2col, layout: nchw, loops: ikj}",
        "{name: im2col-nhwc-blis, algorithm: im2col, layout: nhwc, gemm: {algorithm: blis, mr: 4, nr: 4, kc: 16, mc: 8, nc: 8}}",
        "{name: indirect-nhwc, algorithm: indirect, layout: nhwc, mr: 4, nr: 4}",
        "{name: winograd-nchw-f2, algorithm: winograd, layout: nchw}",
        "{name: winograd-nhwc-f4-blis, algorithm: winograd, tile: 4, layout: nhwc, gemm: {algorithm: blis, mr: 4, nr: 4, kc: 4, mc: 8, nc: 8}}",
    ]),
    "conv-grouped": ("kernel: conv\nshape: {n: 1, c: 4, k: 6, h: 9, w: 9, r: 3, s: 3, padding: 2, groups: 2, dilation: 2}\n", [
        "{name: direct-nchw, algorithm: direct, layout: nchw, loops: nkyxcrs}",
        "{name: im2col-nhwc, algorithm: im2col, layout: nhwc, loops: ikj}",
    ]),
    "conv-blocked": ("kernel: conv\nshape: {n: 1, c: 12, k: 16, h: 7, w: 7, r: 3, s: 3, padding: 1}\n", [
        "{name: direct-nchw16c-vector, algorithm: direct, layout: nchw16c, vector: 16}",
        "{name: direct-nchw8c-block4, algorithm: direct, layout: nchw8c, loops: nKkyxCcrs, filter: oihw8i8o}",
    ]),
    "conv-depthwise": ("kernel: conv\nshape: {n: 1, c: 8, k: 8, h: 9, w: 9, r: 3, s: 3, padding: 1, groups: 8}\n", [
        "{name: direct-nhwc-vector, algorithm: direct, layout: nhwc, loops: nyxrsck, filter: rsck, vector: 4}",
    ]),
}


def machine_yaml(levels):
    rows = "".join(f"  - {{name: L{i + 1}, size: {s}, line: {l}, ways: {w}, policy: {p}}}\n"
                   for i, (s, l, w, p, *_) in enumerate(levels))
    return "name: crosscheck\nlevels:\n" + rows


def level_json(level):
    """A level as the fixture records it, in machine-file terms."""
    size, line, ways, policy, *rest = level
    opts = dict(o.split("=") if "=" in o else (o, True) for o in (rest[0].split(",") if rest else []))
    out = {"size": size, "line": line, "ways": ways, "policy": policy,
           "write": "through" if "wt" in opts else "back", "allocate": not ("wt" in opts or "na" in opts)}
    if "i" in opts:
        out["side"] = "instruction"
    if "pf" in opts:
        out["prefetch"] = {"m": "next-line", "a": "always", "t": "tagged"}[opts["pf"]]
        out["distance"] = int(opts.get("pd", 1))
    return out


def level_arg(level):
    size, line, ways, policy, *rest = level
    return f"{size}:{line}:{ways}:" + ",".join([policy] + rest)


def experiment_yaml(kernel, variant):
    head, _ = ENGINE[kernel]
    return f"name: crosscheck\nmachine: m.yaml\n{head}variants:\n  - {variant}\n"


def dinero(driver, trace, levels):
    args = [driver, "din", trace, "-ccc"] + [level_arg(l) for l in levels]
    out = subprocess.run(args, capture_output=True, text=True, check=True).stdout
    return [[int(v) for v in line.split()[1:]] for line in out.splitlines() if line.startswith("L")]


def main():
    driver, layoutlab = sys.argv[1], sys.argv[2]
    out = sys.argv[3] if len(sys.argv) > 3 else os.path.join(os.path.dirname(__file__), "dinero_expected.json")
    cases = []
    with tempfile.TemporaryDirectory() as tmp:
        trace = os.path.join(tmp, "t.din")
        for i, (name, levels) in enumerate(HIERARCHIES.items()):
            span = 8 * max(l[0] for l in levels)
            for max_size in (8, 128):
                params = {"seed": 10 * i + max_size, "count": 20000, "span": span, "maxSize": max_size,
                          "writePermille": 350}
                if name in MISC:
                    params["miscPermille"] = 150
                if name in MAINTENANCE:
                    params["maintenancePermille"] = 20
                if name in INSTRUCTIONS:
                    params["instructionPermille"] = 400
                body = text(params["seed"], params["count"], span, max_size, params["writePermille"],
                            params.get("miscPermille", 0), params.get("maintenancePermille", 0),
                            params.get("instructionPermille", 0)).encode()
                with open(trace, "wb") as f:
                    f.write(body)
                cases.append({"name": f"{name}-max{max_size}", "levels": levels, "random": params,
                              "fnv1a": f"{fnv1a64(body):016x}", "counts": dinero(driver, trace, levels)})
        with open(os.path.join(tmp, "m.yaml"), "w") as f:
            f.write(machine_yaml(SMALL))
        for kernel, (_, variants) in ENGINE.items():
            for variant in variants:
                experiment = experiment_yaml(kernel, variant)
                with open(os.path.join(tmp, "e.yaml"), "w") as f:
                    f.write(experiment)
                name = variant.split(",")[0].split(":")[1].strip()
                subprocess.run([layoutlab, "trace", os.path.join(tmp, "e.yaml"), "--variant", name,
                                "--format", "din", "-o", trace], check=True, capture_output=True)
                with open(trace, "rb") as f:
                    body = f.read()
                for suffix, levels in [("", SMALL), ("-prefetch-noalloc", PREFETCHING)]:
                    if suffix and name not in PREFETCHED_KERNELS:
                        continue
                    cases.append({"name": f"{kernel}-{name}{suffix}", "levels": levels,
                                  "engine": {"experiment": experiment, "variant": name},
                                  "fnv1a": f"{fnv1a64(body):016x}", "counts": dinero(driver, trace, levels)})
    doc = {"about": "DineroIV 7 counts per level: loads, stores, loadMisses, storeMisses, compulsory, "
                    "capacity, conflict, writebacks, flushedWritebacks, prefetchMisses, flushedMisses "
                    "(loads and misses include misc reads and, below a split L1, instruction fetches; "
                    "an instruction level is second). Written by dinero_fixture.py.",
           "cases": [{**c, "levels": [level_json(l) for l in c["levels"]]} for c in cases]}
    with open(out, "w") as f:
        json.dump(doc, f, indent=1)
        f.write("\n")
    print(f"wrote {len(cases)} cases to {out}")


if __name__ == "__main__":
    main()
