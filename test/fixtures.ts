/** Small valid records that tests combine with one broken file at a time. */
export const VALID = {
  initiative: `id: quotes
title: Instant quotes
stage: hypothesis
team:
  - { name: Maya, role: product-manager }
history:
  - { stage: immersion, date: 2026-07-06 }
  - { stage: epiphany, date: 2026-08-03 }
  - { stage: hypothesis, date: 2026-08-24 }
`,
  hypothesis: `id: quotes-product
initiative: quotes
kind: product
statement: A firm price in under a minute.
claims:
  - { id: c1, text: Shippers accept a firm price in under a minute. }
improvementFactor: 120
`,
  evidence: `id: e1
initiative: quotes
date: 2026-09-15
source: interview
customer: C-004
hypothesis: quotes-product
claim: c1
verdict: supports
note: Booked on the spot.
`,
  domain: `id: onboarding
name: Onboarding
purpose: First booking fast
`,
  okr: `id: onboarding-q4
domain: onboarding
period: 2026-Q4
objective: Book in days
keyResults:
  - { id: days-to-book, metric: Days to first booking, baseline: 30, target: 3 }
`,
  checkin: `id: c-2026-11-02
kr: days-to-book
date: 2026-11-02
value: 12
`,
  experiment: `id: x1
initiative: quotes
type: prototype
hypotheses: [quotes-product]
testCard:
  believe: b
  verify: v
  measure: m
  rightIf: r
status: concluded
started: 2026-10-01
concluded: 2026-10-05
result: validated
learning: { observed: o, learned: l, next: n, decision: persevere }
`,
};

/** The base repo: one valid record of every kind. */
export const BASE_FILES: Record<string, string> = {
  'discovery/initiatives/quotes.yaml': VALID.initiative,
  'discovery/hypotheses/quotes-product.yaml': VALID.hypothesis,
  'discovery/evidence/quotes/e1.yaml': VALID.evidence,
  'discovery/domains/onboarding.yaml': VALID.domain,
  'discovery/okrs/onboarding-q4.yaml': VALID.okr,
  'discovery/checkins/c-2026-11-02.yaml': VALID.checkin,
  'discovery/experiments/quotes/x1.yaml': VALID.experiment,
};

export interface BadCase {
  name: string;
  file: string;
  content: string | Buffer;
  code: string;
  line: number;
  /** A word the message must contain. */
  says: RegExp;
  /** Also rejected by the exported JSON Schema (a schema-level case), as opposed to parse or cross-file. */
  schemaLevel?: boolean;
}

const H = 'discovery/hypotheses/bad.yaml';

