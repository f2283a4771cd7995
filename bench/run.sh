#!/usr/bin/env bash
# Benchmark: one command. Builds Release, generates media with ffmpeg in a temp folder, starts the server on
# 127.0.0.1 and measures it side by side with its reference (ffmpeg alone, nginx, a trivial route, an empty
# database). Prints one table and appends it, dated, to BENCHMARKS.md. Every loop is bounded in count and time.
#   RUNS=5 (runs per row), CONV_RUNS=5 (runs of the 60 s conversion, each side), WRK_SECONDS=5 (per wrk run)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/.." && pwd)"
RUNS=${RUNS:-5}
CONV_RUNS=${CONV_RUNS:-5}
WRK_SECONDS=${WRK_SECONDS:-5}
TOKEN=bench-token-0123456789
work="$(mktemp -d /tmp/plexqueue-bench.XXXXXX)"
chmod 755 "$work" # nginx workers (nobody) read the movies folder
server_pid="" nginx_pid=""
log() { echo "[$(date -u +%H:%M:%S)] $*" >&2; }

cleanup() {
    cp "$work"/server*.log /tmp/ 2>/dev/null || true # kept for diagnosis: /tmp/server.log, /tmp/server-restart.log
    [[ -n "$server_pid" ]] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null || true
    [[ -n "$nginx_pid" ]] && kill "$nginx_pid" 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT

# ---- tools -------------------------------------------------------------------------------------------------
need=()
command -v ffmpeg >/dev/null || need+=(ffmpeg)
command -v nginx >/dev/null || [[ -x /usr/sbin/nginx ]] || need+=(nginx-light)
command -v wrk >/dev/null || need+=(wrk)
command -v jq >/dev/null || need+=(jq)
command -v curl >/dev/null || need+=(curl)
if ((${#need[@]})); then
    log "installing ${need[*]}"
    SUDO=""; [[ $(id -u) -ne 0 ]] && SUDO=sudo
    $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}" >/dev/null
fi
NGINX=$(command -v nginx || echo /usr/sbin/nginx)

# ---- build -------------------------------------------------------------------------------------------------
log "docker/build.sh publish (the image's Release build: ReadyToRun)"
"$repo/docker/build.sh" publish "$work/pub" >/dev/null
DLL="$work/pub/PlexQueueServer.dll"

# ---- media -------------------------------------------------------------------------------------------------
movies="$work/movies"; mkdir -p "$movies"
log "generating the 60 s 1080p h264/aac clip"
ffmpeg -hide_banner -loglevel error -y -f lavfi -i testsrc2=size=1920x1080:rate=30:duration=60 \
    -f lavfi -i sine=frequency=440:duration=60 -c:v libx264 -preset ultrafast -b:v 8M -pix_fmt yuv420p \
    -c:a aac -b:a 128k -shortest -movflags +faststart "$movies/Clip (2020).mp4"
clip_bytes=$(stat -c %s "$movies/Clip (2020).mp4")
loops=$(( (500000000 + clip_bytes - 1) / clip_bytes - 1 ))
log "generating the ~500 MB file (clip copied $((loops + 1)) times, no re-encode)"
ffmpeg -hide_banner -loglevel error -y -stream_loop "$loops" -i "$movies/Clip (2020).mp4" -c copy \
    -movflags +faststart "$movies/Big (2021).mp4"
big_bytes=$(stat -c %s "$movies/Big (2021).mp4")

# ---- helpers -----------------------------------------------------------------------------------------------
free_port() { python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])'; }
PORT=$(free_port)
S="http://127.0.0.1:$PORT"
now_ms() { date +%s%3N; }
# median (min–max) of numbers on stdin; "median min max" with -r
stats() { sort -g | awk -v raw="${1:-}" '{a[NR]=$1} END {if (NR==0) {print "n/a"; exit}
    m = (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2; if (raw) print m, a[1], a[NR]; else printf "%.4g (%.4g–%.4g)", m, a[1], a[NR]}'; }
median() { stats -r | awk '{print $1}'; }
api() { # method path [client]
    curl -sS --max-time 30 -X "$1" -H "X-Plex-Token: $TOKEN" -H "X-Plex-Client-Identifier: ${3:-bench}" \
        -H "Accept: application/json" "$S$2"
}

start_server() { # data-folder logfile
    local data=$1 logfile=$2 t0
    t0=$(now_ms)
    (cd "$work/pub" && exec env Server__DataPath="$data" \
        Library__Sections__0__Title=Movies Library__Sections__0__Type=movie Library__Sections__0__Path="$movies" \
        Auth__Users__0__Name=bench Auth__Users__0__Token="$TOKEN" Transcoder__Preset=veryfast \
        Queue__MaxItemsPerQueue=10000 Logging__Console__FormatterName=simple \
        Logging__Console__FormatterOptions__SingleLine=true \
        dotnet "$DLL" --urls "$S" >"$logfile" 2>&1) &
    server_pid=$!
    for _ in $(seq 1 3000); do # at most ~60 s
        if curl -s -o /dev/null --max-time 1 -w '%{http_code}' "$S/identity" 2>/dev/null | grep -q 200; then
            STARTUP_MS=$(( $(now_ms) - t0 )); return 0
        fi
        kill -0 "$server_pid" 2>/dev/null || { cat "$logfile" >&2; return 1; }
        sleep 0.01
    done
    log "server did not answer /identity within 60 s"; return 1
}
stop_server() { kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; server_pid=""; }
peak_rss_mb() { awk '/VmHWM/ {printf "%.0f", $2/1024}' "/proc/$1/status"; }
# the dotnet host execs nothing: the server is the child "dotnet" process of the subshell we started
server_proc() { pgrep -P "$server_pid" -x dotnet || echo "$server_pid"; }

wait_status() { # queue item client timeout-seconds poll-interval → ms until available (or fails)
    local q=$1 id=$2 client=$3 until=$(( $(date +%s) + $4 )) st
    while (( $(date +%s) < until )); do
        st=$(api GET "/downloadQueue/$q/items/$id" "$client" | jq -r '.MediaContainer.DownloadQueueItem[0].status')
        case $st in available) return 0 ;; error|expired) log "item $id ended $st"; return 1 ;; esac
        sleep "$5"
    done
    log "item $id not available within $4 s"; return 1
}
# A client that listens instead of polling (the push stream, as the web app does): no curl + jq every 200 ms on the
# 2 cores ffmpeg wants. push_wait starts listening for a queue; push_done waits for one of its items to end.
push_wait() { # queue client → starts a listener writing to $work/push.<queue>
    : >"$work/push.$1"
    (timeout 900 curl -sN -H "X-Plex-Token: $TOKEN" -H "X-Plex-Client-Identifier: $2" \
        "$S/:/eventsource/notifications?filters=activity" >>"$work/push.$1" 2>/dev/null &)
    for _ in $(seq 1 100); do [[ -s "$work/push.$1" ]] && break; sleep 0.02; done # the stream's opening line: listening
}
push_done() { # queue item timeout-seconds → returns once the item's activity says available (fails on error or timeout)
    local line # tail -f sleeps on inotify: no polling process on the cores ffmpeg uses
    line=$(grep -m1 -oE "\"queueID\":$1,\"itemID\":$2,[^}]*\"status\":\"(available|error|expired)\"" \
        <(timeout "$3" tail -n +1 -f "$work/push.$1") || true)
    [[ "$line" == *'"available"' ]] && return 0
    log "item $2 did not become available (${line:-no event within $3 s})"; return 1
}
add_item() { # client query → "queue item"
    local q id
    q=$(api POST /downloadQueue "$1" | jq -r '.MediaContainer.DownloadQueue[0].id')
    id=$(api POST "/downloadQueue/$q/add?$2" "$1" | jq -r '.MediaContainer.AddedQueueItems[0].id')
    echo "$q $id"
}

# ---- server up, library scanned ----------------------------------------------------------------------------
log "starting the server on $S"
start_server "$work/data" "$work/server.log"
clip_key="" big_key=""
for _ in $(seq 1 300); do # at most ~60 s for the scan
    lib=$(api GET /library/sections/1/all || true)
    clip_key=$(jq -r '.MediaContainer.Metadata[]? | select(.title|startswith("Clip")) | .ratingKey' <<<"$lib" 2>/dev/null || true)
    big_key=$(jq -r '.MediaContainer.Metadata[]? | select(.title|startswith("Big")) | .ratingKey' <<<"$lib" 2>/dev/null || true)
    [[ -n "$clip_key" && -n "$big_key" ]] && break
    sleep 0.2
done
[[ -n "$clip_key" && -n "$big_key" ]] || { log "library never listed both files"; exit 1; }
PID=$(server_proc)

# ---- 1. direct play: add → available -----------------------------------------------------------------------
log "1. direct play ($RUNS runs)"
dp=() idn=()
for i in $(seq 1 "$RUNS"); do
    t0=$(now_ms)
    read -r q id < <(add_item "direct-$i" "keys=/library/metadata/$big_key&directPlay=1")
    wait_status "$q" "$id" "direct-$i" 30 0.005
    dp+=($(( $(now_ms) - t0 )))
    big_q=$q big_id=$id big_client="direct-$i"
    # reference: the same client tooling against a trivial route (create-queue round trip + one GET)
    t0=$(now_ms); curl -s -o /dev/null "$S/identity"; curl -s -o /dev/null "$S/identity"; idn+=($(( $(now_ms) - t0 )))
done

# ---- 2. conversion: server vs the same ffmpeg command alone -------------------------------------------------
# The client listens to the push stream (push_wait/push_done) rather than polling: its own cost stays off the 2 cores.
log "2. conversion of the 60 s 1080p clip to 720p ($CONV_RUNS runs each side, interleaved)"
conv=() ref=() inner=() args=""
cpu_s() { awk '{printf "%.1f", ($14 + $15) / 100}' "/proc/$1/stat"; } # user + system CPU seconds (USER_HZ 100)
cpu0=$(cpu_s "$PID")
for i in $(seq 1 "$CONV_RUNS"); do
    t0=$(now_ms)
    q=$(api POST /downloadQueue "convert-$i" | jq -r '.MediaContainer.DownloadQueue[0].id')
    push_wait "$q" "convert-$i"
    t0=$(now_ms)
    id=$(api POST "/downloadQueue/$q/add?keys=/library/metadata/$clip_key&directPlay=0&directStream=0&videoResolution=1280x720" "convert-$i" | jq -r '.MediaContainer.AddedQueueItems[0].id')
    push_done "$q" "$id" 600
    conv+=($(( $(now_ms) - t0 )))
    # the server's own figure for its ffmpeg run (job start → available), to split queueing from encoding
    inner+=($(grep -aE "Item $id queue .*: available, .* in [0-9.]+ s" "$work/server.log" | tail -1 | sed -E 's/.* in ([0-9.]+) s.*/\1/' | awk '{print $1*1000}'))
    if [[ -z "$args" ]]; then
        args=$(grep -aE "Item $id queue .*; ffmpeg " "$work/server.log" | tail -1 | sed -E "s/.*; ffmpeg //")
        [[ -n "$args" ]] || { log "no ffmpeg line for item $id in the server log"; exit 1; }
        log "server ffmpeg: $args"
    fi
    # the very same arguments, output redirected into a scratch folder
    # the server's input is a link in its job folder to the library file and its output is in that folder:
    # the same arguments with the library file as input and a scratch file as output
    ext=$(grep -oE '"[^"]*/cache/[^"]*"' <<<"$args" | tail -1 | sed -E 's/.*\.([A-Za-z0-9]+)"$/\1/')
    refargs=$(sed -E "s|-i \"[^\"]*\"|-i \"$movies/Clip (2020).mp4\"|; s|\"[^\"]*/cache/[^\"]*\"|\"$work/ref-out.$ext\"|" <<<"$args")
    [[ $i == 1 ]] && log "reference ffmpeg: $refargs"
    t0=$(now_ms); eval "ffmpeg -nostdin -hide_banner -loglevel error -y $refargs"; ref+=($(( $(now_ms) - t0 )))
    rm -f "$work"/ref-out.*
    # free the cache for the next run
    api DELETE "/downloadQueue/$q/items/$id" "convert-$i" >/dev/null || true
done
server_cpu=$(awk -v a="$cpu0" -v b="$(cpu_s "$PID")" 'BEGIN{printf "%.1f", b - a}')
preset=$(grep -oE -- '-preset [a-z]+' <<<"$args" | awk '{print $2}' || true)
conv_ref_med=$(printf '%s\n' "${ref[@]}" | median)
conv_med=$(printf '%s\n' "${conv[@]}" | median)
speed_ref=$(awk -v t="$conv_ref_med" 'BEGIN{printf "%.2f", 60000/t}')
speed_srv=$(awk -v t="$conv_med" 'BEGIN{printf "%.2f", 60000/t}')
rss_conv=$(peak_rss_mb "$PID")

# ---- 3. download: server vs nginx ---------------------------------------------------------------------------
log "3. download of the $((big_bytes / 1000000)) MB file ($RUNS runs, single and 8 at once)"
NPORT=$(free_port)
mkdir -p "$work/nginx"
cat >"$work/nginx/nginx.conf" <<EOF
daemon off; worker_processes 1; pid $work/nginx/nginx.pid; error_log $work/nginx/error.log;
events { worker_connections 256; }
http { access_log off; sendfile on; tcp_nopush on; types { video/mp4 mp4; }
  client_body_temp_path $work/nginx; proxy_temp_path $work/nginx; fastcgi_temp_path $work/nginx;
  uwsgi_temp_path $work/nginx; scgi_temp_path $work/nginx;
  server { listen 127.0.0.1:$NPORT; root $movies; } }
EOF
"$NGINX" -c "$work/nginx/nginx.conf" -p "$work/nginx" &
nginx_pid=$!
for _ in $(seq 1 100); do curl -s -o /dev/null "http://127.0.0.1:$NPORT/" && break; sleep 0.1; done
srv_url="$S/downloadQueue/$big_q/item/$big_id/media?X-Plex-Token=$TOKEN"
ngx_url="http://127.0.0.1:$NPORT/Big%20(2021).mp4"
mbps() { awk -v b="$1" -v ms="$2" 'BEGIN{printf "%.0f", b/1e6/(ms/1000)}'; }
one() { curl -s -o /dev/null --max-time 120 -H "X-Plex-Client-Identifier: $big_client" -w '%{size_download}' "$1"; }
many() { # url → MB/s for 8 at once
    local t0 pids=() total=0 f
    t0=$(now_ms)
    for k in $(seq 1 8); do one "$1" >"$work/dl.$k" & pids+=($!); done
    wait "${pids[@]}"
    for k in $(seq 1 8); do total=$((total + $(cat "$work/dl.$k"))); done
    mbps "$total" $(( $(now_ms) - t0 ))
}
dl1=() ng1=() dl8=() ng8=() srv_cpu_gb=() ngx_cpu_gb=()
one "$srv_url" >/dev/null; one "$ngx_url" >/dev/null # warm the page cache
ngx_worker=$(pgrep -P "$nginx_pid" | head -1)
cpu_ms() { awk '{print ($14 + $15) * 10}' "/proc/$1/stat"; }
per_gb() { awk -v c="$1" -v b="$2" 'BEGIN{printf "%.0f", c/(b/1e9)}'; } # CPU ms per GB served
for i in $(seq 1 "$RUNS"); do
    c0=$(cpu_ms "$PID"); t0=$(now_ms); b=$(one "$srv_url"); dl1+=($(mbps "$b" $(( $(now_ms) - t0 ))))
    srv_cpu_gb+=($(per_gb $(( $(cpu_ms "$PID") - c0 )) "$b"))
    [[ "$b" == "$big_bytes" ]] || { log "server sent $b of $big_bytes bytes"; exit 1; }
    c0=$(cpu_ms "$ngx_worker"); t0=$(now_ms); b=$(one "$ngx_url"); ng1+=($(mbps "$b" $(( $(now_ms) - t0 ))))
    ngx_cpu_gb+=($(per_gb $(( $(cpu_ms "$ngx_worker") - c0 )) "$b"))
    dl8+=($(many "$srv_url")); ng8+=($(many "$ngx_url"))
done
rss_all=$(peak_rss_mb "$PID")
ngx_rss=$(pgrep -P "$nginx_pid" | while read -r p; do peak_rss_mb "$p"; echo; done | sort -g | tail -1)
ngx_rss=$(( ${ngx_rss:-0} + $(peak_rss_mb "$nginx_pid") ))
kill "$nginx_pid" 2>/dev/null || true; nginx_pid=""

# ---- 7. shared conversions: four users (two accounts' worth of clients) ask for the same conversion at once -----
log "7. shared conversion: four clients add the same 720p conversion at once ($CONV_RUNS runs)"
shared=() shared_runs=() shared_lead=()
for i in $(seq 1 "$CONV_RUNS"); do
    pairs=() queues=()
    for dev in a-phone a-tablet b-phone b-laptop; do
        q=$(api POST /downloadQueue "shared-$i-$dev" | jq -r '.MediaContainer.DownloadQueue[0].id'); push_wait "$q" "shared-$i-$dev"; queues+=("$q")
    done
    t0=$(now_ms) k=0
    for dev in a-phone a-tablet b-phone b-laptop; do
        q=${queues[$k]}; k=$((k + 1))
        id=$(api POST "/downloadQueue/$q/add?keys=/library/metadata/$clip_key&directPlay=0&directStream=0&videoResolution=1280x720" "shared-$i-$dev" | jq -r '.MediaContainer.AddedQueueItems[0].id')
        pairs+=("$q $id shared-$i-$dev")
    done
    for p in "${pairs[@]}"; do read -r q id c <<<"$p"; push_done "$q" "$id" 600; done
    shared+=($(( $(now_ms) - t0 )))
    n=0; for p in "${pairs[@]}"; do read -r q id c <<<"$p"; n=$((n + $(grep -acE "Item $id queue .*: processing, .*ffmpeg " "$work/server.log" || true))); done
    shared_runs+=("$n")
    # the one ffmpeg run's own job time (its item's "available … in X s"): the same conversion in the same minute
    lead=0
    for p in "${pairs[@]}"; do read -r q id c <<<"$p"
        grep -qaE "Item $id queue .*: processing, .*ffmpeg " "$work/server.log" || continue
        lead=$(grep -aE "Item $id queue .*: available, .* in [0-9.]+ s" "$work/server.log" | tail -1 | sed -E 's/.* in ([0-9.]+) s.*/\1/' | awk '{print $1*1000}')
    done
    shared_lead+=("${lead:-0}")
    for p in "${pairs[@]}"; do read -r q id c <<<"$p"; api DELETE "/downloadQueue/$q/items/$id" "$c" >/dev/null || true; done
done

# ---- 4. API under load --------------------------------------------------------------------------------------
seed() { # client count → queue id; keys name nothing (they end in error quickly, fine for listing)
    local q base=$(( RANDOM * 1000 + 1000000 )) n=0 keys
    q=$(api POST /downloadQueue "$1" | jq -r '.MediaContainer.DownloadQueue[0].id')
    while (( n < $2 )); do
        keys=$(seq $((base + n)) $((base + n + 249 < base + $2 - 1 ? base + n + 249 : base + $2 - 1)) | sed 's|^|/library/metadata/|' | paste -sd,)
        api POST "/downloadQueue/$q/add?keys=$keys" "$1" >/dev/null
        n=$((n + 250))
    done
    echo "$q"
}
log "4. seeding queues of 100 and 10,000 items"
q100=$(seed load-100 100)
q10k=$(seed load-10k 10000)
log "queues $q100 (100) and $q10k (10,000); waiting for the keys to be decided"
for _ in $(seq 1 120); do
    pend=$(api GET "/downloadQueue/$q10k/items" load-10k | jq '[.MediaContainer.DownloadQueueItem[]? | select(.status=="deciding" or .status=="waiting")] | length' || echo 1)
    [[ "$pend" == 0 ]] && break; sleep 1
done
cat >"$work/page.lua" <<'EOF'
-- Plex clients page with X-Plex-Container-Start/Size; each request asks a random page of 50
local total = tonumber(os.getenv("QUEUE_SIZE") or "0")
request = function()
  if total > 0 then wrk.headers["X-Plex-Container-Start"] = tostring(math.random(0, math.max(total - 50, 0))) end
  return wrk.format(nil)
end
EOF
wrkrun() { # url size client → "p50ms p99ms rps"
    QUEUE_SIZE=$2 timeout $((WRK_SECONDS + 30)) wrk -t2 -c16 -d"${WRK_SECONDS}s" --latency -s "$work/page.lua" \
        -H "X-Plex-Token: $TOKEN" -H "X-Plex-Client-Identifier: $3" -H "Accept: application/json" \
        -H "X-Plex-Container-Size: 50" "$1" | awk '
        function ms(v) { if (v ~ /us$/) return v/1000; if (v ~ /ms$/) return v+0; if (v ~ /s$/) return v*1000; return v }
        $1=="50%" {p50=ms($2)} $1=="99%" {p99=ms($2)} /Requests\/sec/ {rps=$2}
        /Non-2xx/ {bad=$NF} END {if (bad) print "non-2xx " bad > "/dev/stderr"; print p50, p99, rps}'
}
declare -A P50 P99 RPS
for i in $(seq 1 "$RUNS"); do
    for t in identity q100 q10k; do
        case $t in identity) r=$(wrkrun "$S/identity" 0 x) ;;
                   q100) r=$(wrkrun "$S/downloadQueue/$q100/items" 100 load-100) ;;
                   q10k) r=$(wrkrun "$S/downloadQueue/$q10k/items" 10000 load-10k) ;; esac
        read -r a b c <<<"$r"; P50[$t]+="$a "; P99[$t]+="$b "; RPS[$t]+="$c "
    done
