#!/usr/bin/env bash
# Server CPU during one conversion: the server process's own user+system CPU (ffmpeg, a child, excluded) from the
# add to `available`, for the first conversion after a start and a second one. Polls once a second (curl's cost
# is the client's, not the server's, but the server answers each poll: 1 request/s).
#   PUB=folder (skip the publish)   EXTRA_PUBLISH="-p:…"   SECONDS_CLIP=30
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/.." && pwd)"
CLIP=${SECONDS_CLIP:-30}
TOKEN=bench-token-0123456789
work="$(mktemp -d /tmp/plexqueue-convcpu.XXXXXX)"
server_pid=""
log() { echo "[$(date -u +%H:%M:%S)] $*" >&2; }
cleanup() { [[ -n "$server_pid" ]] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null || true; [[ -n "${KEEP:-}" ]] && echo "kept $work" >&2 || rm -rf "$work"; }
trap cleanup EXIT

pub=${PUB:-}
if [[ -z "$pub" ]]; then
    pub="$work/pub"
    log "docker/build.sh publish"
    "$repo/docker/build.sh" publish "$pub" >/dev/null
fi
mkdir -p "$work/movies"
ffmpeg -hide_banner -loglevel error -y -f lavfi -i "testsrc2=size=1280x720:rate=30:duration=$CLIP" \
    -f lavfi -i "sine=frequency=440:duration=$CLIP" -c:v libx264 -preset ultrafast -pix_fmt yuv420p -c:a aac -shortest \
    "$work/movies/Clip (2020).mp4"
PORT=$(python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])')
S="http://127.0.0.1:$PORT"
api() { curl -sS --max-time 30 -X "$1" -H "X-Plex-Token: $TOKEN" -H "X-Plex-Client-Identifier: ${3:-cpu}" -H "Accept: application/json" "$S$2"; }
(cd "$pub" && exec env Server__DataPath="$work/data" Auth__Users__0__Name=bench Auth__Users__0__Token="$TOKEN" \
    Library__Sections__0__Title=Movies Library__Sections__0__Type=movie Library__Sections__0__Path="$work/movies" \
    Transcoder__Preset=ultrafast Logging__LogLevel__Default=Warning ${ENVX:-} dotnet PlexQueueServer.dll --urls "$S" >"$work/server.log" 2>&1) &
server_pid=$!
key=""
for _ in $(seq 1 120); do
    key=$(api GET /library/sections/1/all 2>/dev/null | jq -r '.MediaContainer.Metadata[0]?.ratingKey // empty' 2>/dev/null || true)
    [[ -n "$key" ]] && break; sleep 0.5
done
[[ -n "$key" ]] || { cat "$work/server.log"; log "library never listed the clip"; exit 1; }
pid=$(pgrep -P "$server_pid" -x dotnet || echo "$server_pid")
cpu() { awk '{print ($14 + $15) * 10}' "/proc/$pid/stat"; } # ms (USER_HZ 100)
sleep 2
for run in first second; do
    res=$([[ $run == first ]] && echo 640x360 || echo 480x270) # a different output: no reuse of the first
    c0=$(cpu); t0=$(date +%s%3N)
    q=$(api POST /downloadQueue "" "$run" | jq -r '.MediaContainer.DownloadQueue[0].id')
    id=$(api POST "/downloadQueue/$q/add?keys=/library/metadata/$key&directPlay=0&directStream=0&videoResolution=$res" "" "$run" | jq -r '.MediaContainer.AddedQueueItems[0].id')
    for _ in $(seq 1 600); do
        st=$(api GET "/downloadQueue/$q/items/$id" "" "$run" | jq -r '.MediaContainer.DownloadQueueItem[0].status')
        [[ $st == available || $st == error ]] && break; sleep 1
    done
    c1=$(cpu); t1=$(date +%s%3N)
    echo "$run conversion ($CLIP s clip, 720p → $res, $st): server CPU $((c1 - c0)) ms over $((t1 - t0)) ms wall"
done
