#!/usr/bin/env bash
# Generate SPAR-style QA for a large scene collection as a Slurm job array: one array task per shard, all writing into
# one shared output folder; a dependent job merges them. Submit with:
#   jobid=$(sbatch --parsable docs/examples/slurm-generate.sh)
#   sbatch --dependency=afterok:$jobid --wrap "spar merge /shared/spar-out --out /shared/spar-out"
#SBATCH --job-name=spar-generate
#SBATCH --array=1-16
#SBATCH --cpus-per-task=8
#SBATCH --mem=4G
#SBATCH --time=04:00:00
set -euo pipefail
SHARDS=16
spar generate \
  --scenes /shared/scenes/scannet/images \
  --out /shared/spar-out \
  --seed 0 --per-scene 20 \
  --shard "${SLURM_ARRAY_TASK_ID}/${SHARDS}" \
  --threads "${SLURM_CPUS_PER_TASK}"
# A re-submitted array task skips the scenes it already committed (resume), so failed tasks can simply be re-run.
