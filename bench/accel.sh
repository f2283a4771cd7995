#!/usr/bin/env bash
# Media:AccelRedirect end to end: nginx in front (docker/nginx-accel.conf's locations, paths of this temp folder), the
# server checks and answers X-Accel-Redirect, nginx sends with sendfile. Checks the headers a client sees and a Range,
# then 1 and 8 clients through the pair against nginx serving the file directly.     PUB=published-folder  ROUNDS=3
set -euo pipefail
ROUNDS=${ROUNDS:-3}
TOKEN=bench-token-0123456789
work="$(mktemp -d /tmp/plexqueue-accel.XXXXXX)"
chmod 755 "$work"
server_pid="" nginx_pid=""
log() { echo "[$(date -u +%H:%M:%S)] $*" >&2; }
cleanup() {
    [[ -n "$server_pid" ]] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null || true
    [[ -n "$nginx_pid" ]] && kill "$nginx_pid" 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT
pub=${PUB:?PUB=published folder}
NGINX=$(command -v nginx || echo /usr/sbin/nginx)
movies="$work/movies"; mkdir -p "$movies"
ffmpeg -hide_banner -loglevel error -y -f lavfi -i testsrc2=size=1920x1080:rate=30:duration=10 -f lavfi -i sine=duration=10 \
    -c:v libx264 -preset ultrafast -qp 0 -pix_fmt yuv420p -c:a aac -shortest "$work/clip.mp4"
loops=$(( (500000000 + $(stat -c %s "$work/clip.mp4") - 1) / $(stat -c %s "$work/clip.mp4") - 1 ))
ffmpeg -hide_banner -loglevel error -y -stream_loop "$loops" -i "$work/clip.mp4" -c copy -movflags +faststart "$movies/Big (2021).mp4"
rm "$work/clip.mp4"; bytes=$(stat -c %s "$movies/Big (2021).mp4")
free_port() { python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])'; }
PORT=$(free_port); NPORT=$(free_port)
S="http://127.0.0.1:$PORT" N="http://127.0.0.1:$NPORT"
(cd "$pub" && exec env Server__DataPath="$work/data" Auth__Users__0__Name=bench Auth__Users__0__Token="$TOKEN" \
    Library__Sections__0__Title=Movies Library__Sections__0__Type=movie Library__Sections__0__Path="$movies" \
    Media__AccelRedirect=/internal-media Logging__LogLevel__Default=Warning dotnet PlexQueueServer.dll --urls "$S" >"$work/server.log" 2>&1) &
server_pid=$!
cat >"$work/nginx.conf" <<EOF
daemon off; worker_processes 1; pid $work/nginx.pid; error_log $work/nginx-error.log;
events { worker_connections 256; }
http { access_log off; sendfile on; tcp_nopush on; types { video/mp4 mp4; }
  client_body_temp_path $work; proxy_temp_path $work; fastcgi_temp_path $work; uwsgi_temp_path $work; scgi_temp_path $work;
  upstream plexqueue { server 127.0.0.1:$PORT; keepalive 16; }
  server { listen 127.0.0.1:$NPORT;
    location / { proxy_pass http://plexqueue; proxy_http_version 1.1; proxy_set_header Connection ""; proxy_buffering off; }
    location /direct/ { alias $movies/; }
    location /internal-media/cache/ { internal; alias $work/data/cache/; }
    location /internal-media/library/0/ { internal; alias $movies/; } } }
EOF
"$NGINX" -c "$work/nginx.conf" -p "$work" & nginx_pid=$!
api() { curl -sS --max-time 30 -X "$1" -H "X-Plex-Token: $TOKEN" -H "X-Plex-Client-Identifier: accel" -H "Accept: application/json" "$N$2"; }
key=""
for _ in $(seq 1 300); do
    key=$(api GET /library/sections/1/all 2>/dev/null | jq -r '.MediaContainer.Metadata[0]?.ratingKey // empty' 2>/dev/null || true)
    [[ -n "$key" ]] && break; sleep 0.2
done
q=$(api POST /downloadQueue | jq -r '.MediaContainer.DownloadQueue[0].id')
id=$(api POST "/downloadQueue/$q/add?keys=/library/metadata/$key&directPlay=1" | jq -r '.MediaContainer.AddedQueueItems[0].id')
sleep 1
url="$N/downloadQueue/$q/item/$id/media?X-Plex-Token=$TOKEN"
echo "--- headers through nginx (GET, then Range 0-99, then no token, then the internal location asked directly):"
curl -s -o /dev/null -D - "$url" | grep -iE '^(HTTP|content-(type|length|disposition)|x-accel|accept-ranges)'
curl -s -o /dev/null -D - -H "Range: bytes=0-99" "$url" | grep -iE '^(HTTP|content-(length|range))'
curl -s -o /dev/null -w 'no token: %{http_code}\n' "$N/downloadQueue/$q/item/$id/media"
curl -s -o /dev/null -w 'internal location asked directly: %{http_code}\n' "$N/internal-media/library/0/Big%20(2021).mp4"
cpu_ms() { awk '{print ($14 + $15) * 10}' "/proc/$1/stat"; }
now_ms() { date +%s%3N; }
worker=$(pgrep -P "$nginx_pid" | head -1); spid=$(pgrep -P "$server_pid" -x dotnet || echo "$server_pid")
measure() { # url clients → "MB/s server-CPU-ms/GB nginx-CPU-ms/GB"
    local t0 s0 n0 total=0 pids=() k
    s0=$(cpu_ms "$spid"); n0=$(cpu_ms "$worker"); t0=$(now_ms)
    for k in $(seq 1 "$2"); do curl -s -o /dev/null --max-time 300 -w '%{size_download}' "$1" >"$work/dl.$k" & pids+=($!); done
    wait "${pids[@]}"
    local ms=$(( $(now_ms) - t0 )) s=$(( $(cpu_ms "$spid") - s0 )) n=$(( $(cpu_ms "$worker") - n0 ))
    for k in $(seq 1 "$2"); do total=$((total + $(cat "$work/dl.$k"))); done
    ((total == bytes * $2)) || log "short download: $total of $((bytes * $2))"
    awk -v b="$total" -v ms="$ms" -v s="$s" -v n="$n" 'BEGIN{printf "%.0f MB/s, CPU ms/GB server %.0f nginx %.0f", b/1e6/(ms/1000), s/(b/1e9), n/(b/1e9)}'
}
measure "$N/direct/Big%20(2021).mp4" 1 >/dev/null
for round in $(seq 1 "$ROUNDS"); do
    echo "round $round accel  | 1 client: $(measure "$url" 1) | 8 clients: $(measure "$url" 8)"
    echo "round $round nginx  | 1 client: $(measure "$N/direct/Big%20(2021).mp4" 1) | 8 clients: $(measure "$N/direct/Big%20(2021).mp4" 8)"
done
