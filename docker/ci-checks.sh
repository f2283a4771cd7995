#!/usr/bin/env bash
# CI for the Docker image and the browser tests, without a Docker engine: run by .ci/run before `dotnet test`.
#   1. install chromium + chromium-driver (browser tests), shellcheck and yamllint when missing
#   2. lint the Dockerfile, the scripts and docker/compose.yaml
#   3. run the Dockerfile's steps outside Docker: runtime-deps, restore, publish, then start the published server
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
[[ -x /usr/bin/chromium ]] || need+=(chromium)
[[ -x /usr/bin/chromedriver ]] || need+=(chromium-driver)
command -v shellcheck >/dev/null || need+=(shellcheck)
command -v yamllint >/dev/null || need+=(yamllint)
if ((${#need[@]} > 0)); then
  echo "ci-checks: installing ${need[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
/usr/bin/chromium --version
/usr/bin/chromedriver --version

docker/lint-dockerfile.sh Dockerfile
shellcheck docker/*.sh
yamllint -d '{extends: default, rules: {line-length: {max: 140}, document-start: disable, truthy: disable}}' docker/compose.yaml docker/compose.postgres.yaml
echo "ci-checks: scripts, compose.yaml and compose.postgres.yaml lint clean"

# The runtime stage's install (needs root, as in the image build); skipped where that is not possible.
if [[ $(id -u) == 0 ]]; then docker/build.sh runtime-deps; else echo "ci-checks: not root, runtime-deps not run"; fi
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
docker/build.sh restore
docker/build.sh publish "$out/app"
[[ -f $out/app/PlexQueueServer.dll && -f $out/app/appsettings.json ]] || { echo "ci-checks: publish output incomplete" >&2; exit 1; }
docker/build.sh smoke "$out/app"
echo "ci-checks: Dockerfile steps proven (runtime-deps, restore, publish, start)"
