#!/usr/bin/env bash
# Downloads against nginx (sendfile on, 1 worker) on the same ≥ 500 MB file, builds compared interleaved: for each
# round, for each build and nginx: 1 client, then 8 at once (curl to /dev/null, page cache warm). Reports MB/s and
# the serving process's CPU per GB served (user + system, from /proc; the server process or the nginx worker).
#   bench/downloads.sh label=published-folder [label=folder …]     ROUNDS=3
set -euo pipefail
ROUNDS=${ROUNDS:-3}
TOKEN=bench-token-0123456789
work="$(mktemp -d /tmp/plexqueue-dl.XXXXXX)"
chmod 755 "$work"
server_pid="" nginx_pid=""
log() { echo "[$(date -u +%H:%M:%S)] $*" >&2; }
cleanup() {
    [[ -n "$server_pid" ]] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null || true
    [[ -n "$nginx_pid" ]] && kill "$nginx_pid" 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT
(($#)) || { echo "usage: $0 label=published-folder …" >&2; exit 2; }
NGINX=$(command -v nginx || echo /usr/sbin/nginx)
movies="$work/movies"; mkdir -p "$movies"
log "generating a ≥ 500 MB h264/aac mp4 (lossless 1080p clip, looped with -c copy)"
ffmpeg -hide_banner -loglevel error -y -f lavfi -i testsrc2=size=1920x1080:rate=30:duration=10 -f lavfi -i sine=duration=10 \
    -c:v libx264 -preset ultrafast -qp 0 -pix_fmt yuv420p -c:a aac -shortest "$work/clip.mp4"
loops=$(( (500000000 + $(stat -c %s "$work/clip.mp4") - 1) / $(stat -c %s "$work/clip.mp4") - 1 ))
ffmpeg -hide_banner -loglevel error -y -stream_loop "$loops" -i "$work/clip.mp4" -c copy -movflags +faststart "$movies/Big (2021).mp4"
bytes=$(stat -c %s "$movies/Big (2021).mp4"); rm "$work/clip.mp4"
log "file: $bytes bytes"
free_port() { python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])'; }
PORT=$(free_port); NPORT=$(free_port)
S="http://127.0.0.1:$PORT"
api() { curl -sS --max-time 30 -X "$1" -H "X-Plex-Token: $TOKEN" -H "X-Plex-Client-Identifier: dl" -H "Accept: application/json" "$S$2"; }
cpu_ms() { awk '{print ($14 + $15) * 10}' "/proc/$1/stat"; }
now_ms() { date +%s%3N; }
start_server() { # pub data
    (cd "$1" && exec env Server__DataPath="$2" Auth__Users__0__Name=bench Auth__Users__0__Token="$TOKEN" \
        Library__Sections__0__Title=Movies Library__Sections__0__Type=movie Library__Sections__0__Path="$movies" \
        Logging__LogLevel__Default=Warning ${SERVER_ENV:-} dotnet PlexQueueServer.dll --urls "$S" >>"$work/server.log" 2>&1) &
    server_pid=$!
    for _ in $(seq 1 1500); do
        [[ $(curl -s -o /dev/null --max-time 1 -w '%{http_code}' "$S/identity" 2>/dev/null) == 200 ]] && return 0
        kill -0 "$server_pid" 2>/dev/null || { cat "$work/server.log" >&2; return 1; }
        sleep 0.02
    done
    return 1
}
stop_server() { kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; server_pid=""; }
server_proc() { pgrep -P "$server_pid" -x dotnet || echo "$server_pid"; }

cat >"$work/nginx.conf" <<EOF
daemon off; worker_processes 1; pid $work/nginx.pid; error_log $work/nginx-error.log;
events { worker_connections 256; }
http { access_log off; sendfile on; tcp_nopush on; types { video/mp4 mp4; }
  client_body_temp_path $work; proxy_temp_path $work; fastcgi_temp_path $work; uwsgi_temp_path $work; scgi_temp_path $work;
  server { listen 127.0.0.1:$NPORT; root $movies; } }
EOF
"$NGINX" -c "$work/nginx.conf" -p "$work" & nginx_pid=$!
for _ in $(seq 1 100); do curl -s -o /dev/null "http://127.0.0.1:$NPORT/" && break; sleep 0.1; done
nginx_worker=$(pgrep -P "$nginx_pid" | head -1)

one() { curl -s -o /dev/null --max-time 300 -w '%{size_download}' "$1"; }
measure() { # url pid clients → "MB/s CPU-ms-per-GB"
    local t0 c0 total=0 pids=() k
    c0=$(cpu_ms "$2"); t0=$(now_ms)
    for k in $(seq 1 "$3"); do one "$1" >"$work/dl.$k" & pids+=($!); done
    wait "${pids[@]}"
    local t1 c1; t1=$(now_ms); c1=$(cpu_ms "$2")
    for k in $(seq 1 "$3"); do total=$((total + $(cat "$work/dl.$k"))); done
    ((total == bytes * $3)) || log "short download: $total of $((bytes * $3))"
    awk -v b="$total" -v ms=$((t1 - t0)) -v c=$((c1 - c0)) 'BEGIN{printf "%.0f %.0f", b/1e6/(ms/1000), c/(b/1e9)}'
}
declare -A PUB URL
labels=()
for arg in "$@"; do
    label=${arg%%=*}; labels+=("$label"); PUB[$label]=${arg#*=}
    start_server "${PUB[$label]}" "$work/data-$label"
    key=""
    for _ in $(seq 1 300); do
        key=$(api GET /library/sections/1/all 2>/dev/null | jq -r '.MediaContainer.Metadata[0]?.ratingKey // empty' 2>/dev/null || true)
        [[ -n "$key" ]] && break; sleep 0.2
    done
    q=$(api POST /downloadQueue | jq -r '.MediaContainer.DownloadQueue[0].id')
    id=$(api POST "/downloadQueue/$q/add?keys=/library/metadata/$key&directPlay=1" | jq -r '.MediaContainer.AddedQueueItems[0].id')
    for _ in $(seq 1 100); do
        [[ $(api GET "/downloadQueue/$q/items/$id" | jq -r '.MediaContainer.DownloadQueueItem[0].status') == available ]] && break; sleep 0.2
    done
    URL[$label]="$S/downloadQueue/$q/item/$id/media?X-Plex-Token=$TOKEN"
    stop_server
done
ngx_url="http://127.0.0.1:$NPORT/Big%20(2021).mp4"
one "$ngx_url" >/dev/null # page cache warm
for round in $(seq 1 "$ROUNDS"); do
    for label in "${labels[@]}"; do
        start_server "${PUB[$label]}" "$work/data-$label"; pid=$(server_proc)
        one "${URL[$label]}" >/dev/null # warm-up (JIT)
        echo "round $round $label | 1 client: MB/s, CPU ms/GB: $(measure "${URL[$label]}" "$pid" 1) | 8 clients: $(measure "${URL[$label]}" "$pid" 8)"
        stop_server
        echo "round $round nginx | 1 client: MB/s, CPU ms/GB: $(measure "$ngx_url" "$nginx_worker" 1) | 8 clients: $(measure "$ngx_url" "$nginx_worker" 8)"
    done
done
