#!/usr/bin/env bash
# The documented curl examples, host replaced by a local flow-mock's (which this script starts):
# each must succeed (HTTP 2xx and an envelope with code 200, or CSV text).
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "${1:-}" != "--against-started-mock" ]; then
  exec scripts/with-mock.sh --api-secret smoke-secret -- "$0" --against-started-mock
fi
BASE=$FLOW_BASE_URL
SECRET=$FLOW_API_SECRET
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
