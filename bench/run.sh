#!/usr/bin/env bash
# The scale benchmark: a synthetic repo of ~10,000 records and ~5,000 commits (bench/generate-repo.mjs)
# and hyperfine medians for the commands that matter, side by side with their floors.
#   npm run bench            (after npm ci; needs hyperfine from Debian's packages)
#   RECORDS=2000 COMMITS=500 npm run bench    for a quicker run
set -euo pipefail
cd "$(dirname "$0")/.."
command -v hyperfine >/dev/null 2>&1 || { echo "hyperfine is not installed; on Debian: apt-get install hyperfine" >&2; exit 2; }
[ -f dist/cli/main.js ] || npm run build

pdx="node $PWD/bin/pdx"
repo=$(mktemp -d)
trap 'rm -rf "$repo"' EXIT
node bench/generate-repo.mjs "$repo" "${RECORDS:-10000}" "${COMMITS:-5000}"
cd "$repo"

echo "== start-up and a write during an interview"
hyperfine -N --warmup 3 --runs "${RUNS:-20}" \
  --prepare 'rm -f discovery/evidence/initiative-1/bench-evidence.yaml' \
  --command-name 'node -e 0' 'node -e 0' \
  --command-name 'pdx --version' "$pdx --version" \
  --command-name 'pdx evidence add' "$pdx evidence add --initiative initiative-1 --customer C-1 --source interview --note benchmark --id bench-evidence"

echo "== reading the whole repo"
hyperfine --warmup 1 --runs "${RUNS_SLOW:-5}" -i \
  --command-name 'cat every record (floor)' "find discovery -name '*.yaml' -exec cat {} + > /dev/null" \
  --command-name 'pdx validate' "$pdx validate" \
  --command-name 'pdx gate mvp' "$pdx gate mvp --json" \
  --command-name 'pdx report --json' "$pdx report --json"

echo "== peak memory (KB)"
for cmd in "validate" "gate mvp --json" "report --json"; do
  /usr/bin/time -f "pdx $cmd: %M KB, %e s" $pdx $cmd > /dev/null || true
done
