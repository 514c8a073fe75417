#!/usr/bin/env bash
# Runs the named benchmark parts (python, node), then prints the issue-11 table from their rows.
# The table is printed even when a part failed; the exit status is non-zero when any part failed,
# any result differed from its peer's, or a row of the table was not measured.
set -uo pipefail
cd "$(dirname "$0")/.."
out=target/bench
mkdir -p "$out"
status=0
files=()
for part in "$@"; do
  rm -f "$out/$part.json"
  files+=("$out/$part.json")
  started=$SECONDS
  case "$part" in
    python) .venv/bin/python benchmarks/python/main.py "$out/python.json" || status=1 ;;
    node) node --expose-gc benchmarks/node/main.mjs "$out/node.json" || status=1 ;;
    *) echo "unknown part $part" >&2; exit 2 ;;
  esac
  echo "$part part: $((SECONDS - started)) s"
done
.venv/bin/python benchmarks/table.py "${files[@]}" || status=1
exit $status
