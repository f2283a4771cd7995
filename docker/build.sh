#!/usr/bin/env bash
# The Dockerfile's build and install steps, shared with CI (docker/ci-checks.sh) so CI proves them without a Docker engine.
#   build.sh restore              restore the server project (SDK stage, cached layer)
#   build.sh publish OUT          Release publish into OUT (SDK stage)
#   build.sh runtime-deps         ffmpeg and the VA drivers ($VA_DRIVERS) from apt, lists cleaned (runtime stage)
#   build.sh smoke OUT [PORT]     start OUT/PlexQueueServer.dll on 127.0.0.1, expect /identity and /health to answer, stop it
set -euo pipefail
cd "$(dirname "$0")/.."
project=src/PlexQueueServer/PlexQueueServer.csproj
# ReadyToRun needs a runtime identifier: the machine's own (the image's stage runs on the target architecture).
case "$(uname -m)" in aarch64|arm64) rid=linux-arm64 ;; *) rid=linux-x64 ;; esac

case "${1:-}" in
  restore)
    dotnet restore "$project" -r "$rid" -p:PublishReadyToRun=true
    ;;
  publish)
    out=${2:?publish needs an output folder}
    # No apphost: the image runs `dotnet PlexQueueServer.dll`. ReadyToRun: precompiled code, so start-up and the
    # first conversion spend no time in the JIT (start-up to /identity well under a second).
    dotnet publish "$project" -c Release -o "$out" -r "$rid" --self-contained false -p:UseAppHost=false -p:PublishReadyToRun=true
    ;;
  runtime-deps)
    apt-get update
    # VAAPI/Quick Sync need a user-space driver for the GPU; the free Intel (Broadwell+) and AMD ones by default.
    # VA_DRIVERS="" builds without them; i965-va-driver covers older Intel.
    read -r -a drivers <<<"${VA_DRIVERS-intel-media-va-driver mesa-va-drivers}"
    DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends ffmpeg "${drivers[@]}"
    rm -rf /var/lib/apt/lists/*
    ffmpeg -hide_banner -version | head -1
    ;;
  smoke)
    out=${2:?smoke needs the published folder}
    port=${3:-32499}
    work=$(mktemp -d)
    # The image's environment, pointed at a scratch folder.
    Server__DataPath="$work/data" Transcoder__CachePath="$work/cache" \
      dotnet "$out/PlexQueueServer.dll" --urls "http://127.0.0.1:$port" >"$work/server.log" 2>&1 &
    pid=$!
    trap 'kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; rm -rf "$work"' EXIT
    for _ in $(seq 1 60); do
      if docker/healthcheck.sh "$port" 2>/dev/null; then break; fi
      kill -0 "$pid" 2>/dev/null || { cat "$work/server.log"; echo "smoke: the server exited" >&2; exit 1; }
      sleep 1
    done
    docker/healthcheck.sh "$port" || { cat "$work/server.log"; echo "smoke: /health never answered 200" >&2; exit 1; }
    docker/healthcheck.sh "$port" /identity || { echo "smoke: /identity did not answer 200" >&2; exit 1; }
    docker/healthcheck.sh "$port" /web/app.js || { echo "smoke: the web app's files are not in the published output" >&2; exit 1; }
    grep -q "generated admin token" "$work/server.log" || { cat "$work/server.log"; echo "smoke: no admin token logged on first run" >&2; exit 1; }
    grep -q "Swagger UI at http://127.0.0.1:$port/swagger" "$work/server.log" || { echo "smoke: no Swagger UI address logged" >&2; exit 1; }
    echo "smoke: published server answered /health, /identity and /web/app.js on 127.0.0.1:$port"
    ;;
  *)
    sed -n '2,7p' "$0" >&2
    exit 2
    ;;
esac
