#!/usr/bin/env bash
# Renders the gallery (index.html) and the benchmark report (report.html) in headless Chromium at desktop width
# (1400 px) and phone width (390 px) and saves one screenshot per page and width (issues 7 and 24: look at the pages,
# don't trust the HTML).
# Usage: bench/scripts/gallery-screenshot.sh PAGE_OR_DIR... [--out DIR]
#   a folder stands for its index.html or report.html; screenshots: DIR/<page>-<width>.png (default: beside the page)
set -euo pipefail
outdir=""
pages=()
while [ $# -gt 0 ]; do
  case "$1" in
    --out) outdir="$2"; shift 2 ;;
    *) pages+=("$1"); shift ;;
  esac
done
[ ${#pages[@]} -gt 0 ] || { echo "usage: $0 PAGE_OR_DIR... [--out DIR]" >&2; exit 2; }
profile="$(mktemp -d)"
trap 'rm -rf "$profile"' EXIT
for p in "${pages[@]}"; do
  if [ -d "$p" ]; then
    if [ -f "$p/index.html" ]; then p="$p/index.html"; elif [ -f "$p/report.html" ]; then p="$p/report.html"
    else echo "error: $p has no index.html or report.html" >&2; exit 2; fi
  fi
  [ -f "$p" ] || { echo "error: $p not found" >&2; exit 2; }
  file="$(cd "$(dirname "$p")" && pwd)/$(basename "$p")"
  dest="${outdir:-$(dirname "$file")}"
  mkdir -p "$dest"
  for size in 1400,2400 390,2400; do
    png="$dest/$(basename "$file" .html)-${size%%,*}.png"
    chromium --headless --no-sandbox --disable-gpu --disable-background-networking --disable-component-update --disable-sync \
      --no-first-run --hide-scrollbars --user-data-dir="$profile" --window-size="$size" --screenshot="$png" "file://$file" 2>/dev/null
    echo "$png"
  done
done
