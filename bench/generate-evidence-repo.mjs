#!/usr/bin/env node
// Generates a pdx repo with one initiative and COUNT small evidence files in its folder, in one
// commit (one `git fast-import` stream, then one checkout): the repo `evidence add` must stay
// fast in, since a new note's id has to be unique among all of them.
//   node bench/generate-evidence-repo.mjs DIR [COUNT=100000]
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';

const [dir, countArg = '100000'] = process.argv.slice(2);
if (!dir) {
  console.error('usage: node bench/generate-evidence-repo.mjs DIR [COUNT]');
  process.exit(2);
}
const count = Number(countArg);
const id = 'big-initiative';
const date = (day) => new Date(Date.UTC(2025, 0, 1) + day * 86400000).toISOString().slice(0, 10);
const files = [
  ['pdx.yaml', 'version: 1\nname: Benchmark one initiative\n'],
  ['.pdx/.gitignore', 'cache/\n'],
  [`discovery/initiatives/${id}.yaml`, `id: ${id}\ntitle: One initiative with many notes\nobjective: Shippers book a pallet in under a minute\nstage: immersion\nhistory:\n  - { stage: immersion, date: ${date(0)}, by: Member 1 }\nteam:\n  - { name: Member 1, role: product-manager, joined: ${date(0)} }\n`],
];
// About 30 notes a day over the years, ids as pdx writes them: date-customer.
for (let n = 0; n < count; n++) {
  const day = Math.floor(n / 30);
  const eid = `${date(day)}-c-${n}`;
  files.push([`discovery/evidence/${id}/${eid}.yaml`, `id: ${eid}\ninitiative: ${id}\ndate: ${date(day)}\nsource: interview\ncustomer: C-${n}\nby: Member ${n % 5}\nnote: The pallet was booked by phone again, call ${n}.\n`]);
}
const parts = ['commit refs/heads/main\nmark :1\ncommitter Bench <bench@example.com> 1735689600 +0000\ndata 15\nmany evidence\n\n'];
for (const [path, content] of files) parts.push(`M 100644 inline ${path}\ndata ${Buffer.byteLength(content)}\n${content}\n`);

mkdirSync(dir, { recursive: true });
execFileSync('git', ['init', '-q', '-b', 'main', dir]);
execFileSync('git', ['fast-import', '--quiet'], { cwd: dir, input: parts.join(''), maxBuffer: 1 << 30 });
execFileSync('git', ['checkout', '-q', '-f', 'main'], { cwd: dir });
console.log(`${dir}: 1 initiative, ${count} evidence files, 1 commit`);
