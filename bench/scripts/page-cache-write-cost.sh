#!/usr/bin/env bash
# What writing SIZE_MB of new file data into the page cache costs the kernel on this machine, by itself: dd from
# /dev/zero (no user-space work) ROUNDS times into a fresh file under DIR, each with /usr/bin/time (wall, system
# seconds). `import spar7m` writes ~8 bytes of jsonl per parquet byte, and on a VM whose balloon reports free pages
# back to the host (virtio_balloon free page reporting, checked below) a page cache page that was given back must be
# faulted in again on the host the first time it is written: the same dd then takes from a few tenths to several
# seconds of system time, depending on how much recently freed memory the guest still holds.
# Usage: bash bench/scripts/page-cache-write-cost.sh [SIZE_MB=2600] [ROUNDS=4] [DIR=/tmp]
set -euo pipefail
size="${1:-2600}"; rounds="${2:-4}"; dir="${3:-/tmp}"
f="$(mktemp -p "$dir" page-cache-write.XXXXXX)"
trap 'rm -f "$f"' EXIT
for d in /sys/bus/virtio/devices/*; do
  [ "$(readlink -f "$d/driver" 2>/dev/null | xargs -r basename)" = virtio_balloon ] || continue
  bits="$(cat "$d/features")"   # one character per feature bit, bit 0 first; bit 5 = VIRTIO_BALLOON_F_REPORTING
  echo "virtio_balloon: free page reporting $([ "${bits:5:1}" = 1 ] && echo on || echo off)"
done
echo "load: $(cut -d' ' -f1-3 /proc/loadavg)"
for i in $(seq 1 "$rounds"); do
  rm -f "$f"
  /usr/bin/time -f "dd ${size} MB: %e s wall, %S s system" dd if=/dev/zero of="$f" bs=1M count="$size" status=none
done
