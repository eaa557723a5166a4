#!/usr/bin/env bash
# Byte-identity check for refactors (issue 14): runs a fixed set of spar commands and prints a sorted sha256 manifest of
# everything they write. Run it before and after a change and diff the two manifests; they must be equal.
# Usage: bench/scripts/byte-identity.sh OUTDIR > manifest.txt   (OUTDIR is emptied first; progress goes to stderr)
#
# What is hashed (all paths relative to OUTDIR):
#  (a) `spar scenes synth` of 3 scenes (60 frames) and `spar generate` of all 35 types × all formats on them, including
#      generate's manifest with its wall-clock fields (*seconds*) removed;
#  (b) what the demo runs on that tree (src/Spar/Pipeline/DemoPipeline.cs): index, mix, bench build (per-task 20,
#      tiny 5, val, seed 1), the two offline baselines' predictions and scores; plus export to llava/sharegpt/internvl
#      through the mix file, and a 2-shard generate + merge (assembly of part files);
#  (c) the ScanNet fixture scans the tests write (one .sens, one SensReader export; tests/Spar.Tests/Scenes/Importers/
#      ScanNetFixtureDumpTests.cs, run from the already-built test assembly) and their `spar import scannet` output;
#      the ScanNet++ fixture release (ScanNetpp/ScanNetppFixtureDumpTests.cs) and its `spar import scannetpp` output;
#      the Structured3D fixture house (Structured3DFixtureDumpTests.cs) and its `spar import structured3d` output;
#      the ARKitScenes fixture download (ARKitScenes/ARKitScenesFixtureDumpTests.cs) and its `spar import arkitscenes` output;
#      the Matterport3D fixture scan and RxR paths (Matterport/MatterportFixtureDumpTests.cs) and their
#      `spar import matterport` and `spar import rxr` output.
# Only ./spar is built (by ./spar itself, once, under the shared build lock); the test assembly must already be built
# (`dotnet build -c Release`), the script refuses a missing or stale one.
# Some files are normalised before hashing (see "hashing" below); the manifest marks each one and says how.
set -euo pipefail
out=${1:?usage: byte-identity.sh OUTDIR}
repo="$(cd "$(dirname "$0")/../.." && pwd)"
# Build (if sources changed) once under the shared build lock, then run the built CLI directly: runs do not build.
flock /tmp/spar-build.lock "$repo/spar" --version >/dev/null
cli="$repo/src/Spar.Cli/bin/Release/net10.0/linux-x64/Spar.Cli.dll"
spar() { dotnet "$cli" "$@"; }
testdll="$repo/tests/Spar.Tests/bin/Release/net10.0/linux-x64/Spar.Tests.dll"
# The test assembly is not recompiled when only the library changes: its copy of Spar.dll must be the CLI's.
if [ ! -f "$testdll" ] || [ -n "$(find "$repo/tests" \( -name '*.cs' -o -name '*.csproj' \) -newer "$testdll" -print -quit)" ] \
   || ! cmp -s "$(dirname "$testdll")/Spar.dll" "$(dirname "$cli")/Spar.dll"; then
  echo "byte-identity: $testdll is missing or older than the sources; run: flock /tmp/spar-build.lock dotnet build -c Release" >&2
  exit 2
fi
rm -rf "$out"; mkdir -p "$out"; out="$(cd "$out" && pwd)"
cd "$out"   # relative paths everywhere, so recorded inputs do not depend on OUTDIR
log() { echo "byte-identity: $*" >&2; }
q() { "$@" >/dev/null 2>>"$out/.stderr" || { echo "failed: $*" >&2; tail -20 "$out/.stderr" >&2; exit 1; }; }

log "(a) scenes synth + generate"
q spar scenes synth --count 3 --seed 7 --frames 60 --out world --threads 2
q spar generate --scenes world/synthetic/images --out tree --seed 3 --val-fraction 0.34 --threads 2

log "(b) demo steps: index, mix, bench build, baselines, scores; export; sharded generate + merge"
q spar index tree --out data_jsons --threads 2
mixfile=$(spar mix --index-dir data_jsons 2>>"$out/.stderr" | sed -n 's/: [0-9]* entries.*//p')
[ -f "$mixfile" ] || { echo "mix wrote no file" >&2; exit 1; }
q spar bench build tree --out bench --per-task 20 --tiny 5 --split val --seed 1
q spar bench run bench/folder --model random --seed 1 --out bench/predictions/random.jsonl
q spar bench run bench/folder --model blind-prior --prior tree --out bench/predictions/blind-prior.jsonl
for m in random blind-prior; do
  mkdir -p bench/scores
  spar bench score bench/folder "bench/predictions/$m.jsonl" --json >"bench/scores/$m.json" 2>>"$out/.stderr"
done
for to in llava sharegpt internvl; do
  q spar export tree --to "$to" --out "export-$to" --index "$mixfile" --threads 2
done
q spar generate --scenes world/synthetic/images --out shards --seed 3 --val-fraction 0.34 --shard 1/2 --threads 2 --images none
q spar generate --scenes world/synthetic/images --out shards --seed 3 --val-fraction 0.34 --shard 2/2 --threads 2 --images none
q spar merge shards --out shards-merged --images none

