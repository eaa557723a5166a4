#!/usr/bin/env bash
# Builds spar's dotnet-tool packages: one self-contained package per platform (linux-x64, linux-arm64, osx-arm64,
# osx-x64, win-x64) plus the `spar` pointer package that `dotnet tool install` resolves to the user's platform.
# Usage: bench/scripts/pack-tool.sh [OUT=./artifacts/nupkg]
# Then:  dotnet tool install -g spar --add-source OUT
# The checkout build (bin/, obj/, ./spar) is not touched: the packs build under OUT/../build (ArtifactsPath).
# The build takes the shared build lock (/tmp/spar-build.lock) as every build on this machine does.
set -euo pipefail
here="$(cd "$(dirname "$0")/../.." && pwd)"
out="$(mkdir -p "${1:-$here/artifacts/nupkg}" && cd "${1:-$here/artifacts/nupkg}" && pwd)"
build="$(dirname "$out")/build"
rm -f "$out"/spar.*.nupkg
start=$(date +%s.%N)
flock /tmp/spar-build.lock dotnet pack "$here/src/Spar.Cli" -c Release -nologo -v q \
  -p:SparToolPack=true -p:ArtifactsPath="$build" -o "$out"
end=$(date +%s.%N)
echo "packed in $(echo "$end - $start" | bc) s:" >&2
ls -l "$out"/spar.*.nupkg >&2