done
st() { tr ' ' '\n' <<<"$1" | grep . | stats; }
md() { tr ' ' '\n' <<<"$1" | grep . | median; }

# ---- 6. start-up with the 10,000-item database vs an empty one -----------------------------------------------
log "6. start-up ($RUNS runs each, full and empty database)"
stop_server
up_full=() up_empty=()
for i in $(seq 1 "$RUNS"); do
    start_server "$work/data" "$work/server-restart.log"; up_full+=("$STARTUP_MS"); stop_server
    rm -rf "$work/empty"; start_server "$work/empty" "$work/server-empty.log"; up_empty+=("$STARTUP_MS"); stop_server
done

# ---- table ---------------------------------------------------------------------------------------------------
ratio() { awk -v a="$1" -v b="$2" 'BEGIN{ if (b==0) print "n/a"; else printf "%.2f", a/b }'; }
verdict() { awk -v v="$1" -v op="$2" -v g="$3" 'BEGIN{ ok = (op=="<") ? v<g : (op=="<=") ? v<=g : v>=g; print ok ? "met" : "**missed**" }'; }
arr() { printf '%s\n' "$@" | stats; }
amed() { printf '%s\n' "$@" | median; }

dp_med=$(amed "${dp[@]}"); idn_med=$(amed "${idn[@]}")
dl1_med=$(amed "${dl1[@]}"); ng1_med=$(amed "${ng1[@]}"); dl8_med=$(amed "${dl8[@]}"); ng8_med=$(amed "${ng8[@]}")
up_med=$(amed "${up_full[@]}"); upe_med=$(amed "${up_empty[@]}")
conv_ratio=$(ratio "$conv_med" "$conv_ref_med")
rss_peak=$(( rss_conv > rss_all ? rss_conv : rss_all ))
p99_10k=$(md "${P99[q10k]}")

