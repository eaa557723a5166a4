#!/usr/bin/env bash
# Renders a gallery's index.html in headless Chromium and saves a screenshot (issue 7: look at it, don't trust the HTML).
# Usage: bench/scripts/gallery-screenshot.sh GALLERY_DIR [OUT.png]
set -euo pipefail
dir="$(cd "$1" && pwd)"
out="${2:-$dir/screenshot.png}"
profile="$(mktemp -d)"
trap 'rm -rf "$profile"' EXIT
chromium --headless --no-sandbox --disable-gpu --disable-background-networking --disable-component-update --disable-sync \
  --no-first-run --user-data-dir="$profile" --window-size=1400,1800 --screenshot="$out" "file://$dir/index.html" 2>/dev/null
echo "$out"
