#!/usr/bin/env bash
# The benchmark suite: generates a realistic repo (bench/generate-repo.mjs: 10,000 records in ~500
# initiatives and 25 domains, 5,000 commits) in a temp folder and measures, side by side with
# hyperfine, every command against what it is compared with: pdx --version against node -e 0,
# evidence add against --version (in that repo and in the small example), validate cold and warm
# against the floors (bench/floor.mjs: read only; read + yaml parse) and against ajv-cli on the
# same files with the JSON Schemas `pdx schema` writes, gate and report against validate, search and
# evidence list against validate warm (RESEARCH_ONLY=1: only these, after generating the repo); then the
# peak memory of each. bench/summarize.mjs prints medians and ratios as Markdown.
#
#   npm run bench                          (needs hyperfine and GNU time: apt-get install hyperfine time)
#   npm run bench -- --out bench/RESULTS.md   also write the results there, with the machine described
#   RECORDS=2000 COMMITS=1000 RUNS=5 npm run bench   a quicker run
#   AJV=0 npm run bench                    skip ajv-cli (it is installed from npm into the temp folder)
set -euo pipefail
cd "$(dirname "$0")/.."
project=$PWD
out=""
if [ "${1:-}" = "--out" ]; then out="${2:?--out needs a file}"; fi

for tool in hyperfine /usr/bin/time; do
  command -v "$tool" >/dev/null 2>&1 || { echo "$tool is not installed; on Debian: apt-get install hyperfine time" >&2; exit 2; }
done
[ -f dist/cli/main.js ] || npm run build >/dev/null

runs=${RUNS:-10}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
repo="$work/repo"
small="$work/small"
pdx="node $project/bin/pdx"

node bench/generate-repo.mjs "$repo" "${RECORDS:-10000}" "${COMMITS:-5000}" > "$work/generated.txt"
cat "$work/generated.txt" >&2
cp -r examples/. "$small"
rm -rf "$small/.pdx/cache"

ajv=""
if [ "${AJV:-1}" != "0" ] && [ "${RESEARCH_ONLY:-0}" != "1" ]; then
  # ajv-cli reads one schema per run, so it runs once per record kind, on the folder of that kind.
  echo "installing ajv-cli 5.0.0 and ajv-formats 3.0.1 into the temp folder..." >&2
  npm install --prefix "$work/ajv" --no-save --no-audit --no-fund --silent ajv-cli@5.0.0 ajv-formats@3.0.1 >&2
  $pdx -C "$repo" schema --out "$work/schemas" >&2
  {
    echo '#!/bin/sh'
    echo "cd '$repo'"
    for pair in initiative:initiatives hypothesis:hypotheses evidence:evidence experiment:experiments domain:domains okr:okrs checkin:checkins; do
      echo "'$work/ajv/node_modules/.bin/ajv' validate --spec=draft2020 --strict=false -c ajv-formats --errors=no -s '$work/schemas/${pair%%:*}.schema.json' -d 'discovery/${pair##*:}/**/*.yaml' > /dev/null 2>&1"
    done
    echo 'exit 0'
  } > "$work/ajv.sh"
  chmod +x "$work/ajv.sh"
  ajv="$work/ajv.sh"
fi

research() {
  echo "== the research repository against validate, warm" >&2
  hyperfine -N --warmup 1 --runs "$runs" --export-json "$work/research.json" --style basic -i \
    --prepare true --command-name 'pdx validate (warm)' "$pdx validate" \
    --prepare true --command-name 'pdx search café (warm)' "$pdx search café" \
    --prepare true --command-name 'pdx search quote pallet --json (warm)' "$pdx search quote pallet --json" \
    --prepare true --command-name 'pdx evidence list --tag dock --since 12w (warm)' "$pdx evidence list --tag dock --since 12w" \
    --prepare true --command-name 'pdx evidence list --json (warm)' "$pdx evidence list --json" >&2
}

