#!/usr/bin/env bash
# Start-up and validation times, measured side by side with hyperfine (Debian package).
#   npm run bench:startup            # after npm ci
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v hyperfine >/dev/null 2>&1; then
  echo "hyperfine is not installed; on Debian: apt-get install hyperfine" >&2
  exit 2
fi
[ -f dist/cli/main.js ] || npm run build

hyperfine --warmup 5 --runs 40 -N \
  --command-name 'node -e 0' 'node -e 0' \
  --command-name 'pdx --version' 'node bin/pdx --version' \
  --command-name 'pdx validate (examples)' 'node bin/pdx -C examples validate'
