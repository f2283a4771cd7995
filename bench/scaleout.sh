#!/usr/bin/env bash
# Scale-out benchmark: conversions per minute with one and with two worker processes on one PostgreSQL queue.
# Each worker (and so its ffmpeg) is pinned to its own core with taskset, so ffmpeg's threads are limited to one core
# per worker and the ratio shows what a second machine adds. A throwaway PostgreSQL runs from Debian's postgresql
# package (initdb + pg_ctl in a temp folder, as the postgres user when run as root), like the test fixture.
#   CLIPS=8 (conversions per run)   SECONDS_PER_CLIP=20   PUB=folder (skip the publish)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/.." && pwd)"
CLIPS=${CLIPS:-8}
SECONDS_PER_CLIP=${SECONDS_PER_CLIP:-20}
TOKEN=bench-token-0123456789
work="$(mktemp -d /tmp/plexqueue-scaleout.XXXXXX)"
pids=()
log() { echo "[$(date -u +%H:%M:%S)] $*" >&2; }
pgbin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
[[ -x "$pgbin/initdb" ]] || { log "apt-get install postgresql first"; exit 1; }
as_pg() { if [[ $(id -u) == 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi; }
cleanup() {
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    as_pg "$pgbin/pg_ctl" -D "$work/pg" stop -m immediate >/dev/null 2>&1 || true
    rm -rf "$work"
}
trap cleanup EXIT
free_port() { python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])'; }

pub=${PUB:-}
if [[ -z "$pub" ]]; then
    pub="$work/pub"
    log "publishing Release"
    dotnet publish "$repo/src/PlexQueueServer" -c Release -o "$pub" -p:UseAppHost=false -v q -nologo >/dev/null
fi

log "PostgreSQL from $pgbin"
mkdir -p "$work/pg" && [[ $(id -u) == 0 ]] && chown postgres "$work" "$work/pg"
as_pg "$pgbin/initdb" -D "$work/pg" -U postgres --auth=trust --no-locale -E UTF8 --no-sync >/dev/null
PGPORT=$(free_port)
as_pg "$pgbin/pg_ctl" -D "$work/pg" -l "$work/pg.log" -w -o "-p $PGPORT -k $work -c listen_addresses=127.0.0.1 -c fsync=off" start >/dev/null

log "generating $CLIPS clips of ${SECONDS_PER_CLIP} s (640x480 mpeg4, converted to h264)"
mkdir -p "$work/movies"
ffmpeg -hide_banner -loglevel error -f lavfi -i "testsrc2=size=640x480:rate=25:duration=$SECONDS_PER_CLIP" \
    -f lavfi -i "sine=duration=$SECONDS_PER_CLIP" -c:v mpeg4 -q:v 5 -c:a libmp3lame "$work/clip.mkv"
for i in $(seq 1 "$CLIPS"); do cp "$work/clip.mkv" "$work/movies/Clip $i ($((2000 + i))).mkv"; done

start() { # name role core database port
    local cpu=()
    [[ -n "$3" ]] && cpu=(taskset -c "$3")
    (cd "$pub" && exec "${cpu[@]}" env Database__Provider=Postgres \
        ConnectionStrings__Postgres="Host=127.0.0.1;Port=$PGPORT;Username=postgres;Database=$4" \
        Server__Role="$2" Server__InstanceName="$1" Server__DataPath="$work/data-$4-$1" Transcoder__CachePath="$work/cache-$4" \
        Transcoder__Preset=veryfast Library__Watch=false Library__Sections__0__Title=Movies Library__Sections__0__Type=movie \
        Library__Sections__0__Path="$work/movies" Auth__Users__0__Name=bench Auth__Users__0__Token="$TOKEN" Logging__LogLevel__Default=Warning \
        dotnet PlexQueueServer.dll --urls "http://127.0.0.1:$5" >>"$work/$4-$1.log" 2>&1) &
    pids+=($!)
}

run() { # workers → prints conversions per minute
    local workers=$1 db="bench$1" port
    psql -h 127.0.0.1 -p "$PGPORT" -U postgres -qc "CREATE DATABASE $db" >/dev/null
    port=$(free_port)
    start api api "" "$db" "$port"
    local S="http://127.0.0.1:$port"
    until curl -sf -o /dev/null "$S/health"; do sleep 0.5; done
    for w in $(seq 1 "$workers"); do start "worker$w" worker "$((w - 1))" "$db" "$(free_port)"; done
    api() { curl -sS --max-time 30 -X "$1" -H "X-Plex-Token: $TOKEN" -H "X-Plex-Client-Identifier: bench" -H "Accept: application/json" "$S$2"; }
    local queue keys
    queue=$(api POST /downloadQueue | jq '.MediaContainer.DownloadQueue[0].id')
    until [[ $(api GET /library/sections/1/all | jq '.MediaContainer.Metadata | length') == "$CLIPS" ]]; do sleep 0.5; done
    keys=$(api GET /library/sections/1/all | jq -r '[.MediaContainer.Metadata[].ratingKey | "/library/metadata/\(.)"] | join(",")')
    # Wait until every worker heartbeats, so the clock measures conversions, not start-up.
    until [[ $(curl -s "$S/health" | jq '[.instances[]? | select(.role == "worker")] | length') == "$workers" ]]; do sleep 0.5; done
    local t0 t1
    t0=$(date +%s%3N)
    api POST "/downloadQueue/$queue/add?keys=$keys&directStream=0" >/dev/null
    until [[ $(api GET "/downloadQueue/$queue/items" | jq '[.MediaContainer.DownloadQueueItem[] | select(.status == "available")] | length') == "$CLIPS" ]]; do
        sleep 0.5
    done
    t1=$(date +%s%3N)
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    pids=()
    python3 -c "print(f'{$CLIPS * 60000 / ($t1 - $t0):.2f}')"
}

command -v jq >/dev/null || { log "jq is needed (apt-get install jq)"; exit 1; }
log "one worker"
one=$(run 1)
log "two workers"
two=$(run 2)
printf '| workers | conversions/minute (%s × %s s clips, one core each) |\n|---|---|\n| 1 | %s |\n| 2 | %s |\n' "$CLIPS" "$SECONDS_PER_CLIP" "$one" "$two"
python3 -c "print(f'scaling: {$two / $one:.2f}x')"
