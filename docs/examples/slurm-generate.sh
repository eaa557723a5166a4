#!/usr/bin/env bash
# SPAR-style QA for a large scene collection on Slurm: ScanNet import as a job array (optional), generation as a job
# array (one task per shard, all writing into one shared output folder), then one dependent job that merges the shards
# and reports failed array tasks with the command that resubmits exactly those.
#
# Submit from a login node (every path must be on storage the compute nodes share):
#   SPAR=/shared/bin/spar SPAR_SCENES=/shared/scenes SPAR_OUT=/shared/spar-out SHARDS=16 \
#     docs/examples/slurm-generate.sh submit
#   # with an import stage first: add SPAR_SCANS=/shared/scannet/scans (ScanNet's scans/ folder)
#
# Settings (environment variables, read at submit time and passed to every job):
#   SPAR         the spar executable (default: `spar` on PATH, checked at submit time). Compute nodes do not inherit
#                the login shell's PATH reliably, so give an absolute path on shared storage.
#   SPAR_SCENES  scene folders for generate; with SPAR_SCANS it defaults to $SPAR_OUT/../spar-scenes
#   SPAR_SCANS   ScanNet scans/ folder: run the import array first (its task K runs `spar import scannet --shard K/SHARDS`)
#   SPAR_OUT     the shared output folder of generate and merge
#   SHARDS       array size for import and generate (default 16)
#   SPAR_SEED, SPAR_PER_SCENE  generate's --seed and --per-scene (defaults 0 and 20)
#   SPAR_CPUS    cpus per task (default: the smallest CPU count of the nodes sinfo lists, so every task can start);
#                each task then runs spar with --threads $SLURM_CPUS_PER_TASK, what Slurm actually granted
#   SPAR_MEM     memory per task (default 4G); SPAR_TIME time limit per task (default 04:00:00)
#   SBATCH_EXTRA extra sbatch options for every job (e.g. "--partition=cpu --account=lab")
#
# Failed tasks: each array task records ok/failed with its exit code under $SPAR_OUT/.slurm/; the merge job lists the
# failed or missing ones and prints the resubmit command. A resubmitted generate task resumes: the scenes that task
# already committed are skipped, so nothing is generated twice.
set -euo pipefail
# Slurm runs a copy of the batch script from its spool folder: the jobs use the path recorded at submit time.
self=${SPAR_EXAMPLE:-"$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/$(basename "${BASH_SOURCE[0]}")"}
stage=${1:-}
SHARDS=${SHARDS:-16}
state() { echo "$SPAR_OUT/.slurm"; }
# The CPUs Slurm granted this task (set with --cpus-per-task), else what the task may run on.
threads() { echo "${SLURM_CPUS_PER_TASK:-$(nproc)}"; }

record() { # STAGE RC: this array task's outcome, for the summary
  mkdir -p "$(state)/$1"
  if [ "$2" -eq 0 ]; then echo ok >"$(state)/$1/$SLURM_ARRAY_TASK_ID"; else echo "failed rc=$2 job=${SLURM_ARRAY_JOB_ID}_${SLURM_ARRAY_TASK_ID}" >"$(state)/$1/$SLURM_ARRAY_TASK_ID"; fi
}

