#!/usr/bin/env bash
# The fault matrix's one line for `make test`: reads the counts each runner wrote to
# target/faults/<runtime>.json (tests/faults/README.md) and prints
#   faults: N cases × 3 runtimes, P passed, F failed
# It fails when a runtime's file is missing or older than tests/faults/cases.json (its runner did
# not run on these cases), when the runtimes ran different numbers of cases, or when any failed.
set -euo pipefail
cd "$(dirname "$0")/.."
RUNTIMES=(rust python node)
CASES_FILE=tests/faults/cases.json

# The value of a numeric field in the flat JSON object a runner writes.
field() {
  local value
  value=$(grep -o "\"$1\": *[0-9]*" "$2" | grep -o '[0-9]*$') || true
  if [ -z "$value" ]; then
    echo "faults: $2 has no \"$1\" count" >&2
    exit 1
  fi
  echo "$value"
}

problems=()
cases=
passed=0 failed=0
for runtime in "${RUNTIMES[@]}"; do
  file=target/faults/$runtime.json
  if [ ! -f "$file" ]; then
    problems+=("no $file: the $runtime runner did not run")
    continue
  fi
  if [ "$file" -ot "$CASES_FILE" ]; then
    problems+=("$file is older than $CASES_FILE: the $runtime runner did not run on these cases")
  fi
  n=$(field cases "$file") p=$(field passed "$file") f=$(field failed "$file")
  if [ -z "$cases" ]; then
    cases=$n
  elif [ "$n" != "$cases" ]; then
    problems+=("$runtime ran $n cases, ${RUNTIMES[0]} $cases")
  fi
  if [ "$f" -gt 0 ]; then
    problems+=("$runtime: $f of $n cases failed")
  fi
  passed=$((passed + p)) failed=$((failed + f))
done

echo "faults: ${cases:-?} cases × ${#RUNTIMES[@]} runtimes, $passed passed, $failed failed"
if [ ${#problems[@]} -gt 0 ]; then
  printf '  %s\n' "${problems[@]}" >&2
  exit 1
fi
