#!/usr/bin/env bash
# The benchmark suite's older entry point, kept for scripts that call it: runs bench/scale.mjs
# (`npm run bench`; its header says what it measures and how). RECORDS=N measures one generated
# repo of N records instead of the scale curve (COMMITS, RUNS, AJV and --out as bench/scale.mjs).
#   RECORDS=300 COMMITS=60 RUNS=2 AJV=0 bash bench/run.sh     the quick smoke run CI does
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -n "${RECORDS:-}" ]; then
  export SIZES="$RECORDS"
  # The evidence add target's one-initiative repo, at the same small scale.
  export EVIDENCE_FILES="${EVIDENCE_FILES:-$RECORDS}"
fi
exec node bench/scale.mjs "$@"
