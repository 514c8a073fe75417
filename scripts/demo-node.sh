#!/usr/bin/env bash
# Starts the bundled flow-mock on a free port, runs the Node quickstart against it, stops the mock.
# Expects the npm package built in place (make node-build).
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --quiet -p flow-mock --bin flow-mock
out=$(mktemp)
target/debug/flow-mock --port 0 >"$out" &
mock=$!
trap 'kill "$mock" 2>/dev/null || true; rm -f "$out"' EXIT
for _ in $(seq 100); do
  grep -q '^FLOW_BASE_URL=' "$out" && break
  sleep 0.1
done
base_url=$(sed -n 's/^FLOW_BASE_URL=//p' "$out" | head -n1)
[ -n "$base_url" ] || { echo "flow-mock did not start" >&2; exit 1; }
echo "flow-mock is serving $base_url"
FLOW_BASE_URL="$base_url" FLOW_API_SECRET="${FLOW_API_SECRET:-sandbox-secret}" node examples/node/quickstart.mjs
