#!/usr/bin/env bash
# The Rust quickstart against a fresh flow-mock.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --quiet -p flow-core --features reqwest --example quickstart
exec scripts/with-mock.sh -- target/debug/examples/quickstart
