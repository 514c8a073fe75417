#!/usr/bin/env bash
# A few `flow` commands against a fresh flow-mock: a table, JSON, a bulk import with a journal, a
# report collected across sessions.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --quiet -p flow-cli
flow=$PWD/target/debug/flow
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
printf 'email,first_name,last_name\nada@example.com,Ada,Lovelace\ngrace@example.com,Grace,Hopper\n' >"$work/people.csv"
exec scripts/with-mock.sh -- bash -c "
  set -x
  $flow sessions list --period past --format table
  $flow registrants add T35tT0K3n --email alan@example.com --first-name Alan --last-name Turing
  $flow registrants import $work/people.csv --session T35tT0K3n --journal $work/journal.jsonl --format table
  $flow reports collect registrants --period past | head -n 4
"
