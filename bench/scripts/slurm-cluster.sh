#!/usr/bin/env bash
# Runs docs/examples/slurm-generate.sh on a real Slurm cluster: brings up a single-node cluster on this machine
# (Debian's slurm-wlm + munge, slurm.conf for localhost with the node's real CPUs and memory from `slurmd -C`, private
# ports, state and munge socket under WORK: nothing in /etc is changed), renders synthetic scenes, submits the example
# as a SHARDS-task generate array with the merge as a dependent job, checks the merged tree is byte-identical to an
# unsharded `spar generate`, runs a failure drill (an array whose tasks fail: the merge job must refuse and print the
# resubmit command), and shuts the cluster down (also on error).
# Usage: bench/scripts/slurm-cluster.sh [WORK=/tmp/spar-slurm] [SCENES=8] [SHARDS=4] [FRAMES=60]
set -euo pipefail
here="$(cd "$(dirname "$0")/../.." && pwd)"
work=${1:-/tmp/spar-slurm}
scenes=${2:-8}
shards=${3:-4}
frames=${4:-60}
example="$here/docs/examples/slurm-generate.sh"
now() { date +%s.%N; }
secs() { printf '%.1f' "$(echo "$2 - $1" | bc)"; }
need=()
command -v slurmctld >/dev/null || need+=(slurm-wlm)
command -v munged >/dev/null || need+=(munge)
if [ ${#need[@]} -gt 0 ]; then apt-get install -y -qq "${need[@]}" >&2; fi

rm -rf "$work"; mkdir -p "$work"/{etc,state,spool,log,munge,jobs}
work="$(cd "$work" && pwd)"

# spar: the checkout's build, built once here under the shared build lock so no array task builds.
# ./spar publishes its ReadyToRun build on first use: do that here, once, so array tasks never race to build it.
SPAR=${SPAR:-$here/spar}
flock /tmp/spar-build.lock "$SPAR" --version >"$work/log/build.log" 2>&1 || { cat "$work/log/build.log" >&2; exit 1; }

cleanup() {
  set +e
  [ -n "${SLURM_CONF:-}" ] && scancel --quiet --user="$(id -un)" 2>/dev/null
  for p in "$work/slurmd.pid" "$work/slurmctld.pid" "$work/munge/munged.pid"; do
    [ -f "$p" ] && kill "$(cat "$p")" 2>/dev/null
  done
  sleep 1
  echo "cluster shut down" >&2
}
trap cleanup EXIT

# munge: a private key and socket.
mungekey --create --keyfile="$work/munge/munge.key" >/dev/null 2>&1 || dd if=/dev/urandom of="$work/munge/munge.key" bs=1024 count=1 2>/dev/null
chmod 400 "$work/munge/munge.key"
munged --force --key-file="$work/munge/munge.key" --socket="$work/munge/munge.socket" \
  --pid-file="$work/munge/munged.pid" --log-file="$work/munge/munged.log" --seed-file="$work/munge/munged.seed"

node=$(slurmd -C | head -1)
host=$(hostname -s)
cat >"$work/etc/slurm.conf" <<EOF
ClusterName=spar-local
SlurmctldHost=$host
SlurmctldPort=16817
SlurmdPort=16818
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$work/munge/munge.socket
SlurmUser=root
SlurmdUser=root
StateSaveLocation=$work/state
SlurmdSpoolDir=$work/spool
SlurmctldPidFile=$work/slurmctld.pid
SlurmdPidFile=$work/slurmd.pid
SlurmctldLogFile=$work/log/slurmctld.log
SlurmdLogFile=$work/log/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core_Memory
SchedulerType=sched/backfill
MpiDefault=none
ReturnToService=2
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
$node State=UNKNOWN
PartitionName=local Nodes=ALL Default=YES MaxTime=INFINITE State=UP
EOF
export SLURM_CONF="$work/etc/slurm.conf"
t0=$(now)
slurmctld -i
slurmd
for _ in $(seq 60); do
  [ "$(sinfo -h -o '%t' 2>/dev/null)" = idle ] && break
  sleep 1
done
[ "$(sinfo -h -o '%t')" = idle ] || { echo "node did not come up:" >&2; sinfo >&2; tail -20 "$work/log/slurmctld.log" "$work/log/slurmd.log" >&2; exit 1; }
echo "cluster up in $(secs "$t0" "$(now)") s: $node" >&2

t0=$(now)
"$SPAR" scenes synth --count "$scenes" --frames "$frames" --out "$work/scenes" --seed 1 >"$work/log/synth.log" 2>&1
echo "scenes synth: $scenes scenes x $frames frames in $(secs "$t0" "$(now)") s" >&2
t0=$(now)
"$SPAR" generate --scenes "$work/scenes" --out "$work/unsharded" --seed 0 --per-scene 20 >"$work/log/unsharded.log" 2>&1
echo "unsharded generate: $(secs "$t0" "$(now)") s" >&2

wait_jobs() { # until the queue is empty, at most $1 s
  local i
  for i in $(seq "$1"); do [ -z "$(squeue -h -o %i)" ] && return 0; sleep 1; done
  echo "jobs still queued after $1 s:" >&2; squeue >&2; return 1
}

# The merged SPAR-7M layout must equal the unsharded run file for file, byte for byte. Left out of the byte comparison:
# the array's bookkeeping (.slurm/), the generator's work folder (.spar-generate/: per-shard checkpoints) and
# generate_manifest.json, the run's record, which names the shards and the timings; its other fields (settings, inputs,
# per-type record counts, rejections) must agree too.
compare_trees() { # UNSHARDED OUT LABEL
(cd "$1" && find . -type f -not -path './.spar-generate/*' -not -name generate_manifest.json | LC_ALL=C sort) >"$work/log/$3-files.txt"
python3 - "$1/generate_manifest.json" "$2/generate_manifest.json" <<'PY' || return 1
import json, sys
a, b = (json.load(open(p)) for p in sys.argv[1:])
run = {"shards", "generate_wall_seconds", "assemble_wall_seconds", "stage_seconds"}
diff = sorted(k for k in set(a) | set(b) if k not in run and a.get(k) != b.get(k))
if diff: sys.exit(f"generate_manifest.json differs beyond shards and timings: {diff}")
print(f"generate_manifest.json agrees ({a['records_total']} records) beyond shards {a['shards']} vs {b['shards']} and timings", file=sys.stderr)
PY
(cd "$1" && xargs -d '\n' sha256sum <"$work/log/$3-files.txt") >"$work/log/$3-unsharded.sha256"
(cd "$2" && xargs -d '\n' sha256sum <"$work/log/$3-files.txt") >"$work/log/$3-out.sha256" 2>"$work/log/$3-missing.txt" || true
extra=$(cd "$2" && find . -type f -not -path './.slurm/*' -not -path './.spar-generate/*' -not -name generate_manifest.json | LC_ALL=C sort | comm -13 "$work/log/$3-files.txt" - | wc -l)
if diff "$work/log/$3-unsharded.sha256" "$work/log/$3-out.sha256" >"$work/log/$3-diff.txt"; then
  echo "$3: merged tree byte-identical to the unsharded run: $(wc -l <"$work/log/$3-files.txt") files ($extra other files in the shared folder)" >&2
else
  echo "$3: merged tree differs from the unsharded run:" >&2; head -20 "$work/log/$3-diff.txt" "$work/log/$3-missing.txt" >&2; return 1
fi
}

cd "$work/jobs"
t0=$(now)
SPAR="$SPAR" SPAR_SCENES="$work/scenes" SPAR_OUT="$work/out" SHARDS="$shards" SPAR_MEM=2G "$example" submit | tee "$work/log/submit.log" >&2
wait_jobs 1800
echo "slurm: $shards-task generate array + dependent merge finished in $(secs "$t0" "$(now)") s (submit to empty queue)" >&2
merge_job=$(awk '/^merge:/ {print $3}' "$work/log/submit.log")
cat "slurm-$merge_job.out" >&2
for f in slurm-*_*.out; do grep -H -m1 -E 'error|failed' "$f" >&2 || true; done

compare_trees "$work/unsharded" "$work/out" synthetic

# ScanNet: the import array (task K runs import --shard K/SHARDS) feeding the generate array, against an unsharded
# import + generate of the same scans (ScanNet-format scans of rendered synthetic rooms, from Spar.Benchmarks).
flock /tmp/spar-build.lock dotnet build -c Release "$here/bench/Spar.Benchmarks" -nologo -v q >"$work/log/build-bench.log" 2>&1 \
  || { cat "$work/log/build-bench.log" >&2; exit 1; }
t0=$(now)
for i in $(seq 0 $((shards - 1))); do
  dotnet "$here/bench/Spar.Benchmarks/bin/Release/net10.0/linux-x64/Spar.Benchmarks.dll" makescan-rendered "$work/scans" "$(printf 'scene%04d_00' "$i")" "$((i + 1))" "$frames" >>"$work/log/makescan.log" 2>&1
done
echo "makescan-rendered: $shards ScanNet-format scans x $frames frames in $(secs "$t0" "$(now)") s" >&2
t0=$(now)
# Both runs import into the same path (the manifest records its inputs): the unsharded one is moved aside first.
"$SPAR" import scannet "$work/scans" --out "$work/scannet-scenes" >"$work/log/scannet-unsharded.log" 2>&1
"$SPAR" generate --scenes "$work/scannet-scenes" --out "$work/scannet-unsharded" --seed 0 --per-scene 20 >>"$work/log/scannet-unsharded.log" 2>&1
echo "unsharded import + generate: $(secs "$t0" "$(now)") s" >&2
mv "$work/scannet-scenes" "$work/scannet-scenes-unsharded"
t0=$(now)
SPAR="$SPAR" SPAR_SCANS="$work/scans" SPAR_SCENES="$work/scannet-scenes" SPAR_OUT="$work/scannet-out" SHARDS="$shards" SPAR_MEM=2G "$example" submit | tee "$work/log/scannet-submit.log" >&2
wait_jobs 1800
echo "slurm: $shards-task import array -> $shards-task generate array -> merge finished in $(secs "$t0" "$(now)") s" >&2
cat "slurm-$(awk '/^merge:/ {print $3}' "$work/log/scannet-submit.log").out" | grep -v '│\|─' >&2
if diff -r "$work/scannet-scenes-unsharded" "$work/scannet-scenes" >"$work/log/scannet-scenes-diff.txt"; then
  echo "scannet: the import array wrote the same scenes as one unsharded import ($(find "$work/scannet-scenes" -type f | wc -l) files)" >&2
else echo "scannet: import array output differs from the unsharded import:" >&2; head "$work/log/scannet-scenes-diff.txt" >&2; exit 1; fi
compare_trees "$work/scannet-unsharded" "$work/scannet-out" scannet

# Failure drill: tasks that fail must be named by the merge job with the command that resubmits them.
SPAR=/bin/false SPAR_SCENES="$work/scenes" SPAR_OUT="$work/drill" SHARDS=2 SPAR_MEM=1G "$example" submit >"$work/log/drill-submit.log"
wait_jobs 300
drill_merge=$(awk '/^merge:/ {print $3}' "$work/log/drill-submit.log")
if grep -q 'RESUBMIT=1,2 ' "slurm-$drill_merge.out" && grep -q '2 of 2 array tasks did not succeed' "slurm-$drill_merge.out"; then
  echo "failure drill: the merge job named both failed tasks and printed the resubmit command:" >&2
  sed 's/^/  /' "slurm-$drill_merge.out" >&2
else
  echo "failure drill: the merge job's summary is missing:" >&2; cat "slurm-$drill_merge.out" >&2; exit 1
fi
# ... and the printed command, with a working spar, resubmits exactly the failed tasks and the merge then completes.
SPAR="$SPAR" SPAR_SCENES="$work/scenes" SPAR_OUT="$work/drill" SHARDS=2 SPAR_MEM=1G RESUBMIT=1,2 "$example" submit-generate >"$work/log/drill-resubmit.log"
wait_jobs 600
drill_merge=$(awk '/^merge:/ {print $3}' "$work/log/drill-resubmit.log")
grep -q 'generate: all 2 array tasks succeeded' "slurm-$drill_merge.out" || { echo "resubmitted drill did not complete:" >&2; cat "slurm-$drill_merge.out" >&2; exit 1; }
compare_trees "$work/unsharded" "$work/drill" drill-resubmitted