cold='rm -rf .pdx/cache'
new_evidence='rm -f discovery/evidence/initiative-1/bench-evidence.yaml'
evidence_add="evidence add --initiative initiative-1 --customer C-1 --source interview --note benchmark --id bench-evidence"

cd "$repo"
if [ "${RESEARCH_ONLY:-0}" = "1" ]; then
  $pdx validate > /dev/null || true
  research
  cd "$project"
  node bench/summarize.mjs "$work" ${out:+--out "$out"}
  exit 0
fi
echo "== start-up, and a write during an interview" >&2
hyperfine -N --warmup 3 --runs $((runs * 2)) --export-json "$work/startup.json" --style basic \
  --prepare true --command-name 'node -e 0' 'node -e 0' \
  --prepare true --command-name 'pdx --version' "$pdx --version" \
  --prepare "$new_evidence" --command-name 'pdx evidence add' "$pdx $evidence_add" \
  --prepare "rm -f $small/discovery/evidence/instant-quotes/bench-evidence.yaml" --command-name 'pdx evidence add (examples)' \
  "$pdx -C $small evidence add --initiative instant-quotes --customer C-1 --source interview --note benchmark --id bench-evidence" >&2

ajv_args=()
[ -n "$ajv" ] && ajv_args=(--prepare true --command-name 'ajv-cli (7 runs, one per kind)' "$ajv"
  --prepare true --command-name 'ajv-cli (evidence only: half the files, one run)' "$work/ajv/node_modules/.bin/ajv validate --spec=draft2020 --strict=false -c ajv-formats --errors=no -s $work/schemas/evidence.schema.json -d discovery/evidence/**/*.yaml")
echo "== validate: cold (no cache) and warm, against the floors and ajv-cli" >&2
hyperfine -N --warmup 1 --runs "$runs" --export-json "$work/validate.json" --style basic -i \
  --prepare true --command-name 'read every file (floor)' "node $project/bench/floor.mjs read ." \
  --prepare true --command-name 'read + yaml parse (floor)' "node $project/bench/floor.mjs yaml ." \
  "${ajv_args[@]}" \
  --prepare "$cold" --command-name 'pdx validate (cold)' "$pdx validate" \
  --prepare true --command-name 'pdx validate (warm)' "$pdx validate" >&2

echo "== gate and report against validate, cold and warm" >&2
hyperfine -N --warmup 1 --runs "$runs" --export-json "$work/commands.json" --style basic -i \
  --prepare "$cold" --command-name 'pdx validate (cold)' "$pdx validate" \
  --prepare "$cold" --command-name 'pdx gate mvp (cold)' "$pdx gate mvp" \
  --prepare "$cold" --command-name 'pdx report --json (cold)' "$pdx report --json" \
  --prepare true --command-name 'pdx validate (warm)' "$pdx validate" \
  --prepare true --command-name 'pdx gate mvp (warm)' "$pdx gate mvp" \
  --prepare true --command-name 'pdx report --json (warm)' "$pdx report --json" >&2

research

echo "== peak memory" >&2
memory() { # name, prepare, command...
  local name=$1 prepare=$2
  shift 2
  sh -c "$prepare"
  /usr/bin/time -f "%M" -o "$work/rss" "$@" > /dev/null 2>&1 || true
  printf '%s\t%s\n' "$name" "$(tail -1 "$work/rss")" >> "$work/memory.tsv"
}
: > "$work/memory.tsv"
memory 'pdx --version' true $pdx --version
memory 'pdx evidence add' "$new_evidence" $pdx $evidence_add
for command in validate 'gate mvp' 'report --json'; do
  memory "pdx $command (cold)" "$cold" $pdx $command
  memory "pdx $command (warm)" true $pdx $command
done
[ -z "$ajv" ] || memory 'ajv-cli (largest of 7 runs: evidence)' true "$work/ajv/node_modules/.bin/ajv" validate --spec=draft2020 --strict=false -c ajv-formats --errors=no -s "$work/schemas/evidence.schema.json" -d 'discovery/evidence/**/*.yaml'

cd "$project"
node bench/summarize.mjs "$work" ${out:+--out "$out"}
