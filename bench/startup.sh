#!/usr/bin/env bash
# Start-up, validation and authoring times on the bundled example, measured side by side with
# hyperfine (Debian package).   npm run bench:startup   (after npm ci)
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v hyperfine >/dev/null 2>&1; then
  echo "hyperfine is not installed; on Debian: apt-get install hyperfine" >&2
  exit 2
fi
[ -f dist/cli/main.js ] || npm run build

pdx="node $PWD/bin/pdx"
repo=$(mktemp -d)
trap 'rm -rf "$repo"' EXIT
cp -r examples/. "$repo"

cd "$repo"
hyperfine --warmup 5 --runs 40 -N \
  --prepare 'rm -f discovery/evidence/instant-quotes/bench-evidence.yaml' \
  --command-name 'node -e 0' 'node -e 0' \
  --command-name 'pdx --version' "$pdx --version" \
  --command-name 'pdx validate (examples)' "$pdx validate" \
  --command-name 'pdx evidence add (by flags)' \
  "$pdx evidence add --initiative instant-quotes --customer C-099 --source interview --note benchmark --id bench-evidence"
