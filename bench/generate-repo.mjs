#!/usr/bin/env node
// Generates a realistic synthetic pdx repo for benchmarks, laid out as pdx writes it: ~500
// initiatives at every stage, each with six hypotheses, evidence and experiments, and domains
// with OKRs and check-ins; records of 30–60 lines. Its git history grows the way a team's does,
// one change per commit: an initiative is created, advanced stage by stage (each advance edits
// its file), and gains hypotheses, evidence and experiments over time; one initiative in 25 has a
// stage set by hand, so gate and report must date it from git. The whole history is written in
// one `git fast-import` stream (no process per commit).
//   node bench/generate-repo.mjs DIR [RECORDS=10000] [COMMITS=5000]
//   SEED=7 node bench/generate-repo.mjs …   another team's repo: other text, its own people and name (for a portfolio)
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
const teamSeed = process.env.SEED;
let seed = Number(teamSeed ?? 42);
/** A team member's name: each generated team has its own people. */
const member = (n) => (teamSeed ? `Member ${teamSeed}.${n}` : `Member ${n}`);
const rand = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
const pick = (list) => list[Math.floor(rand() * list.length)];
const between = (low, high) => low + Math.floor(rand() * (high - low + 1));
const sentence = (n) => Array.from({ length: n }, () => pick(WORDS)).join(' ');
const date = (day) => new Date(Date.UTC(2025, 0, 1) + day * 86400000).toISOString().slice(0, 10);
/** Every third interview has the customer's words and a tag, one in 150 a café (no random draw: the rest of the repo stays as it was). */
const quoted = (n) => (n % 3 === 0 ? `quote: The ${WORDS[n % WORDS.length]} was late again${n % 150 === 0 ? ', so I waited at the Café' : ''}\ntags: [${WORDS[n % 7]}]\n` : '');
/** A block of interview notes: sets each record's length between about 30 and 60 lines. */
const note = (lines) => Array.from({ length: lines }, () => `  ${sentence(12)}.`).join('\n');

const files = new Map();
files.set('pdx.yaml', `version: 1\nname: ${teamSeed ? `Benchmark team ${teamSeed}` : 'Benchmark org'}\n`);
files.set('.pdx/.gitignore', 'cache/\n');

// Each initiative and domain is a queue of changes, one per commit; `day` is the commit's day.
const queues = [];
const perInitiative = 1 + KINDS.length + 10 + 2;
const initiatives = Math.max(1, Math.round((target * 0.95) / perInitiative));
const domains = Math.max(1, Math.round((target - initiatives * perInitiative) / 20));

for (let i = 0; i < initiatives; i++) {
  const id = `initiative-${i}`;
  const last = i % STAGES.length;
  // One initiative in 25 past immersion had its stage edited by hand: no history entry for it.
  const byHand = i % 25 === 7 && last > 0;
  const history = [];
  const team = ['product-manager', 'designer', 'engineering-lead'].map((r, n) => `  - { name: ${member((i % 7) + n)}, role: ${r} }`).join('\n');
  const ideas = Array.from({ length: 4 }, (_, n) => `  - { text: "${sentence(8)}", date: ${date(n)} }`).join('\n');
  const group = Array.from({ length: between(8, 14) }, (_, n) => `  - { id: P-${i}-${n}, segment: ${pick(WORDS)}, joined: ${date(n)} }`).join('\n');
  const title = sentence(4);
  const initiative = (stage) =>
    `# ${sentence(6)}\nid: ${id}\ntitle: ${title}\nobjective: ${sentence(12)}\nstage: ${stage}\nhistory:\n${history.join('\n')}\nteam:\n${team}\nideas:\n${ideas}\nepiphany: >-\n  ${sentence(20)}\n  ${sentence(20)}\nfeedbackGroup:\n${group}\n`;
  const advance = (s) => (day) => {
    if (!(byHand && s === last)) history.push(`  - { stage: ${STAGES[s]}, date: ${date(day)}, by: ${member(i % 7)} }`);
    return [[`discovery/initiatives/${id}.yaml`, initiative(STAGES[s])]];
  };
  const hypotheses = (day) =>
    KINDS.map((kind) => {
      const extra = kind === 'product' ? 'currentSolution: email\nimprovementFactor: 12\n' : '';
      const claims = Array.from({ length: 3 }, (_, n) => `  - id: c${n + 1}\n    text: ${sentence(10)}`).join('\n');
      return [`discovery/hypotheses/${id}/${id}-${kind}.yaml`, `id: ${id}-${kind}\ninitiative: ${id}\nkind: ${kind}\nstatement: >-\n  ${sentence(16)}\n  ${sentence(16)}\nstatus: validated\ncreated: ${date(day)}\nclaims:\n${claims}\n${extra}notes: |\n${note(between(15, 40))}\n`];
    });
  let evidence = 0;
  const interviews = (count) => (day) =>
    Array.from({ length: count }, () => {
      const n = evidence++;
      const eid = `${date(day)}-c-${i}-${n}`;
      return [`discovery/evidence/${id}/${eid}.yaml`, `id: ${eid}\ninitiative: ${id}\ndate: ${date(day)}\nsource: interview\ncustomer: C-${i}-${n}\nhypothesis: ${id}-${KINDS[n % KINDS.length]}\nclaim: c1\nverdict: supports\nby: ${member(n % 5)}\nnote: |\n${note(between(20, 50))}\n${quoted(n)}`];
    });
  const experiment = (n) => (day) => {
    const xid = `${id}-prototype-${n}`;
    return [[`discovery/experiments/${id}/${xid}.yaml`, `id: ${xid}\ninitiative: ${id}\ntype: prototype\nhypotheses: [${id}-product]\ntestCard:\n  believe: ${sentence(10)}\n  verify: ${sentence(10)}\n  measure: ${sentence(6)}\n  rightIf: ${sentence(8)}\nstatus: concluded\nstarted: ${date(day - 9)}\nplannedDays: 7\nconcluded: ${date(day - 2)}\nresult: validated\nlearning:\n  observed: |\n${note(between(6, 20)).replace(/^/gm, '  ')}\n  learned: |\n${note(between(4, 12)).replace(/^/gm, '  ')}\n  next: ${sentence(10)}\n  decision: persevere\n`]];
  };
  // Created at immersion, hypotheses next; evidence, experiments and stage advances interleave.
  const later = [interviews(4), interviews(3), interviews(3), experiment(0), experiment(1)];
  for (let s = 1; s <= last; s++) later.splice(Math.min(later.length, s * 2 - 1), 0, advance(s));
  queues.push([advance(0), hypotheses, ...later]);
}
for (let d = 0; d < domains; d++) {
  const id = `domain-${d}`;
  const setup = () => [
    [`discovery/domains/${id}.yaml`, `id: ${id}\nname: ${sentence(2)}\npurpose: ${sentence(10)}\nteam:\n  - { name: Owner ${d}, role: product-manager }\n`],
    [`discovery/okrs/${id}-2025-q4.yaml`, `id: ${id}-2025-q4\ndomain: ${id}\nperiod: 2025-Q4\nobjective: ${sentence(6)}\nkeyResults:\n  - { id: kr-${d}-a, metric: ${sentence(3)}, baseline: 30, target: 3, current: 12 }\n  - { id: kr-${d}-b, metric: ${sentence(3)}, baseline: 20, target: 60, current: 34 }\n`],
  ];
  const checkin = (n) => (day) => [[`discovery/checkins/${id}/${date(day)}-kr-${d}-a-${n}.yaml`, `id: ${date(day)}-kr-${d}-a-${n}\nkr: kr-${d}-a\ndate: ${date(day)}\nvalue: ${30 - n}\nby: Owner ${d}\nnote: |\n${note(between(25, 50))}\n`]];
  queues.push([setup, ...Array.from({ length: 18 }, (_, n) => checkin(n))]);
}

