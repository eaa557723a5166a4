#!/usr/bin/env bash
# Builds spar's container image from the repository's Dockerfile with podman and runs its demo.
# Usage: bench/scripts/container.sh [WORK=/tmp/spar-container] [SCENES=3] [TAG=localhost/spar:0.1.0]
#
# This machine reaches Debian's archive and package registries but no container registry, so neither default base
# image of the Dockerfile (the .NET SDK image, debian:bookworm-slim) can be pulled. The script builds both locally and
# passes them in as build arguments:
#   localhost/spar-base:bookworm  debootstrap --variant=minbase bookworm, imported with `podman import` (the same
#                                 Debian release debian:bookworm-slim is cut from)
#   localhost/spar-sdk:10.0       that base plus this machine's installed .NET SDK (copied from `dotnet`'s folder)
#                                 and this machine's CA bundle (for the restore's https)
# Where a registry is reachable, `podman build -t spar .` (or docker) with the defaults does the same.
# The image is then run with no network: `spar --version`, and `spar demo` into a mounted folder, whose SPAR-7M tree
# is compared with the same demo run by the checkout build on the host (same scenes and seed, one thread).
set -euo pipefail
here="$(cd "$(dirname "$0")/../.." && pwd)"
work=${1:-/tmp/spar-container}
scenes=${2:-3}
tag=${3:-localhost/spar:0.1.0}
mkdir -p "$work"; work="$(cd "$work" && pwd)"
now() { date +%s.%N; }
secs() { printf '%.1f' "$(echo "$2 - $1" | bc)"; }
need=()
command -v podman >/dev/null || need+=(podman)
command -v debootstrap >/dev/null || need+=(debootstrap)
command -v runc >/dev/null || need+=(runc)
if [ ${#need[@]} -gt 0 ]; then apt-get install -y -qq "${need[@]}" >&2; fi
# This machine's sandbox lacks CAP_SYS_RESOURCE and has a hybrid cgroup hierarchy: podman's default rlimits (nofile
# and nproc raised to 1M) are refused ("setrlimit: Operation not permitted") and crun rejects hybrid cgroups. So the
# containers get the shell's own open-files limit and a process limit under its own, and run under runc. Elsewhere
# these settings are harmless.
nproc=$(ulimit -Hu); if [ "$nproc" = unlimited ] || [ "$nproc" -gt 32768 ]; then nproc=32768; fi
cat >"$work/containers.conf" <<EOF
[containers]
default_ulimits = ["nofile=$(ulimit -Hn):$(ulimit -Hn)", "nproc=$nproc:$nproc"]
[engine]
runtime = "runc"
EOF
export CONTAINERS_CONF="$work/containers.conf"

if ! podman image exists localhost/spar-base:bookworm; then
  t0=$(now)
  rm -rf "$work/rootfs"
  # ca-certificates + libssl3: the SDK stage restores packages over https.
  debootstrap --variant=minbase --include=ca-certificates,libssl3 bookworm "$work/rootfs" http://deb.debian.org/debian \
    >"$work/debootstrap.log" 2>&1 || { tail -20 "$work/debootstrap.log" >&2; exit 1; }
  rm -rf "$work/rootfs"/var/cache/apt/archives/*.deb "$work/rootfs"/var/lib/apt/lists/*
  tar -C "$work/rootfs" -c . | podman import --change 'CMD ["/bin/bash"]' - localhost/spar-base:bookworm >/dev/null
  rm -rf "$work/rootfs"
  echo "base image localhost/spar-base:bookworm (debootstrap minbase + podman import): $(secs "$t0" "$(now)") s" >&2
fi
if ! podman image exists localhost/spar-sdk:10.0; then
  t0=$(now)
  sdk="$(dirname "$(readlink -f "$(command -v dotnet)")")"
  rm -rf "$work/sdk"; mkdir -p "$work/sdk"
  cp -a "$sdk" "$work/sdk/dotnet"
  # The SDK stage restores from NuGet: it gets this machine's CA bundle, which holds whatever authority the machine's
  # route to the registry is signed by (Debian's ca-certificates alone may not).
  cp /etc/ssl/certs/ca-certificates.crt "$work/sdk/ca-certificates.crt"
  cat >"$work/sdk/Containerfile" <<'EOF'
FROM localhost/spar-base:bookworm
COPY dotnet /usr/share/dotnet
COPY ca-certificates.crt /etc/ssl/certs/ca-certificates.crt
RUN ln -s /usr/share/dotnet/dotnet /usr/bin/dotnet
# The base has no ICU; spar itself runs invariant too (InvariantGlobalization).
ENV DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1 DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
EOF
  podman build -q -t localhost/spar-sdk:10.0 "$work/sdk" >/dev/null
  rm -rf "$work/sdk"
  echo "SDK image localhost/spar-sdk:10.0 (base + this machine's .NET SDK $(dotnet --version)): $(secs "$t0" "$(now)") s" >&2
fi

t0=$(now)
# Host network for the build only: restore reaches NuGet and apt-get reaches Debian's archive.
flock /tmp/spar-build.lock podman build --network=host \
  --build-arg SDK_IMAGE=localhost/spar-sdk:10.0 --build-arg BASE_IMAGE=localhost/spar-base:bookworm \
  -t "$tag" -f "$here/Dockerfile" "$here" >"$work/build.log" 2>&1 || { tail -30 "$work/build.log" >&2; exit 1; }
echo "podman build $tag: $(secs "$t0" "$(now)") s; image $(podman image inspect "$tag" --format '{{.Size}}' | awk '{printf "%.0f MB", $1/1e6}')" >&2

echo "in the image: spar --version = $(podman run --rm --network=none "$tag" --version); $(podman run --rm --network=none --entrypoint /bin/sh "$tag" -c 'ls /usr/lib/*/libturbojpeg.so.0')" >&2
rm -rf "$work/data"; mkdir -p "$work/data"
t0=$(now)
podman run --rm --network=none -v "$work/data:/data" "$tag" demo --scenes "$scenes" --threads 1 --out /data/demo-out \
  >"$work/demo.log" 2>&1 || { tail -30 "$work/demo.log" >&2; exit 1; }
echo "podman run $tag demo --scenes $scenes --threads 1: $(secs "$t0" "$(now)") s; $(grep -o 'JPEG: [a-z-]*' "$work/demo.log" | head -1)" >&2

# The run records are left out: generate_manifest.json and .spar-generate/ (per-shard checkpoints) hold timings.
tree_hash() { (cd "$1" && find . -type f -not -name generate_manifest.json -not -path './.spar-generate/*' | LC_ALL=C sort | xargs sha256sum | sha256sum | cut -c1-16); }
rm -rf "$work/host"; mkdir -p "$work/host"
flock /tmp/spar-build.lock dotnet build -c Release "$here/src/Spar.Cli" -nologo -v q >/dev/null
(cd "$work/host" && "$here/spar" demo --scenes "$scenes" --threads 1 --out demo-out >demo.log 2>&1) || { tail -30 "$work/host/demo.log" >&2; exit 1; }
a=$(tree_hash "$work/data/demo-out/spar"); b=$(tree_hash "$work/host/demo-out/spar")
if [ "$a" = "$b" ]; then echo "container and host demos wrote byte-identical SPAR-7M trees ($a)" >&2
else echo "container ($a) and host ($b) SPAR-7M trees differ:" >&2; diff -rq "$work/data/demo-out/spar" "$work/host/demo-out/spar" | head >&2; exit 1; fi
