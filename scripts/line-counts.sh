#!/usr/bin/env bash
# Non-blank lines of the core and of each binding, tests excluded (a Rust file is counted up to its
# `#[cfg(test)]` module), and the bindings' share of the core: the "thin bindings" budget.
set -euo pipefail
cd "$(dirname "$0")/.."

count() {
  local total=0 file
  for file in "$@"; do
    total=$((total + $(awk '/^#\[cfg\(test\)\]/ { exit } NF { n++ } END { print n + 0 }' "$file")))
  done
  echo "$total"
}

core=$(count $(find flow-core/src -name '*.rs'))
py=$(count $(find flow-py/src -name '*.rs'))
wasm=$(count $(find flow-wasm/src -name '*.rs'))
js=$(count js/*.js)
pct() { echo $(( ($1 * 1000 / core + 5) / 10 )); }
echo "flow-core/src: $core"
echo "flow-py/src:   $py ($(pct "$py") % of core; budget 35 %)"
echo "flow-wasm/src: $wasm, js/*.js: $js ($(pct $((wasm + js))) % of core together; budget 25 %)"
if [ "${1:-}" = --check ]; then
  [ $((py * 100)) -le $((core * 35)) ] || { echo "flow-py/src is over 35 % of flow-core/src" >&2; exit 1; }
  [ $(((wasm + js) * 100)) -le $((core * 25)) ] || { echo "flow-wasm/src + js is over 25 % of flow-core/src" >&2; exit 1; }
fi
