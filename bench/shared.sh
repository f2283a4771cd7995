#!/usr/bin/env bash
# Shared conversions: four clients (two accounts × two devices) add the same conversion at once; time until all four
# are available, against one client adding one conversion of another size (no reuse), interleaved ROUNDS times.
# Also counts the ffmpeg runs the server logged for the four.      PUB=published-folder  ROUNDS=3  SECONDS_CLIP=30
set -euo pipefail
ROUNDS=${ROUNDS:-3}
CLIP=${SECONDS_CLIP:-30}
TOKEN_A=bench-token-alice-0123456789 TOKEN_B=bench-token-bob-0123456789
work="$(mktemp -d /tmp/plexqueue-shared.XXXXXX)"
server_pid=""
log() { echo "[$(date -u +%H:%M:%S)] $*" >&2; }
cleanup() { [[ -n "$server_pid" ]] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
pub=${PUB:?PUB=published folder}
mkdir -p "$work/movies"
ffmpeg -hide_banner -loglevel error -y -f lavfi -i "testsrc2=size=1280x720:rate=30:duration=$CLIP" \
    -f lavfi -i "sine=frequency=440:duration=$CLIP" -c:v libx264 -preset ultrafast -pix_fmt yuv420p -c:a aac -shortest "$work/movies/Clip (2020).mp4"
PORT=$(python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])')
S="http://127.0.0.1:$PORT"
api() { curl -sS --max-time 30 -X "$1" -H "X-Plex-Token: $3" -H "X-Plex-Client-Identifier: $4" -H "Accept: application/json" "$S$2"; }
(cd "$pub" && exec env Server__DataPath="$work/data" Auth__Users__0__Name=alice Auth__Users__0__Token="$TOKEN_A" \
    Auth__Users__1__Name=bob Auth__Users__1__Token="$TOKEN_B" \
    Library__Sections__0__Title=Movies Library__Sections__0__Type=movie Library__Sections__0__Path="$work/movies" \
    Transcoder__Preset=ultrafast Logging__Console__FormatterName=simple dotnet PlexQueueServer.dll --urls "$S" >"$work/server.log" 2>&1) &
server_pid=$!
key=""
for _ in $(seq 1 200); do
    key=$(api GET /library/sections/1/all "$TOKEN_A" x 2>/dev/null | jq -r '.MediaContainer.Metadata[0]?.ratingKey // empty' 2>/dev/null || true)
    [[ -n "$key" ]] && break; sleep 0.3
done
[[ -n "$key" ]] || { cat "$work/server.log"; exit 1; }
now_ms() { date +%s%3N; }
add() { # token client resolution → "token client queue item"
    local q id
    q=$(api POST /downloadQueue "$1" "$2" | jq -r '.MediaContainer.DownloadQueue[0].id')
    id=$(api POST "/downloadQueue/$q/add?keys=/library/metadata/$key&directPlay=0&directStream=0&videoResolution=$3" "$1" "$2" | jq -r '.MediaContainer.AddedQueueItems[0].id')
    echo "$1 $2 $q $id"
}
wait_all() { # lines of "token client queue item"
    local t c q id st
    while read -r t c q id; do
        for _ in $(seq 1 1200); do
            st=$(api GET "/downloadQueue/$q/items/$id" "$t" "$c" | jq -r '.MediaContainer.DownloadQueueItem[0].status')
            [[ $st == available || $st == error ]] && break; sleep 0.2
        done
        [[ $st == available ]] || log "item $id ended $st"
    done
}
sizes=(1280x720 1024x576 960x540 854x480 768x432 640x360 512x288 426x240)
for round in $(seq 1 "$ROUNDS"); do
    one=${sizes[$(( (2 * round - 2) % 8 ))]} four=${sizes[$(( (2 * round - 1) % 8 ))]}
    t0=$(now_ms); add "$TOKEN_A" "single-$round" "$one" | wait_all; single=$(( $(now_ms) - t0 ))
    t0=$(now_ms)
    items=$( { add "$TOKEN_A" "a-phone-$round" "$four"; add "$TOKEN_A" "a-tablet-$round" "$four";
               add "$TOKEN_B" "b-phone-$round" "$four"; add "$TOKEN_B" "b-laptop-$round" "$four"; } )
    wait_all <<<"$items"; shared=$(( $(now_ms) - t0 ))
    runs=0
    while read -r t c q id; do runs=$((runs + $(grep -acE "Item $id queue .*: processing, .*ffmpeg " "$work/server.log" || true))); done <<<"$items"
    awk -v r="$round" -v a="$single" -v b="$shared" -v n="$runs" \
        'BEGIN{printf "round %d: one conversion %d ms | four clients, same conversion: all available in %d ms (ratio %.2f), ffmpeg runs %d\n", r, a, b, b/a, n}'
done
