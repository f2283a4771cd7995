#!/usr/bin/env bash
# Start-up benchmark: process start → first 200 from GET /identity, with a 10,000-item database.
# Publishes exactly like the Docker image (docker/build.sh publish), seeds one queue of 10,000 items through the
# API (keys that name nothing, as bench/run.sh row 4 does), then starts the server RUNS times and prints the median.
#   RUNS=7   PUB=folder (skip the publish, time an existing build)   EXTRA_PUBLISH="-p:…" (passed to dotnet publish)
#   SERVER_ENV="DOTNET_x=y …" (added to the server's environment). Also prints the process's CPU time (user + system)
#   up to that first answer, which other tenants of the machine inflate far less than the wall time.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/.." && pwd)"
RUNS=${RUNS:-7}
TOKEN=bench-token-0123456789
work="$(mktemp -d /tmp/plexqueue-startup.XXXXXX)"
server_pid=""
log() { echo "[$(date -u +%H:%M:%S)] $*" >&2; }
cleanup() {
    [[ -n "$server_pid" ]] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null || true
    [[ -n "${KEEP:-}" ]] && echo "kept $work" >&2 || rm -rf "$work"
}
trap cleanup EXIT

pub=${PUB:-}
if [[ -z "$pub" ]]; then
    pub="$work/pub"
    log "docker/build.sh publish ${EXTRA_PUBLISH:-}"
    if [[ -n "${EXTRA_PUBLISH:-}" ]]; then
        dotnet publish "$repo/src/PlexQueueServer" -c Release -o "$pub" -p:UseAppHost=false ${EXTRA_PUBLISH} -v q -nologo >/dev/null
    else
        "$repo/docker/build.sh" publish "$pub" >/dev/null
    fi
fi
PORT=$(python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])')
S="http://127.0.0.1:$PORT"
now_ms() { date +%s%3N; }
api() { curl -sS --max-time 30 -X "$1" -H "X-Plex-Token: $TOKEN" -H "X-Plex-Client-Identifier: startup" -H "Accept: application/json" "$S$2"; }

start_server() { # data-folder → STARTUP_MS
    local t0; t0=$(now_ms)
    (cd "$pub" && exec env Server__DataPath="$1" Auth__Users__0__Name=bench Auth__Users__0__Token="$TOKEN" \
        Queue__MaxItemsPerQueue=10000 Logging__LogLevel__Default=Warning ${SERVER_ENV:-} \
        dotnet PlexQueueServer.dll --urls "$S" >>"$work/server.log" 2>&1) &
    server_pid=$!
    for _ in $(seq 1 3000); do
        if [[ $(curl -s -o /dev/null --max-time 1 -w '%{http_code}' "$S/identity" 2>/dev/null) == 200 ]]; then
            STARTUP_MS=$(( $(now_ms) - t0 ))
            STARTUP_CPU_MS=$(awk '{print ($14 + $15) * 10}' "/proc/$server_pid/stat" 2>/dev/null || echo 0); return 0
        fi
        kill -0 "$server_pid" 2>/dev/null || { cat "$work/server.log" >&2; return 1; }
        sleep 0.005
    done
    log "no /identity within 15 s"; return 1
}
stop_server() { kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; server_pid=""; }

log "seeding 10,000 items"
start_server "$work/data"
q=$(api POST /downloadQueue | jq -r '.MediaContainer.DownloadQueue[0].id')
for b in $(seq 0 250 9750); do
    keys=$(seq $((2000000 + b)) $((2000000 + b + 249)) | sed 's|^|/library/metadata/|' | paste -sd,)
    api POST "/downloadQueue/$q/add?keys=$keys" >/dev/null
done
n=$(api GET "/downloadQueue/$q" | jq -r '.MediaContainer.DownloadQueue[0].itemCount // empty')
log "queue $q holds ${n:-?} items"
sleep 2 # let the decider settle them (they end in error)
stop_server

times=() cpus=()
for i in $(seq 1 "$RUNS"); do
    start_server "$work/data"; times+=("$STARTUP_MS"); cpus+=("$STARTUP_CPU_MS"); stop_server
done
printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {m=(NR%2)?a[(NR+1)/2]:(a[NR/2]+a[NR/2+1])/2;
    printf "start-up → /identity 200, 10,000-item database: median %d ms (min %d, max %d, %d runs)\n", m, a[1], a[NR], NR}'
echo "runs (ms): ${times[*]}"
echo "CPU up to the first answer (ms): ${cpus[*]}"
