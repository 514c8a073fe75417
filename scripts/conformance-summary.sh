#!/usr/bin/env bash
# The conformance vectors' one line for `make test`: reads the counts each runner wrote to
# target/conformance/<runtime>.json and prints
#   conformance: N vectors × 5 runners, P passed, F failed
# It fails when a runner's file is missing (each runner deletes its own when it starts, so a run
# that died leaves none) or older than the newest vector (its runner did not run on these vectors),
# names another runtime, when the runners ran different numbers of vectors or not every vector file,
# when fewer than MIN_VECTORS ran, or when any failed.
set -euo pipefail
cd "$(dirname "$0")/.."
RUNTIMES=(rust python-sync python-async node browser)
MIN_VECTORS=150
VECTOR_FILES=(tests/conformance/*.json)

# The value of a numeric field in the flat JSON object a runner writes.
field() {
  local value
  value=$(grep -o "\"$1\": *[0-9]*" "$2" | grep -o '[0-9]*$') || true
  if [ -z "$value" ]; then
    echo "conformance: $2 has no \"$1\" count" >&2
    exit 1
  fi
  echo "$value"
}

# No `ls -t | head` here: under pipefail, head closing the pipe early fails the script (SIGPIPE, 141).
newest=${VECTOR_FILES[0]}
for vector in "${VECTOR_FILES[@]}"; do
  if [ "$vector" -nt "$newest" ]; then newest=$vector; fi
done
problems=()
vectors=
passed=0 failed=0
for runtime in "${RUNTIMES[@]}"; do
  file=target/conformance/$runtime.json
  if [ ! -f "$file" ]; then
    problems+=("no $file: the $runtime runner did not run, or did not finish")
    continue
  fi
  if [ "$file" -ot "$newest" ]; then
    problems+=("$file is older than $newest: the $runtime runner did not run on these vectors")
  fi
  if ! grep -q "\"runtime\": *\"$runtime\"" "$file"; then
    problems+=("$file does not say \"runtime\": \"$runtime\"")
  fi
  n=$(field vectors "$file") p=$(field passed "$file") f=$(field failed "$file")
  if [ -z "$vectors" ]; then
    vectors=$n
  elif [ "$n" != "$vectors" ]; then
    problems+=("$runtime ran $n vectors, ${RUNTIMES[0]} $vectors")
  fi
  if [ $((p + f)) != "$n" ]; then
    problems+=("$runtime: $p passed and $f failed of $n vectors do not add up")
  fi
  if [ "$f" -gt 0 ]; then
    problems+=("$runtime: $f of $n vectors failed")
  fi
  passed=$((passed + p)) failed=$((failed + f))
done
if [ -n "$vectors" ] && [ "$vectors" != "${#VECTOR_FILES[@]}" ]; then
  problems+=("the runners ran $vectors vectors, tests/conformance has ${#VECTOR_FILES[@]}")
fi
if [ -n "$vectors" ] && [ "$vectors" -lt "$MIN_VECTORS" ]; then
  problems+=("only $vectors vectors, at least $MIN_VECTORS expected")
fi

echo "conformance: ${vectors:-?} vectors × ${#RUNTIMES[@]} runners, $passed passed, $failed failed"
if [ ${#problems[@]} -gt 0 ]; then
  printf '  %s\n' "${problems[@]}" >&2
  exit 1
fi
