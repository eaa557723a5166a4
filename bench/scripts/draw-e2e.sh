#!/usr/bin/env bash
# `spar draw` and `spar export --burn-markers` end to end, with file I/O: N single-image records (four boxes each,
# spatial_imagination_oo, boxes shifted per record so every record is a distinct marker set) over eight 1296×968 JPEGs
# on disk. draw: one lossless PNG per record, on 1 and 2 threads, at N and N/4 (memory must not grow with the input);
# export (LLaVA, 2 threads): burned copies as PNG and as JPEG q95. Wall time, records/s, peak RSS (GNU time).
# Usage: draw-e2e.sh [N=2000]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
n="${1:-2000}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
dotnet build -c Release "$here/bench/Spar.Benchmarks" -nologo -v q >/dev/null
images="$work/spar/synthetic/images"
dotnet "$here/bench/Spar.Benchmarks/bin/Release/net10.0/linux-x64/Spar.Benchmarks.dll" drawsamples "$images"
"$here/spar" --help >/dev/null  # builds the CLI outside the timing
write_records() { # COUNT FILE
  python3 - "$1" "$2" <<'PY'
import json, sys
count, path = int(sys.argv[1]), sys.argv[2]
with open(path, "w") as f:
    for i in range(count):
        f.write(json.dumps({"id": f"r{i}", "type": "spatial_imagination_oo", "image": [f"sample_{i % 8}.jpg"],
                            "conversations": [{"from": "human", "value": "Q"}, {"from": "gpt", "value": "A"}],
                            "red_bbox": [[100 + i % 400, 150 + i // 400 % 400, 600, 700]], "blue_bbox": [[450, 150, 700, 520]],
                            "green_bbox": [[600, 600, 950, 980]], "yellow_bbox": [[30, 40, 200, 300]]}) + "\n")
PY
}
echo "load: $(cut -d' ' -f1-3 /proc/loadavg)"
for count in "$n" $((n / 4)); do
  write_records "$count" "$work/records.jsonl"
  mkdir -p "$work/spar/synthetic/qa_jsonl/train/spatial_imagination_oo/sentence"
  cp "$work/records.jsonl" "$work/spar/synthetic/qa_jsonl/train/spatial_imagination_oo/sentence/sentence_$count.jsonl"
  for t in 1 2; do
    rm -rf "$work/out"
    /usr/bin/time -f "%e %M" -o "$work/time" "$here/spar" draw "$work/records.jsonl" --images-root "$images" --out "$work/out" -j "$t" >"$work/log" 2>"$work/err" \
      || { cat "$work/err" >&2; exit 1; }
    read -r secs kb <"$work/time"
    written=$(find "$work/out" -name '*.png' | wc -l)
    echo "spar draw: $count records, $t thread(s): ${secs} s, $(python3 -c "print(f'{$count/$secs:.1f}')") records/s, $written PNGs ($(du -sm "$work/out" | cut -f1) MB), peak RSS $((kb / 1024)) MB, $(grep -o 'JPEG: [^)]*' "$work/log" || true)"
  done
done
count=$(find "$work/spar/synthetic/qa_jsonl" -name '*.jsonl' -exec cat {} + | wc -l)
for fmt in png jpg; do
  rm -rf "$work/x"
  /usr/bin/time -f "%e %M" -o "$work/time" "$here/spar" export "$work/spar" --to llava --out "$work/x" --burn-markers --burn-format "$fmt" -j 2 >"$work/log" 2>"$work/err" \
    || { cat "$work/err" >&2; exit 1; }
  read -r secs kb <"$work/time"
  echo "spar export --burn-format $fmt: $count records, 2 threads: ${secs} s, $(python3 -c "print(f'{$count/$secs:.1f}')") records/s, $(find "$work/x/images" -type f | wc -l) burned images ($(du -sm "$work/x/images" | cut -f1) MB), peak RSS $((kb / 1024)) MB; $(head -1 "$work/log")"
done
echo "load: $(cut -d' ' -f1-3 /proc/loadavg)"
