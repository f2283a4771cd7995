#!/usr/bin/env bash
# HEALTHCHECK without curl or wget (the aspnet image has neither): one HTTP/1.0 GET over bash's /dev/tcp, success on a 200.
#   healthcheck.sh [PORT] [PATH]
set -euo pipefail
port=${1:-32400}
path=${2:-/health}
exec 3<>"/dev/tcp/127.0.0.1/$port"
printf 'GET %s HTTP/1.0\r\nHost: localhost\r\nConnection: close\r\n\r\n' "$path" >&3
read -r -t 5 status_line <&3
exec 3<&-
[[ $status_line == HTTP/1.?\ 200* ]]
