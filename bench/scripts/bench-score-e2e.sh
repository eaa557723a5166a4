#!/usr/bin/env bash
# End-to-end timing of `spar bench score` on a full-size run: 7,207 rows (folder-form benchmark with 1-byte-ish
# images, spar predictions JSONL), answers cycled from the official reference vectors. Prints wall time per scorer.
# Usage: bench/scripts/bench-score-e2e.sh [shared-dir]   (needs python3 and a built src/Spar.Cli, Release)
set -euo pipefail
repo="$(cd "$(dirname "$0")/../.." && pwd)"
shared="${1:-$repo/../shared}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
python3 - "$shared/vectors/sparbench_official_samples.jsonl" "$work" <<'PY'
import json, os, sys
src, work = sys.argv[1], sys.argv[2]
rows = [json.loads(l) for l in open(src) if json.loads(l).get("error") is None]
os.makedirs(f"{work}/bench/images")
open(f"{work}/bench/images/x.png", "wb").write(b"\x89PNG")
with open(f"{work}/bench/bench.jsonl", "w") as b, open(f"{work}/pred.jsonl", "w") as p:
    for i in range(7207):
        r = rows[i % len(rows)]
        b.write(json.dumps({"id": i, "task": r["task"], "image": ["images/x.png"], "question": "q", "answer": r["gold"]}) + "\n")
        p.write(json.dumps({"id": i, "task": r["task"], "prediction": r["prediction_raw"], "status": "ok"}) + "\n")
PY
dll="$repo/src/Spar.Cli/bin/Release/net10.0/linux-x64/Spar.Cli.dll"
[ -f "$dll" ] || dotnet build -c Release "$repo/src/Spar.Cli" >/dev/null
for scorer in official strict; do
  start=$(date +%s.%N)
  dotnet "$dll" bench score "$work/bench" "$work/pred.jsonl" --scorer "$scorer" --json >/dev/null
  end=$(date +%s.%N)
  echo "$scorer: $(echo "$end - $start" | bc) s (whole process: start-up, read 7,207 rows + predictions, score, aggregate)"
done
