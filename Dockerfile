# spar in a container: a self-contained linux build on a small Debian runtime image with libjpeg-turbo.
#   podman build -t spar .          (or docker build; from the repository root)
#   podman run --rm -v "$PWD/data:/data" spar demo --out /data/demo-out
# Both base images are arguments. The defaults are the public ones; on a machine that reaches no container registry,
# bench/scripts/container.sh builds local equivalents from Debian's packages and passes them in (docs/install.md).
ARG SDK_IMAGE=mcr.microsoft.com/dotnet/sdk:10.0
ARG BASE_IMAGE=debian:bookworm-slim

FROM ${SDK_IMAGE} AS build
# TARGETARCH is set by buildx / podman for the platform being built (amd64 or arm64).
ARG TARGETARCH=amd64
WORKDIR /src
# Restore first, from the project files alone, so a source edit does not re-download packages.
COPY global.json Directory.Build.props Directory.Packages.props README.md LICENSE ./
COPY src/Spar/Spar.csproj src/Spar/
COPY src/Spar.Cli/Spar.Cli.csproj src/Spar.Cli/
RUN rid=linux-$([ "$TARGETARCH" = arm64 ] && echo arm64 || echo x64) \
 && dotnet restore src/Spar.Cli -r "$rid" -p:SelfContained=true
COPY src/ src/
# Self-contained: the runtime image needs no .NET install. Skia's natives come from SkiaSharp.NativeAssets.Linux.
RUN rid=linux-$([ "$TARGETARCH" = arm64 ] && echo arm64 || echo x64) \
 && dotnet publish src/Spar.Cli -c Release -r "$rid" --self-contained true --no-restore -o /out \
 && rm -f /out/*.pdb

FROM ${BASE_IMAGE}
# libturbojpeg0: PIL-exact, faster JPEG (spar finds it at run time); libssl3: .NET's hashing uses OpenSSL.
RUN apt-get update \
 && apt-get install -y --no-install-recommends libturbojpeg0 libssl3 \
 && rm -rf /var/lib/apt/lists/*
COPY --from=build /out /opt/spar
RUN ln -s /opt/spar/Spar.Cli /usr/local/bin/spar
ENV DOTNET_CLI_TELEMETRY_OPTOUT=1
WORKDIR /data
ENTRYPOINT ["spar"]
CMD ["--help"]
