#!/usr/bin/env python3
"""Replays an extended-din trace through pycachesim, an independent reference simulator.

Usage: pycachesim_replay.py MACHINE_JSON TRACE
  MACHINE_JSON: {"levels": [{"name": "L1", "sets": 8, "ways": 2, "line": 64, "policy": "LRU"}, ...]}
                nearest level first; every level write-back and write-allocate.
  TRACE:        extended din lines `r|w hexaddress hexsize`.
Prints one JSON object: per level, pycachesim's MISS_count and EVICT_count (dirty lines
written back) at the end of the trace, and EVICT_count after force_write_back().
With `--probe` it only imports pycachesim (exit 0 when it is installed).

LayoutLab's test `PyCacheSimCrossCheckTests` compares these with its own counts.
"""
import json
import sys

from cachesim import Cache, CacheSimulator, MainMemory


def build(levels):
    """Links the levels as pycachesim wants: built from memory upwards, each loading from and
    storing to the one below."""
    below, caches = None, []
    for spec in reversed(levels):
        cache = Cache(spec["name"], spec["sets"], spec["ways"], spec["line"], spec["policy"],
                      write_back=True, write_allocate=True, load_from=below, store_to=below)
        caches.insert(0, cache)
        below = cache
    memory = MainMemory()
    memory.load_to(caches[-1])
    memory.store_from(caches[-1])
    return CacheSimulator(caches[0], memory), caches


def main():
    if sys.argv[1:] == ["--probe"]:
        return
    machine = json.loads(sys.argv[1])
    sim, caches = build(machine["levels"])
    with open(sys.argv[2]) as trace:
        for number, line in enumerate(trace, 1):
            kind, address, size = line.split()
            if kind == "r":
                sim.load(int(address, 16), length=int(size, 16))
            elif kind == "w":
                sim.store(int(address, 16), length=int(size, 16))
            else:
                sys.exit(f"{sys.argv[2]}:{number}: unexpected record kind {kind!r}")
    end = [c.stats() for c in caches]
    sim.force_write_back()
    flushed = [c.stats() for c in caches]
    print(json.dumps({"levels": [
        {"name": e["name"], "misses": e["MISS_count"], "writebacks": e["EVICT_count"],
         "flushedWritebacks": f["EVICT_count"]}
        for e, f in zip(end, flushed)]}))


if __name__ == "__main__":
    main()
