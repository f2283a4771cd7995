#!/usr/bin/env bash
# A Dockerfile lint for what matters here (hadolint is not packaged by Debian): stages, base images, user, ports, volumes, healthcheck.
#   lint-dockerfile.sh [Dockerfile]
set -uo pipefail
cd "$(dirname "$0")/.." || exit 1
file=${1:-Dockerfile}
failures=0
fail() { echo "lint: $file: $*" >&2; failures=$((failures + 1)); }
has() { grep -Eq "$1" "$file" || fail "$2"; }

[[ -f $file ]] || { echo "lint: no $file" >&2; exit 1; }
froms=$(grep -Ec '^FROM ' "$file")
((froms >= 2)) || fail "expected a multi-stage build (at least two FROM lines), found $froms"
grep -E '^FROM ' "$file" | grep -Evq '^FROM mcr\.microsoft\.com/dotnet/(sdk|aspnet):10\.0( AS [a-z]+)?$' && fail "base images must be mcr.microsoft.com/dotnet/sdk:10.0 or aspnet:10.0"
grep -Eq '^FROM [^ ]*:latest' "$file" && fail "no :latest base images"
grep -Eq '^ADD ' "$file" && fail "use COPY, not ADD"
final=$(awk '/^FROM /{stage=""} {stage=stage $0 "\n"} END{printf "%s", stage}' "$file")
grep -Eq '^FROM mcr\.microsoft\.com/dotnet/aspnet:' <<<"$final" || fail "the final stage must be the aspnet runtime image (no SDK in the final image)"
grep -Eq '^COPY --from=build ' <<<"$final" || fail "the final stage must copy the published output from the build stage"
grep -Eq '^USER ' <<<"$final" || fail "the final stage must switch to a non-root USER"
grep -Eq '^USER +(root|0)$' <<<"$final" && fail "the final USER must not be root"
has '^EXPOSE 32400$' "EXPOSE 32400 is missing"
has '^VOLUME .*"/data".*"/cache".*"/media"' "VOLUME must declare /data, /cache and /media"
has '^HEALTHCHECK .*/health' "HEALTHCHECK on /health is missing"
has 'Server__DataPath=/data' "ENV Server__DataPath=/data is missing"
has 'Transcoder__CachePath=/cache' "ENV Transcoder__CachePath=/cache is missing"
has 'ASPNETCORE_URLS=http://0\.0\.0\.0:32400' "ENV ASPNETCORE_URLS=http://0.0.0.0:32400 is missing"
# apt hygiene lives in the shared script the RUN lines call.
grep -q 'install -y --no-install-recommends ffmpeg' docker/build.sh || fail "build.sh must install ffmpeg with --no-install-recommends"
grep -q 'rm -rf /var/lib/apt/lists/\*' docker/build.sh || fail "build.sh must clean the apt lists"
# Every local file COPY'd or bind-mounted must exist.
while read -r src; do
  [[ -e $src ]] || fail "COPY/mount source '$src' does not exist"
done < <(grep -E '^COPY ' "$file" | grep -v -- '--from=' | awk '{for (i = 2; i < NF; i++) print $i}'
         grep -Eo 'source=[^, ]+' "$file" | cut -d= -f2)
# Every line of a RUN that calls the shared script names a subcommand it knows.
grep -E '^RUN ' "$file" | grep -Eo '(^| )(docker/)?build\.sh [a-z-]+' | awk '{print $2}' | while read -r sub; do
  grep -Eq "^  $sub\)" docker/build.sh || { echo "lint: $file: build.sh has no subcommand '$sub'" >&2; exit 1; }
done || failures=$((failures + 1))

if ((failures > 0)); then echo "lint: $failures problem(s) in $file" >&2; exit 1; fi
echo "lint: $file ok ($froms stages)"
