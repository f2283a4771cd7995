#!/usr/bin/env bash
# Load test: builds the server and this console, then 50 loopback clients for at most 60 s (see Program.cs).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
dotnet build "$repo/src/PlexQueueServer" -v q -nologo >/dev/null
dotnet build "$here/LoadTest.csproj" -v q -nologo >/dev/null
exec dotnet "$here/bin/Debug/net10.0/LoadTest.dll" "$repo/src/PlexQueueServer/bin/Debug/net10.0/PlexQueueServer.dll" "$@"
