#!/usr/bin/env bash
# `spar layout` on 1,000 scenes (issue: "layout of 1,000 scenes' references in seconds"): writes a fake ScanNet download
# (scans/<scene>/image/color/<frame>.jpg, FRAMES empty frames per scene, SensReader names) and a SPAR-7M tree whose
# records reference REFS frames per scene, then times with /usr/bin/time: the default layout (a folder link per scene),
# the --only-referenced layout (one link per referenced file), its rerun (all in place), and validate on the result.
# Usage: bash bench/scripts/layout-throughput.sh [SCENES] [FRAMES] [REFS] [WORK_DIR]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
scenes="${1:-1000}" frames="${2:-100}" refs="${3:-5}" work="${4:-$(mktemp -d)}"
"$repo/spar" --version >/dev/null
dll="$repo/src/Spar.Cli/bin/Release/net10.0/linux-x64/Spar.Cli.dll"
rm -rf "$work" && mkdir -p "$work"
python3 - "$work" "$scenes" "$frames" "$refs" <<'PY'
import json, os, sys
work, scenes, frames, refs = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
q = "With the chair (red point) having a depth of 1.2 meters, how deep is the table (blue point)?"
lines = []
for s in range(scenes):
    scene = f"scene{s:04d}_00"
    color = os.path.join(work, "ScanNet", "scans", scene, "image", "color")
    os.makedirs(color)
    for f in range(frames):
        open(os.path.join(color, f"{f}.jpg"), "wb").close()
    for r in range(refs):
        lines.append(json.dumps({"id": f"{scene}_{r}", "conversations": [{"from": "human", "value": q}, {"from": "gpt", "value": "1.5"}],
                                 "image": [f"{scene}/image_color/{(r * 17) % frames}.jpg"], "type": "depth_prediction_oc",
                                 "red_point": [[10, 20]], "blue_point": [[30, 40]]}))
d = os.path.join(work, "spar", "scannet", "qa_jsonl", "train", "depth_prediction_oc", "fill")
os.makedirs(d)
with open(os.path.join(d, f"fill_{len(lines)}.jsonl"), "w") as f:
    f.write("".join(l + "\n" for l in lines))
PY
images="$work/spar/scannet/images"
run() { local what="$1"; shift; /usr/bin/time -f "$what: %e s wall, %M KiB peak" dotnet "$dll" "$@" 2>&1 >"$work/last.log" | tail -1; tail -2 "$work/last.log"; }
run "layout (folder links)" layout scannet --from "$work/ScanNet" --to "$images"
run "validate" validate "$work/spar" --allow-outside "$work/ScanNet"
run "layout --only-referenced" layout scannet --from "$work/ScanNet" --to "$images" --only-referenced "$work/spar"
run "layout --only-referenced, rerun" layout scannet --from "$work/ScanNet" --to "$images" --only-referenced "$work/spar"
run "validate" validate "$work/spar" --allow-outside "$work/ScanNet"