summary() { # STAGE: failed and missing tasks of 1..SHARDS; returns 1 when any
  local bad=() t s
  for t in $(seq 1 "$SHARDS"); do
    s=$(cat "$(state)/$1/$t" 2>/dev/null || echo "missing (never ran, cancelled, timed out or killed)")
    if [ "$s" != ok ]; then bad+=("$t"); echo "  $1 task $t: $s" >&2; fi
  done
  if [ ${#bad[@]} -gt 0 ]; then
    local list; list=$(IFS=,; echo "${bad[*]}")
    echo "$1: ${#bad[@]} of $SHARDS array tasks did not succeed. Logs: slurm-<jobid>_<task>.out. Resubmit exactly those with" >&2
    echo "  SPAR=$SPAR SPAR_SCENES=$SPAR_SCENES SPAR_OUT=$SPAR_OUT SHARDS=$SHARDS ${SPAR_SCANS:+SPAR_SCANS=$SPAR_SCANS }RESUBMIT=$list $self submit-$1" >&2
    return 1
  fi
  echo "$1: all $SHARDS array tasks succeeded" >&2
}

case "$stage" in
  import) # array task K of SHARDS: spar's own shard K of the scans (the assignment generate uses; sizes within one)
    rc=0
    "$SPAR" import scannet "$SPAR_SCANS" --out "$SPAR_SCENES" \
      --shard "${SLURM_ARRAY_TASK_ID}/${SHARDS}" --threads "$(threads)" || rc=$?
    record import $rc; exit $rc ;;
  generate)
    rc=0
    "$SPAR" generate --scenes "$SPAR_SCENES" --out "$SPAR_OUT" \
      --seed "${SPAR_SEED:-0}" --per-scene "${SPAR_PER_SCENE:-20}" \
      --shard "${SLURM_ARRAY_TASK_ID}/${SHARDS}" --threads "$(threads)" || rc=$?
    record generate $rc; exit $rc ;;
  merge) # runs after every generate task ended (afterany), so it can name the failed ones
    ok=0
    if [ -n "${SPAR_SCANS:-}" ]; then summary import || ok=1; fi
    summary generate || ok=1
    if [ $ok -ne 0 ]; then echo "merge skipped: merging an incomplete set of shards would lose their records" >&2; exit 1; fi
    exec "$SPAR" merge "$SPAR_OUT" --out "$SPAR_OUT" ;;
  submit|submit-import|submit-generate)
    : "${SPAR_OUT:?set SPAR_OUT to the shared output folder}"
    if [ -n "${SPAR_SCANS:-}" ]; then SPAR_SCENES=${SPAR_SCENES:-$(dirname "$SPAR_OUT")/spar-scenes}; fi
    : "${SPAR_SCENES:?set SPAR_SCENES to the scene folders (or SPAR_SCANS to import ScanNet first)}"
    SPAR=${SPAR:-$(command -v spar || true)}
    [ -n "$SPAR" ] && [ -x "$SPAR" ] || { echo "spar not found: set SPAR to the spar executable's absolute path" >&2; exit 2; }
    if [ -z "${SPAR_CPUS:-}" ]; then
      # Asking for more CPUs than any node has leaves the tasks pending forever with no error (a fixed 8 did on
      # smaller nodes); take the smallest node's count. SBATCH_EXTRA's --partition is not consulted: set SPAR_CPUS.
      SPAR_CPUS=$(sinfo -h -o '%c' | tr -d '+' | sort -n | head -1)
      [[ "$SPAR_CPUS" =~ ^[1-9][0-9]*$ ]] || { echo "could not read the nodes' CPU count from sinfo: set SPAR_CPUS" >&2; exit 2; }
    fi
    export SPAR_EXAMPLE="$self" SPAR SPAR_SCENES SPAR_OUT SHARDS SPAR_SCANS="${SPAR_SCANS:-}" SPAR_SEED="${SPAR_SEED:-0}" SPAR_PER_SCENE="${SPAR_PER_SCENE:-20}"
    mkdir -p "$SPAR_OUT" "$SPAR_SCENES"
    array=${RESUBMIT:-1-$SHARDS}
    common=(--parsable --export=ALL --cpus-per-task="$SPAR_CPUS" --mem="${SPAR_MEM:-4G}" --time="${SPAR_TIME:-04:00:00}")
    # shellcheck disable=SC2206
    extra=(${SBATCH_EXTRA:-})
    dep=()
    if [ -n "$SPAR_SCANS" ] && [ "$stage" != submit-generate ]; then
      imp=$(sbatch "${common[@]}" "${extra[@]}" --job-name=spar-import --array="$array" "$self" import)
      echo "import:   job $imp (array $array)"
      dep=(--dependency=afterok:$imp)
      [ "$stage" = submit-import ] && array=1-$SHARDS # every generate shard may gain scenes from a re-imported scan
    fi
    gen=$(sbatch "${common[@]}" "${extra[@]}" "${dep[@]}" --kill-on-invalid-dep=yes --job-name=spar-generate --array="$array" "$self" generate)
    echo "generate: job $gen (array $array)"
    mrg=$(sbatch --parsable --export=ALL "${extra[@]}" --job-name=spar-merge --dependency=afterany:$gen "$self" merge)
    echo "merge:    job $mrg (after every generate task; prints failed tasks and the resubmit command in slurm-$mrg.out)"
    ;;
  *) sed -n '2,25p' "$self" | sed 's/^# \{0,1\}//' >&2; exit 2 ;;
esac
