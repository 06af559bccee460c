#!/usr/bin/env python3
"""Seeds for the results-document fuzz target: each results document given, cut to the first two
values of every sweep axis and its first two variants (keeping exactly the runs of those, so the
cut document is still the whole sweep that merge's checks expect), regions kept on the first
level only, written compact into the folder given last."""
import json
import os
import sys

out = sys.argv[-1]
for path in sys.argv[1:-1]:
    d = json.load(open(path))
    sweep = {k: v[:2] for k, v in d.get("sweep", {}).items()}
    variants = d.get("variants", [])[:2]
    names = [v.get("name") for v in variants]
    d["sweep"], d["variants"] = sweep, variants
    d["runs"] = [r for r in d["runs"] if r["variant"] in names
                 and all(r["point"].get(k) in vals for k, vals in sweep.items())]
    for r in d["runs"]:
        for level in r["levels"][1:]:
            level.pop("regions", None)
    if "claims" in d:
        d["claims"] = [c for c in d["claims"] if c["variant"] in names and c.get("baseline", names[0]) in names]
    name = os.path.join(out, os.path.basename(path))
    with open(name, "w") as f:
        json.dump(d, f, separators=(",", ":"))
