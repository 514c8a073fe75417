#!/usr/bin/env bash
# The Node quickstart against a fresh flow-mock. Expects the npm package built in place (make node-build).
set -euo pipefail
cd "$(dirname "$0")/.."
exec scripts/with-mock.sh -- node examples/node/quickstart.mjs
