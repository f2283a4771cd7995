#!/usr/bin/env bash
# GET …/items under load, builds compared interleaved: each build gets its own data folder seeded through the API
# with a 100-item and a 10,000-item queue (keys that name nothing, as bench/run.sh row 4), then ROUNDS rounds of
# (for each build: start, 2 s warm-up, wrk on both queues, stop). wrk -t2 -c16, random pages of 50, JSON.
#   bench/lists.sh label=published-folder [label=folder …]     ROUNDS=3 WRK_SECONDS=5
set -euo pipefail
ROUNDS=${ROUNDS:-3}
WRK_SECONDS=${WRK_SECONDS:-5}
TOKEN=bench-token-0123456789
work="$(mktemp -d /tmp/plexqueue-lists.XXXXXX)"
server_pid=""
log() { echo "[$(date -u +%H:%M:%S)] $*" >&2; }
cleanup() { [[ -n "$server_pid" ]] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
(($#)) || { echo "usage: $0 label=published-folder …" >&2; exit 2; }
PORT=$(python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])')
S="http://127.0.0.1:$PORT"
api() { curl -sS --max-time 30 -X "$1" -H "X-Plex-Token: $TOKEN" -H "X-Plex-Client-Identifier: $3" -H "Accept: application/json" "$S$2"; }
start_server() { # pub data
    (cd "$1" && exec env Server__DataPath="$2" Auth__Users__0__Name=bench Auth__Users__0__Token="$TOKEN" \
        Queue__MaxItemsPerQueue=10000 Logging__LogLevel__Default=Warning ${SERVER_ENV:-} dotnet PlexQueueServer.dll --urls "$S" >>"$work/server.log" 2>&1) &
    server_pid=$!
    for _ in $(seq 1 1500); do
        [[ $(curl -s -o /dev/null --max-time 1 -w '%{http_code}' -H "X-Plex-Token: $TOKEN" "$S/downloadQueue/0" 2>/dev/null) =~ ^(200|404)$ ]] && return 0
        kill -0 "$server_pid" 2>/dev/null || { cat "$work/server.log" >&2; return 1; }
        sleep 0.02
    done
    return 1
}
stop_server() { kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; server_pid=""; }
seed() { # client count → queue id
    local q n=0 keys base=3000000
    q=$(api POST /downloadQueue "" "$1" | jq -r '.MediaContainer.DownloadQueue[0].id')
    while ((n < $2)); do
        local last=$((n + 249 < $2 - 1 ? n + 249 : $2 - 1))
        keys=$(seq $((base + n)) $((base + last)) | sed 's|^|/library/metadata/|' | paste -sd,)
        api POST "/downloadQueue/$q/add?keys=$keys" "" "$1" >/dev/null
        n=$((last + 1))
    done
    echo "$q"
}
cat >"$work/page.lua" <<'EOF'
local total = tonumber(os.getenv("QUEUE_SIZE") or "0")
request = function()
  if total > 0 then wrk.headers["X-Plex-Container-Start"] = tostring(math.random(0, math.max(total - 50, 0))) end
  return wrk.format(nil)
end
EOF
wrkrun() { # url size client seconds → "p50ms p99ms rps"
    QUEUE_SIZE=$2 wrk -t2 -c16 -d"$4s" --latency -s "$work/page.lua" -H "X-Plex-Token: $TOKEN" -H "X-Plex-Client-Identifier: $3" \
        -H "Accept: application/json" -H "X-Plex-Container-Size: 50" "$1" | awk '
        function ms(v) { if (v ~ /us$/) return v/1000; if (v ~ /ms$/) return v+0; if (v ~ /s$/) return v*1000; return v }
        $1=="50%" {p50=ms($2)} $1=="99%" {p99=ms($2)} /Requests\/sec/ {rps=$2} /Non-2xx/ {bad=$NF}
        END {if (bad) print "non-2xx " bad > "/dev/stderr"; print p50, p99, rps}'
}
declare -A PUB Q100 Q10K
labels=()
for arg in "$@"; do
    label=${arg%%=*}; labels+=("$label"); PUB[$label]=${arg#*=}
    log "$label: seeding 100 + 10,000 items"
    start_server "${PUB[$label]}" "$work/data-$label"
    Q100[$label]=$(seed load-100 100); Q10K[$label]=$(seed load-10k 10000)
    for _ in $(seq 1 300); do # until the decider has settled them all (error: the keys name nothing)
        pend=$(api GET "/downloadQueue/${Q10K[$label]}/items" "" load-10k | jq '[.MediaContainer.DownloadQueueItem[]? | select(.status=="deciding")] | length' || echo 1)
        [[ "$pend" == 0 ]] && break; sleep 1
    done
    stop_server
done
for round in $(seq 1 "$ROUNDS"); do
    for label in "${labels[@]}"; do
        start_server "${PUB[$label]}" "$work/data-$label"
        wrkrun "$S/downloadQueue/${Q10K[$label]}/items" 10000 load-10k 2 >/dev/null # warm-up (JIT, EF query cache)
        r100=$(wrkrun "$S/downloadQueue/${Q100[$label]}/items" 100 load-100 "$WRK_SECONDS")
        r10k=$(wrkrun "$S/downloadQueue/${Q10K[$label]}/items" 10000 load-10k "$WRK_SECONDS")
        stop_server
        echo "round $round $label | 100 items: p50 / p99 ms, rps: $r100 | 10,000 items: $r10k"
    done
done
