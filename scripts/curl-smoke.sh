#!/usr/bin/env bash
# The documented curl examples, host replaced by a local flow-mock's: each must succeed (HTTP 2xx and
# an envelope with code 200, or CSV text).
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --quiet -p flow-mock --bin flow-mock
out=$(mktemp)
target/debug/flow-mock --port 0 --api-secret smoke-secret >"$out" &
mock=$!
trap 'kill "$mock" 2>/dev/null || true; rm -f "$out"' EXIT
for _ in $(seq 100); do grep -q '^FLOW_BASE_URL=' "$out" && break; sleep 0.1; done
BASE=$(sed -n 's/^FLOW_BASE_URL=//p' "$out" | head -n1)
[ -n "$BASE" ] || { echo "flow-mock did not start" >&2; exit 1; }
SECRET=smoke-secret
passed=0 failed=0
check() {
  local name=$1; shift
  local body
  if body=$(curl -fsS "$@") && grep -q '"code": *200\|^User ID' <<<"$body"; then
    passed=$((passed + 1)); echo "ok   $name"
  else
    failed=$((failed + 1)); echo "FAIL $name: ${body:0:200}"
  fi
}
check "events list (current, analytics)" "$BASE/events/sessions?period=current&simple_analytics=1" -H "api-secret: $SECRET"
check "public event info" "$BASE/events/sessions/public/LKo586mmk7g"
check "registration" -X POST "$BASE/registrants" -H 'Content-Type: application/json' \
  -d '{"email":"curl@example.com","firstName":"Curl","lastName":"Example","eventSessionToken":"rGt3dC546xs"}'
check "registrant list" "$BASE/reports/events/sessions/registrants/rGt3dC546xs" -H "api-secret: $SECRET"
check "surveys" "$BASE/reports/events/sessions/surveys/LKo586mmk7g" -H "api-secret: $SECRET"
check "summary CSV report" "$BASE/reports/events/sessions/csv/summary/LKo586mmk7g" -H "api-secret: $SECRET"
echo "smoke: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