// Interleave the queues at random, keeping each one's order; spread the changes over `commits`
// commits (several changes share a commit when there are more changes than commits), from
// 2025-01-01 over about 600 days, so every date is in the past.
const changes = queues.reduce((sum, q) => sum + q.length, 0);
const total = Math.min(commits, changes);
const DAYS = 600;
let stream = '';
let mark = 0;
let done = 0;
let batch = [];
while (queues.length > 0) {
  const at = Math.floor(rand() * queues.length);
  const commit = Math.floor((done * total) / changes);
  const day = Math.floor((commit * DAYS) / total);
  for (const [path, content] of queues[at].shift()(day)) {
    files.set(path, content);
    batch.push(path);
  }
  if (queues[at].length === 0) queues.splice(at, 1);
  done++;
  if (Math.floor((done * total) / changes) !== commit || queues.length === 0) {
    mark++;
    const when = Math.floor(Date.UTC(2025, 0, 1) / 1000) + day * 86400 + (mark % 24) * 3600;
    stream += `commit refs/heads/main\nmark :${mark}\ncommitter Bench <bench@example.com> ${when} +0000\ndata <<EOM\n${batch.length} changes\nEOM\n`;
    if (mark > 1) stream += `from :${mark - 1}\n`;
    else stream += `M 100644 inline pdx.yaml\ndata ${Buffer.byteLength(files.get('pdx.yaml'))}\n${files.get('pdx.yaml')}\nM 100644 inline .pdx/.gitignore\ndata 7\ncache/\n\n`;
    for (const path of new Set(batch)) {
      const content = files.get(path);
      stream += `M 100644 inline ${path}\ndata ${Buffer.byteLength(content)}\n${content}\n`;
    }
    batch = [];
  }
}

mkdirSync(dir, { recursive: true });
execFileSync('git', ['init', '-q', '-b', 'main', dir]);
execFileSync('git', ['fast-import', '--quiet'], { cwd: dir, input: stream, maxBuffer: 1 << 30 });
execFileSync('git', ['checkout', '-q', '-f', 'main'], { cwd: dir });
for (const [path, content] of files) {
  mkdirSync(dirname(join(dir, path)), { recursive: true });
  writeFileSync(join(dir, path), content);
}
const records = [...files.keys()].filter((f) => f.startsWith('discovery/')).length;
const lines = [...files].filter(([f]) => f.startsWith('discovery/')).map(([, c]) => c.split('\n').length - 1);
console.log(`${dir}: ${records} records (${Math.min(...lines)}–${Math.max(...lines)} lines, ${Math.round(lines.reduce((a, b) => a + b, 0) / lines.length)} on average), ${mark} commits`);
