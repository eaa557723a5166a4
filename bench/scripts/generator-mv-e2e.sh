#!/usr/bin/env bash
# End-to-end timing of `spar generate` for the mv types only (issue 5); see generator-e2e.sh for what is measured.
# Usage: bench/scripts/generator-mv-e2e.sh [SCENES=12] [FRAMES=100] [PER_SCENE=40] [WORKDIR=/tmp/spar-bench-gen] [THREADS="1 2"] [RUNS=3]
exec "$(dirname "$0")/generator-e2e.sh" "${1:-12}" "${2:-100}" "${3:-40}" "${4:-/tmp/spar-bench-gen}" "${5:-1 2}" "${6:-3}" mv
