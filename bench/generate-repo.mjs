#!/usr/bin/env node
// Generates a realistic synthetic pdx repo for benchmarks: initiatives at every stage with six
// hypotheses, evidence and experiments each, domains with OKRs and check-ins, and a git history
// of about COMMITS commits written in one `git fast-import` stream (fast, no process per commit).
//   node bench/generate-repo.mjs DIR [RECORDS=10000] [COMMITS=5000]
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

const [dir, recordsArg = '10000', commitsArg = '5000'] = process.argv.slice(2);
if (!dir) {
  console.error('usage: node bench/generate-repo.mjs DIR [RECORDS] [COMMITS]');
  process.exit(2);
}
const target = Number(recordsArg);
const commits = Number(commitsArg);
const STAGES = ['immersion', 'epiphany', 'hypothesis', 'validation', 'prototyping', 'design', 'release', 'mvp'];
const KINDS = ['customer', 'product', 'market', 'competitor', 'pricing', 'revenue-engine'];
const WORDS = 'shipper carrier quote lane pallet dock freight booking invoice margin rate broker warehouse pickup delivery'.split(' ');
let seed = 42;
const rand = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
const pick = (list) => list[Math.floor(rand() * list.length)];
const sentence = (n) => Array.from({ length: n }, () => pick(WORDS)).join(' ');
const date = (day) => new Date(Date.UTC(2025, 0, 1) + day * 86400000).toISOString().slice(0, 10);
const note = () => Array.from({ length: 20 }, () => `  ${sentence(12)}.`).join('\n');

const files = new Map();
files.set('pdx.yaml', 'version: 1\nname: Benchmark org\n');
const perInitiative = 1 + 6 + 12 + 2;
const initiatives = Math.max(1, Math.floor((target * 0.96) / perInitiative));
const domains = Math.max(1, Math.floor(initiatives / 24));
for (let i = 0; i < initiatives; i++) {
  const id = `initiative-${i}`;
  const stage = STAGES[i % STAGES.length];
  const history = STAGES.slice(0, STAGES.indexOf(stage) + 1).map((s, n) => `  - { stage: ${s}, date: ${date(n * 20)}, by: Member ${i % 7} }`).join('\n');
  const team = ['product-manager', 'designer', 'engineering-lead'].map((r, n) => `  - { name: Member ${i % 7 + n}, role: ${r} }`).join('\n');
  const ideas = Array.from({ length: 4 }, (_, n) => `  - { text: "${sentence(8)}", date: ${date(n)} }`).join('\n');
  const group = Array.from({ length: 12 }, (_, n) => `  - { id: P-${i}-${n}, segment: ${pick(WORDS)}, joined: ${date(60 + n)} }`).join('\n');
  files.set(`discovery/initiatives/${id}.yaml`, `# ${sentence(6)}\nid: ${id}\ntitle: ${sentence(4)}\nobjective: ${sentence(12)}\nstage: ${stage}\nhistory:\n${history}\nteam:\n${team}\nideas:\n${ideas}\nepiphany: >-\n  ${sentence(20)}\n  ${sentence(20)}\nfeedbackGroup:\n${group}\n`);
  for (const kind of KINDS) {
    const extra = kind === 'product' ? 'currentSolution: email\nimprovementFactor: 12\n' : '';
    files.set(`discovery/hypotheses/${id}/${id}-${kind}.yaml`, `id: ${id}-${kind}\ninitiative: ${id}\nkind: ${kind}\nstatement: >-\n  ${sentence(16)}\n  ${sentence(16)}\nstatus: validated\ncreated: ${date(40)}\nclaims:\n${Array.from({ length: 3 }, (_, n) => `  - id: c${n + 1}\n    text: ${sentence(10)}`).join('\n')}\n${extra}notes: |\n${note()}\n`);
  }
  for (let n = 0; n < 12; n++) {
    const kind = KINDS[n % 6];
    const eid = `${date(50 + n)}-c-${i}-${n}`;
    files.set(`discovery/evidence/${id}/${eid}.yaml`, `id: ${eid}\ninitiative: ${id}\ndate: ${date(50 + n)}\nsource: interview\ncustomer: C-${i}-${n}\nhypothesis: ${id}-${kind}\nclaim: c1\nverdict: supports\nby: Member ${n % 5}\nnote: |\n${note()}\n`);
  }
  for (let n = 0; n < 2; n++) {
    const xid = `${id}-prototype-${n}`;
    files.set(`discovery/experiments/${id}/${xid}.yaml`, `id: ${xid}\ninitiative: ${id}\ntype: prototype\nhypotheses: [${id}-product]\ntestCard:\n  believe: ${sentence(10)}\n  verify: ${sentence(10)}\n  measure: ${sentence(6)}\n  rightIf: ${sentence(8)}\nstatus: concluded\nstarted: ${date(100 + n * 7)}\nplannedDays: 5\nconcluded: ${date(104 + n * 7)}\nresult: validated\nlearning:\n  observed: ${sentence(12)}\n  learned: ${sentence(12)}\n  next: ${sentence(10)}\n  decision: persevere\n`);
  }
}
for (let d = 0; d < domains; d++) {
  const id = `domain-${d}`;
  files.set(`discovery/domains/${id}.yaml`, `id: ${id}\nname: ${sentence(2)}\npurpose: ${sentence(10)}\nteam:\n  - { name: Owner ${d}, role: product-manager }\n`);
  files.set(`discovery/okrs/${id}-2025-q4.yaml`, `id: ${id}-2025-q4\ndomain: ${id}\nperiod: 2025-Q4\nobjective: ${sentence(6)}\nkeyResults:\n  - { id: kr-${d}-a, metric: ${sentence(3)}, baseline: 30, target: 3, current: 12 }\n  - { id: kr-${d}-b, metric: ${sentence(3)}, baseline: 20, target: 60, current: 34 }\n`);
  for (let n = 0; n < 10; n++) files.set(`discovery/checkins/${id}/${date(200 + n * 7)}-kr-${d}-a.yaml`, `id: ${date(200 + n * 7)}-kr-${d}-a\nkr: kr-${d}-a\ndate: ${date(200 + n * 7)}\nvalue: ${30 - n * 2}\n`);
}

mkdirSync(dir, { recursive: true });
execFileSync('git', ['init', '-q', '-b', 'main', dir]);
// One fast-import stream: the files spread over `commits` commits, one day apart.
const paths = [...files.keys()];
const perCommit = Math.max(1, Math.ceil(paths.length / commits));
let stream = '';
let mark = 0;
for (let c = 0, at = 0; at < paths.length; c++) {
  const when = Math.floor(Date.UTC(2025, 0, 1) / 1000) + c * 3600;
  const batch = paths.slice(at, at + perCommit);
  at += perCommit;
  mark++;
  stream += `commit refs/heads/main\nmark :${mark}\ncommitter Bench <bench@example.com> ${when} +0000\ndata <<EOM\nadd ${batch.length} records\nEOM\n`;
  if (c > 0) stream += `from :${mark - 1}\n`;
  for (const path of batch) {
    const content = files.get(path);
    stream += `M 100644 inline ${path}\ndata ${Buffer.byteLength(content)}\n${content}\n`;
  }
}
execFileSync('git', ['fast-import', '--quiet'], { cwd: dir, input: stream, maxBuffer: 1 << 30 });
execFileSync('git', ['checkout', '-q', '-f', 'main'], { cwd: dir });
for (const [path, content] of files) {
  mkdirSync(dirname(join(dir, path)), { recursive: true });
  writeFileSync(join(dir, path), content);
}
console.log(`${dir}: ${files.size - 1} records, ${mark} commits`);
