#!/usr/bin/env bash
# Runs the node tests (tests/web/*.test.mjs) against a built caremeter: the JSON Schemas (ajv),
# the MCP door (the official MCP SDK client) and the self-assessment page (Debian's Chromium
# through playwright-core, axe-core). ctest runs it; so can a developer.
# Usage: tests/web/run.sh CAREMETER_BINARY [ARTIFACTS_DIR]
# npm packages come from package-lock.json (npm ci), installed again only when the lockfile
# changes; playwright never downloads a browser (it drives /usr/bin/chromium).
set -euo pipefail
cd "$(dirname "$0")"
export CAREMETER_BINARY="$(realpath "$1")"
export CAREMETER_ARTIFACTS="$(realpath -m "${2:-../../build/test-artifacts}")"
export CAREMETER_SOURCE_DIR="$(cd ../.. && pwd)"
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
mkdir -p "$CAREMETER_ARTIFACTS"

for tool in node npm; do
  command -v "$tool" >/dev/null || { echo "tests/web: $tool is missing (scripts/install-deps installs it)" >&2; exit 1; }
done
node_major=$(node -p 'process.versions.node.split(".")[0]')
if ((node_major < 18)); then echo "tests/web: Node.js 18 or later is needed, found $(node --version)" >&2; exit 1; fi

stamp=node_modules/.caremeter-lockfile.sha256
want=$(sha256sum package-lock.json | cut -d' ' -f1)
if [[ ! -f $stamp || $(cat "$stamp") != "$want" ]]; then
  # --prefer-offline: from npm's cache when it has the packages, from the registry otherwise.
  npm ci --prefer-offline --no-audit --no-fund --ignore-scripts --loglevel=error
  echo "$want" > "$stamp"
fi
exec node --test schemas.test.mjs mcp.test.mjs page.test.mjs