log "(c) ScanNet, ScanNet++, Structured3D, ARKitScenes fixtures + import"
SPAR_SCANNET_FIXTURE_DIR="$out/scannet-fixture" dotnet "$testdll" \
  -method 'Spar.Tests.Scenes.Importers.ScanNetFixtureDumpTests.Fixture_scans_are_written_and_import_without_failure' >/dev/null 2>>"$out/.stderr" \
  || { echo "fixture writer failed" >&2; exit 1; }
q spar import scannet scannet-fixture/scans --out scannet-import --frame-step 2 --video-frames 3 \
  --labels scannet-fixture/scannetv2-labels.combined.tsv --threads 1
SPAR_SCANNETPP_FIXTURE_DIR="$out/scannetpp-fixture" dotnet "$testdll" \
  -method 'Spar.Tests.Scenes.Importers.ScanNetpp.ScanNetppFixtureDumpTests.Fixture_release_is_written_and_imports_identically_for_any_thread_count' >/dev/null 2>>"$out/.stderr" \
  || { echo "ScanNet++ fixture writer failed" >&2; exit 1; }
q spar import scannetpp scannetpp-fixture --out scannetpp-import --video-frames 2 --threads 1
SPAR_S3D_FIXTURE_DIR="$out/structured3d-fixture" dotnet "$testdll" \
  -method 'Spar.Tests.Scenes.Importers.Structured3DFixtureDumpTests.Fixture_house_is_written_and_imports_every_view' >/dev/null 2>>"$out/.stderr" \
  || { echo "Structured3D fixture writer failed" >&2; exit 1; }
q spar import structured3d structured3d-fixture --out structured3d-import --threads 1
SPAR_ARKITSCENES_FIXTURE_DIR="$out/arkitscenes-fixture" dotnet "$testdll" \
  -method 'Spar.Tests.Scenes.Importers.ARKitScenes.ARKitScenesFixtureDumpTests.Fixture_download_is_written_and_imports_identically_for_any_thread_count_and_sharding' >/dev/null 2>>"$out/.stderr" \
  || { echo "ARKitScenes fixture writer failed" >&2; exit 1; }
q spar import arkitscenes arkitscenes-fixture --out arkitscenes-import --frame-step 2 --video-frames 3 --threads 1
SPAR_MP_FIXTURE_DIR="$out/matterport-fixture" dotnet "$testdll" \
  -method 'Spar.Tests.Scenes.Importers.Matterport.MatterportFixtureDumpTests.Test_fixtures_are_written_and_import_without_failure' >/dev/null 2>>"$out/.stderr" \
  || { echo "Matterport fixture writer failed" >&2; exit 1; }
q spar import matterport matterport-fixture/mp --out matterport-import --threads 1
q spar import rxr matterport-fixture/route/rxr_guide.jsonl.gz --matterport matterport-fixture/route/scans \
  --connectivity matterport-fixture/route/connectivity --out matterport-import --threads 1

log "hashing"
# Normalised before hashing, and marked so in the manifest:
#  - JSON files with fields holding durations (*seconds*, latency*, elapsed*) or the build's identity (spar_version,
#    which carries the git commit): those fields removed (jq walk);
#  - files that record an absolute path under OUTDIR (build.json's root, generate's inputs, InternVL meta): OUTDIR
#    replaced by "@OUT";
#  - prediction logs (bench run appends in completion order, which depends on scheduling; readers key by id): lines
#    sorted, latency_ms removed.
timing='^(.*seconds.*|latency.*|elapsed.*|duration.*|started.*|finished.*|timestamp.*|spar_version)$'
strip="walk(if type == \"object\" then with_entries(select(.key | test(\"$timing\") | not)) else . end)"
find . -type f ! -name '.stderr' -print0 | sort -z | while IFS= read -r -d '' f; do
  f=${f#./}
  notes=()
  case "$f" in *.json|*.jsonl) ;; *) printf '%s  %s\n' "$(sha256sum "$f" | cut -d' ' -f1)" "$f"; continue ;; esac
  content=$(cat "$f"; echo x); content=${content%x}
  if grep -qF "$out" <<<"$content"; then content=${content//"$out"/@OUT}; notes+=("OUTDIR replaced"); fi
  case "$f" in
    */predictions/*.jsonl) content=$(jq -c "$strip" <<<"$content" | LC_ALL=C sort); notes+=("lines sorted, timing fields removed") ;;
    *.json)
      if jq -e "[paths | .[-1] | strings | select(test(\"$timing\"))] | length > 0" <<<"$content" >/dev/null 2>&1; then
        content=$(jq -S "$strip" <<<"$content"); notes+=("timing/version fields removed")
      fi ;;
  esac
  note=""; [ ${#notes[@]} -gt 0 ] && note=" ($(IFS=';'; echo "${notes[*]}"))"
  printf '%s  %s%s\n' "$(printf '%s' "$content" | sha256sum | cut -d' ' -f1)" "$f" "$note"
done
log "done: $(find . -type f ! -name '.stderr' | wc -l) files"