/** One bad file per case, each with the code and line pdx must report. */
export const BAD_CASES: BadCase[] = [
  { name: 'YAML syntax error', file: H, content: 'id: bad\ninitiative: quotes\nstatement: Quote: fast\n', code: 'yaml/block-as-implicit-key', line: 3, says: /quotes/ },
  { name: 'tab indentation', file: H, content: 'id: bad\nclaims:\n\t- id: c1\n', code: 'yaml/tab-as-indent', line: 3, says: /tab/ },
  { name: 'duplicate key', file: H, content: 'id: bad\nkind: product\nstatement: s\nkind: market\n', code: 'yaml/duplicate-key', line: 4, says: /twice/ },
  {
    name: 'wrong type',
    file: H,
    content: VALID.hypothesis.replace('id: quotes-product', 'id: bad').replace('improvementFactor: 120', 'improvementFactor: ten times'),
    code: 'schema/type',
    line: 7,
    says: /improvementFactor.*must be a number/,
    schemaLevel: true,
  },
  {
    name: 'unknown key with a suggestion',
    file: H,
    content: VALID.hypothesis.replace('id: quotes-product', 'id: bad').replace('improvementFactor: 120', 'improvmentFactor: 120'),
    code: 'schema/unknown-key',
    line: 7,
    says: /did you mean `improvementFactor`/,
    schemaLevel: true,
  },
  {
    name: 'missing required field',
    file: H,
    content: VALID.hypothesis.replace('id: quotes-product', 'id: bad').replace('statement: A firm price in under a minute.\n', ''),
    code: 'schema/required',
    line: 1,
    says: /statement/,
    schemaLevel: true,
  },
  {
    name: 'bad enum value',
    file: 'discovery/evidence/bad.yaml',
    content: VALID.evidence.replace('id: e1', 'id: bad').replace('source: interview', 'source: interveiw'),
    code: 'schema/enum',
    line: 4,
    says: /did you mean `interview`/,
    schemaLevel: true,
  },
  {
    name: 'bad date',
    file: 'discovery/evidence/bad.yaml',
    content: VALID.evidence.replace('id: e1', 'id: bad').replace('date: 2026-09-15', 'date: 2026-02-30'),
    code: 'schema/date',
    line: 3,
    says: /YYYY-MM-DD/,
    schemaLevel: true,
  },
  {
    name: 'unknown hypothesis kind',
    file: H,
    content: VALID.hypothesis.replace('id: quotes-product', 'id: bad').replace('kind: product', 'kind: prodcut'),
    code: 'schema/enum',
    line: 3,
    says: /did you mean `product`/,
    schemaLevel: true,
  },
  {
    name: 'an id that is not a safe file name',
    file: H,
    content: VALID.hypothesis.replace('id: quotes-product', 'id: ../../etc/passwd'),
    code: 'schema/format',
    line: 1,
    says: /lowercase letters/,
    schemaLevel: true,
  },
  {
    name: 'dangling reference',
    file: 'discovery/evidence/bad.yaml',
    content: VALID.evidence.replace('id: e1', 'id: bad').replace('hypothesis: quotes-product', 'hypothesis: quotes-produkt'),
    code: 'ref/dangling',
    line: 6,
    says: /did you mean `quotes-product`/,
  },
  {
    name: 'duplicate id across two files',
    file: 'discovery/evidence/zz-copy.yaml',
    content: VALID.evidence,
    code: 'id/duplicate',
    line: 1,
    says: /already used by discovery\/evidence\/quotes\/e1\.yaml/,
  },
  { name: 'UTF-16 text', file: H, content: Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('id: bad\n', 'utf16le')]), code: 'file/encoding', line: 1, says: /UTF-16/ },
  { name: 'a file with too many lines (the duplicate-key check is quadratic)', file: H, content: Array.from({ length: 6000 }, (_, i) => `k${i}: 1`).join('\n'), code: 'file/too-long', line: 5001, says: /5000 lines/ },
  {
    name: 'blank text',
    file: H,
    content: VALID.hypothesis.replace('id: quotes-product', 'id: bad').replace('statement: A firm price in under a minute.', 'statement: "   "'),
    code: 'schema/format',
    line: 4,
    says: /not blank/,
    schemaLevel: true,
  },
  { name: 'multiple documents in one file', file: H, content: 'id: bad\n---\nid: other\n', code: 'yaml/multiple-docs', line: 2, says: /more than one/ },
  { name: 'empty file', file: H, content: '', code: 'file/empty', line: 1, says: /empty/ },
  {
    name: 'alias bomb',
    file: H,
    content:
      'a: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\n',
    code: 'yaml/alias-limit',
    line: 1,
    says: /alias/,
  },
  { name: 'deep nesting', file: H, content: `id: bad\nclaims: ${'['.repeat(5000)}${']'.repeat(5000)}\n`, code: 'yaml/resource-exhaustion', line: 2, says: /nested too deeply/ },
  { name: 'a file over the size cap', file: H, content: `id: bad\nnotes: ${'x'.repeat(1_100_000)}\n`, code: 'file/too-large', line: 1, says: /at most 1024 KB/ },
  { name: 'invalid UTF-8', file: H, content: Buffer.concat([Buffer.from('id: bad\nstatement: caf'), Buffer.from([0xe9]), Buffer.from('\n')]), code: 'file/encoding', line: 2, says: /UTF-8/ },
  { name: 'a binary file with a .yaml name', file: H, content: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d]), code: 'file/binary', line: 3, says: /binary/ },
];