table=$(cat <<EOF
| # | measure | server: median (min–max) | reference: median (min–max) | ratio | goal | result |
|---|---|---|---|---|---|---|
| 1 | direct play, add → available (ms, $RUNS runs) | $(arr "${dp[@]}") | $(arr "${idn[@]}") (two curl GET /identity: client overhead) | $(ratio "$dp_med" "$idn_med") | < 100 ms | $(verdict "$dp_med" "<" 100) |
| 2 | conversion 60 s 1080p → 720p h264/aac, add → available (ms, $CONV_RUNS runs; preset ${preset:-?}) | $(arr "${conv[@]}") (${speed_srv}× real time) | $(arr "${ref[@]}") (same ffmpeg alone, ${speed_ref}× real time) | $conv_ratio (server's own job time: $(arr "${inner[@]}") ms; server process CPU, ffmpeg excluded, over all $CONV_RUNS runs: ${server_cpu} s) | ratio ≤ 1.05 | $(verdict "$conv_ratio" "<=" 1.05) |
| 2c | conversion, the first after the server started (run 1 of row 2: JIT and first queries included), add → available vs the same ffmpeg alone (ms) | ${conv[0]} | ${ref[0]} | $(ratio "${conv[0]}" "${ref[0]}") | ratio ≤ 1.10 | $(verdict "$(ratio "${conv[0]}" "${ref[0]}")" "<=" 1.10) |
| 3a | download $((big_bytes / 1000000)) MB, 1 client (MB/s) | $(arr "${dl1[@]}") | $(arr "${ng1[@]}") (nginx, sendfile) | $(ratio "$dl1_med" "$ng1_med") | ratio ≥ 0.9 | $(verdict "$(ratio "$dl1_med" "$ng1_med")" ">=" 0.9) |
| 3b | download, 8 at once (MB/s, total) | $(arr "${dl8[@]}") | $(arr "${ng8[@]}") (nginx) | $(ratio "$dl8_med" "$ng8_med") | ratio ≥ 0.95 | $(verdict "$(ratio "$dl8_med" "$ng8_med")" ">=" 0.95) |
| 3c | CPU per GB served, 1 client (ms of CPU: server process / nginx worker) | $(arr "${srv_cpu_gb[@]}") | $(arr "${ngx_cpu_gb[@]}") (nginx, sendfile) | $(ratio "$(amed "${srv_cpu_gb[@]}")" "$(amed "${ngx_cpu_gb[@]}")") | — | — |
| 2b | server CPU while converting (ffmpeg excluded; % of one core over the $CONV_RUNS conversions' wall time) | $(awk -v c="$server_cpu" -v w="$(printf '%s\n' "${conv[@]}" | awk '{s+=$1} END {print s}')" 'BEGIN{printf "%.1f", 100*c*1000/w}') % | — | — | < 2 % | $(verdict "$(awk -v c="$server_cpu" -v w="$(printf '%s\n' "${conv[@]}" | awk '{s+=$1} END {print s}')" 'BEGIN{printf "%.3f", 100*c*1000/w}')" "<" 2) |
| 7 | shared conversion: 4 clients add the same 720p conversion at once, all 4 available (ms, $CONV_RUNS runs; ffmpeg runs per four: $(printf '%s ' "${shared_runs[@]}")) | $(arr "${shared[@]}") | $conv_med (one conversion, row 2 median); the shared ffmpeg run's own job time: $(arr "${shared_lead[@]}") | $(ratio "$(amed "${shared[@]}")" "$conv_med") (to row 2); $(ratio "$(amed "${shared[@]}")" "$(amed "${shared_lead[@]}")") (to its own run, same minute) | ratio ≤ 1.2, one ffmpeg run | $(verdict "$(ratio "$(amed "${shared[@]}")" "$(amed "${shared_lead[@]}")")" "<=" 1.2) |
| 4a | GET items, 100-item queue, pages of 50: p50 / p99 (ms) | $(st "${P50[q100]}") / $(st "${P99[q100]}") | $(st "${P50[identity]}") / $(st "${P99[identity]}") (GET /identity) | $(ratio "$(md "${P99[q100]}")" "$(md "${P99[identity]}")") (p99) | p99 < 20 ms | $(verdict "$(md "${P99[q100]}")" "<" 20) |
| 4b | GET items, 100-item queue (requests/s) | $(st "${RPS[q100]}") | $(st "${RPS[identity]}") | $(ratio "$(md "${RPS[q100]}")" "$(md "${RPS[identity]}")") | ratio to /identity ≥ 0.12 (3× the 0.04 of 2026-11-23: 2,800–3,350 requests/s) | $(verdict "$(ratio "$(md "${RPS[q100]}")" "$(md "${RPS[identity]}")")" ">=" 0.12) |
| 4c | GET items, 10,000-item queue, random pages of 50: p50 / p99 (ms) | $(st "${P50[q10k]}") / $(st "${P99[q10k]}") | $(st "${P50[identity]}") / $(st "${P99[identity]}") (GET /identity) | $(ratio "$p99_10k" "$(md "${P99[identity]}")") (p99) | p99 < 10 ms | $(verdict "$p99_10k" "<" 10) |
| 4d | GET items, 10,000-item queue (requests/s) | $(st "${RPS[q10k]}") | $(st "${RPS[identity]}") | $(ratio "$(md "${RPS[q10k]}")" "$(md "${RPS[identity]}")") | — | — |
| 5 | peak RSS (VmHWM) during 2 and 3 (MB) | $rss_peak (after 2: $rss_conv) | $ngx_rss (nginx master + worker, during 3) | $(ratio "$rss_peak" "$ngx_rss") | < 250 MB | $(verdict "$rss_peak" "<" 250) |
| 6 | start-up → /identity answers, 10,100-item database (ms) | $(arr "${up_full[@]}") | $(arr "${up_empty[@]}") (empty database) | $(ratio "$up_med" "$upe_med") | < 1000 ms | $(verdict "$up_med" "<" 1000) |
EOF
)
echo "$table"
{
    echo
    echo "## $(date -u '+%Y-%m-%d %H:%M UTC') — $(git -C "$repo" rev-parse --short HEAD)"
    echo
    echo "Machine: $(nproc) cores, $(lscpu | sed -n 's/^Model name: *//p' | head -1), $(free -g | awk '/Mem:/ {print $2}') GiB;" \
         "$(uname -sr); $(dotnet --version) SDK; $(ffmpeg -version | head -1 | cut -d' ' -f1-3); nginx $("$NGINX" -v 2>&1 | sed 's|.*/||'); $(wrk -v 2>&1 | head -1 | cut -d' ' -f1-2)."
    echo "Runs: $RUNS (conversion: $CONV_RUNS each side, interleaved); wrk -t2 -c16 ${WRK_SECONDS}s per run."
    echo "Server ffmpeg: \`ffmpeg $args\`"
    echo
    echo "$table"
} >>"$repo/BENCHMARKS.md"
log "appended to BENCHMARKS.md"
