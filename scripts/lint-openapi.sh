#!/usr/bin/env bash
# Lints the OpenAPI document with Spectral's recommended OpenAPI rules (spectral:oas, from npm): no error and no
# warning pass. ./test.sh runs it on the document the tests saved; by hand:
#
#   scripts/lint-openapi.sh [FILE]     default .gasledger/openapi.json (curl http://127.0.0.1:5080/openapi/v1.json > FILE)
set -euo pipefail
cd "$(dirname "$0")/.."
file="${1:-.gasledger/openapi.json}"
[ -f "$file" ] || { echo "No OpenAPI document at $file (the tests save one; or curl the running API's /openapi/v1.json)." >&2; exit 2; }
tools=.gasledger/tools/spectral
if [ ! -x "$tools/node_modules/.bin/spectral" ]; then
  command -v npm >/dev/null || { echo "npm is needed for Spectral (apt-get install -y npm)." >&2; exit 2; }
  mkdir -p "$tools"
  (cd "$tools" && npm install --silent --no-audit --no-fund @stoplight/spectral-cli@6.16.3 >/dev/null)
fi
printf 'extends: ["spectral:oas"]\n' > "$tools/.spectral.yaml"
"$tools/node_modules/.bin/spectral" lint "$file" --ruleset "$tools/.spectral.yaml" --fail-severity warn
