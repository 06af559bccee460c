#!/usr/bin/env python3
"""Writes Sources/LayoutConfig/BundledExperiments.swift from Configs/experiments/*.yaml, so every
bundled experiment runs by name. Run from the repository root after editing an experiment file;
ConfigTests fails while the two differ."""
import os

root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
base = os.path.join(root, "Configs", "experiments")
names = sorted(f[:-5] for f in os.listdir(base) if f.endswith(".yaml"))
ident = lambda n: n.replace("-", "_")
out = ["/// The experiments bundled with LayoutLab, runnable by name (`layoutlab simulate loop-orders`).",
       "/// Each is also shipped as `Configs/experiments/NAME.yaml`; a test keeps the two identical",
       "/// (`python3 Tests/bundle_configs.py` rewrites this file from them).",
       "public enum BundledExperiments {",
       "    /// Name -> the YAML text of `Configs/experiments/NAME.yaml`.",
       "    public static let all: [String: String] = ["]
out += [f'        "{n}": {ident(n)},' for n in names] + ["    ]"]
for n in names:
    text = open(os.path.join(base, n + ".yaml")).read()
    assert '"""' not in text and "\\" not in text, n
    out += ["", f'    static let {ident(n)} = """'] + [("    " + l) if l else "" for l in text.split("\n")] + ['    """']
out.append("}")
open(os.path.join(root, "Sources", "LayoutConfig", "BundledExperiments.swift"), "w").write("\n".join(out) + "\n")
