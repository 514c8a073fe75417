#!/usr/bin/env bash
# Runs a command against a fresh flow-mock: `scripts/with-mock.sh [mock flags...] -- command [args...]`.
# Builds the debug binary if needed, starts it on a free loopback port, exports FLOW_BASE_URL and
# FLOW_API_SECRET from its first two stdout lines, runs the command, and stops the mock.
set -euo pipefail
cd "$(dirname "$0")/.."
mock_args=()
while [ $# -gt 0 ] && [ "$1" != "--" ]; do mock_args+=("$1"); shift; done
[ $# -gt 1 ] || { echo "usage: $0 [mock flags...] -- command [args...]" >&2; exit 2; }
shift
# The sandbox secret unless the caller names one: never the caller's own FLOW_API_SECRET.
[[ " ${mock_args[*]} " == *" --api-secret "* ]] || mock_args+=(--api-secret sandbox-secret)
cargo build --quiet -p flow-mock --bin flow-mock
out=$(mktemp)
target/debug/flow-mock --port 0 "${mock_args[@]}" >"$out" &
mock=$!
trap 'kill "$mock" 2>/dev/null || true; rm -f "$out"' EXIT
for _ in $(seq 100); do
  grep -q '^FLOW_API_SECRET=' "$out" && break
  sleep 0.1
done
FLOW_BASE_URL=$(sed -n 's/^FLOW_BASE_URL=//p' "$out" | head -n1)
FLOW_API_SECRET=$(sed -n 's/^FLOW_API_SECRET=//p' "$out" | head -n1)
[ -n "$FLOW_BASE_URL" ] || { echo "flow-mock did not start" >&2; exit 1; }
export FLOW_BASE_URL FLOW_API_SECRET
echo "flow-mock is serving $FLOW_BASE_URL"
"$@"
