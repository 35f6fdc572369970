import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BASE_FILES, VALID } from '../fixtures.js';
import { hasStackTrace, minimalRepo, runPdx, spawnPdx, treeHash } from '../helpers.js';

/** A valid repo plus one invalid record of each kind a command looks up by id. */
const BROKEN_FILES = {
  ...BASE_FILES,
  'discovery/initiatives/rq.yaml': 'id: rq\ntitle: Rapid quotes\nstage: bogus\n',
  'discovery/domains/ops.yaml': 'id: ops\nname: Ops\npurpose: p\nowner: nobody\n',
  'discovery/okrs/ops-q4.yaml': 'id: ops-q4\ndomain: ops\nperiod: 2026-Q4\nkeyResults:\n  - { id: kr-x, metric: m, baseline: 1, target: 2 }\n',
  'discovery/hypotheses/rq/rq-product.yaml': VALID.hypothesis.replace('id: quotes-product', 'id: rq-product').replace('kind: product', 'kind: prodcut'),
  'discovery/experiments/quotes/x-broken.yaml': 'id: x-broken\ninitiative: quotes\ntype: prototype\nstatus: running\n',
};

const TEST_CARD = ['--believe', 'b', '--verify', 'v', '--measure', 'm', '--right-if', 'r'];
const EVIDENCE = ['--customer', 'C-1', '--source', 'interview', '--note', 'n'];
const LEARNING = ['--result', 'validated', '--observed', 'o', '--learned', 'l', '--next', 'n'];

/** Every command that looks a record up by id, pointed at a record whose file is invalid. */
const LOOKUPS: { args: string[]; file: string }[] = [
  { args: ['gate', 'epiphany', 'rq'], file: 'discovery/initiatives/rq.yaml' },
  { args: ['stage', 'rq'], file: 'discovery/initiatives/rq.yaml' },
  { args: ['initiative', 'show', 'rq'], file: 'discovery/initiatives/rq.yaml' },
  { args: ['initiative', 'update', 'rq', '--title', 'T'], file: 'discovery/initiatives/rq.yaml' },
  { args: ['initiative', 'add', '--title', 'Expansion', '--parent', 'rq'], file: 'discovery/initiatives/rq.yaml' },
  { args: ['idea', 'add', 'rq', '--text', 't'], file: 'discovery/initiatives/rq.yaml' },
  { args: ['evidence', 'add', '--initiative', 'rq', ...EVIDENCE], file: 'discovery/initiatives/rq.yaml' },
  { args: ['feedback-group', 'add', 'rq', 'P1'], file: 'discovery/initiatives/rq.yaml' },
  { args: ['customer', 'add', 'rq', 'C-1', '--paying-since', '2026-01-01'], file: 'discovery/initiatives/rq.yaml' },
  { args: ['customer', 'churn', 'rq', 'C-1', '--date', '2026-01-02'], file: 'discovery/initiatives/rq.yaml' },
  { args: ['team', 'add', 'rq', '--name', 'N', '--role', 'designer'], file: 'discovery/initiatives/rq.yaml' },
  { args: ['team', 'add', 'ops', '--name', 'N', '--role', 'designer'], file: 'discovery/domains/ops.yaml' },
  { args: ['advance', 'rq'], file: 'discovery/initiatives/rq.yaml' },
  { args: ['report', '--initiative', 'rq'], file: 'discovery/initiatives/rq.yaml' },
  { args: ['report', '--domain', 'ops'], file: 'discovery/domains/ops.yaml' },
  { args: ['hypothesis', 'add', '--initiative', 'rq', '--kind', 'market', '--statement', 's', '--claim', 'c'], file: 'discovery/initiatives/rq.yaml' },
  { args: ['hypothesis', 'add', '--initiative', 'quotes', '--kind', 'product', '--statement', 's', '--claim', 'c', '--supersedes', 'rq-product'], file: 'discovery/hypotheses/rq/rq-product.yaml' },
  { args: ['hypothesis', 'show', 'rq-product'], file: 'discovery/hypotheses/rq/rq-product.yaml' },
  { args: ['hypothesis', 'status', 'rq-product', 'testing'], file: 'discovery/hypotheses/rq/rq-product.yaml' },
  { args: ['evidence', 'add', '--initiative', 'quotes', '--hypothesis', 'rq-product', '--claim', 'c1', '--verdict', 'supports', ...EVIDENCE], file: 'discovery/hypotheses/rq/rq-product.yaml' },
  { args: ['experiment', 'add', '--initiative', 'rq', '--type', 'prototype', ...TEST_CARD], file: 'discovery/initiatives/rq.yaml' },
  { args: ['experiment', 'add', '--domain', 'ops', '--type', 'ab-test', ...TEST_CARD], file: 'discovery/domains/ops.yaml' },
  { args: ['experiment', 'add', '--initiative', 'quotes', '--hypothesis', 'rq-product', '--type', 'prototype', ...TEST_CARD], file: 'discovery/hypotheses/rq/rq-product.yaml' },
  { args: ['experiment', 'conclude', 'x-broken', ...LEARNING], file: 'discovery/experiments/quotes/x-broken.yaml' },
  { args: ['okr', 'add', '--domain', 'ops', '--period', '2026-Q4', '--objective', 'o'], file: 'discovery/domains/ops.yaml' },
  { args: ['kr', 'add', 'ops-q4', '--metric', 'm', '--baseline', '1', '--target', '2'], file: 'discovery/okrs/ops-q4.yaml' },
  { args: ['kr', 'update', 'kr-x', '--current', '3'], file: 'discovery/okrs/ops-q4.yaml' },
];

describe('a record whose file is invalid is not reported as missing', () => {
  const dir = minimalRepo(BROKEN_FILES);

  it.each(LOOKUPS)('pdx $args.0 $args.1 $args.2 says the record exists but is invalid, lists its problems and exits 1', async ({ args, file }) => {
    const records = () => treeHash(dir, (path) => path.startsWith('.pdx'));
    const before = records();
    const result = await runPdx(args, { cwd: dir });
    expect(result.code, result.stderr).toBe(1);
    expect(result.stderr).toMatch(new RegExp(`exists, but its file ${file.replace(/[./]/g, '\\$&')} is invalid`));
    // Its problems, as file:line:col lines an editor can follow.
    expect(result.stderr).toMatch(new RegExp(`^${file.replace(/[./]/g, '\\$&')}:\\d+:\\d+  error  `, 'm'));
    expect(result.stderr).not.toMatch(/no (initiative|domain|hypothesis|experiment|okr|key result) with id|yet/);
    expect(records()).toBe(before);
  });

  it('keeps the usage error and the suggestion for a real typo, suggesting broken records too', async () => {
    const typo = await runPdx(['stage', 'rqx'], { cwd: dir });
    expect(typo.code).toBe(2);
    expect(typo.stderr).toContain('no initiative with id `rqx`\n');
    expect(typo.stderr).toContain('did you mean `rq`?');
    const absent = await runPdx(['kr', 'update', 'zzzzzzzz', '--current', '1'], { cwd: dir });
    expect(absent.code).toBe(2);
    expect(absent.stderr).toContain('no key result with id `zzzzzzzz`');
    expect(absent.stderr).not.toContain('there is no key result yet');
  });

  it('names the problems in JSON too', async () => {
    const result = await runPdx(['idea', 'add', 'rq', '--text', 't', '--json'], { cwd: dir });
    expect(result.code).toBe(1);
    expect(JSON.parse(result.stdout)).toMatchObject({ ok: false, errors: [{ file: 'discovery/initiatives/rq.yaml', line: 3, column: 8, code: 'schema/enum' }] });
  });

  it('an OKR too broken to list its key results may hold the one asked for', async () => {
    const okrs = minimalRepo({ ...BASE_FILES, 'discovery/okrs/ops-q4.yaml': 'id: ops-q4\ndomain: [\n' });
    const result = await runPdx(['kr', 'update', 'kr-x', '--current', '3'], { cwd: okrs });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('no key result with id `kr-x` was found, but pdx cannot read discovery/okrs/ops-q4.yaml, which may hold it');
  });
});

describe('the built binary', () => {
  it('gate, stage, show, idea add and evidence add all exit 1 with the problems of the invalid initiative', async () => {
    const dir = minimalRepo(BROKEN_FILES);
    const before = readFileSync(join(dir, 'discovery/initiatives/rq.yaml'), 'utf8');
    const runs = await Promise.all(
      [['gate', 'epiphany', 'rq'], ['stage', 'rq'], ['initiative', 'show', 'rq'], ['idea', 'add', 'rq', '--text', 't'], ['evidence', 'add', '--initiative', 'rq', ...EVIDENCE]].map((args) => spawnPdx(args, { cwd: dir })),
    );
    for (const result of runs) {
      expect(result.code, result.stderr).toBe(1);
      expect(result.stderr).toContain('discovery/initiatives/rq.yaml:3:8  error  `stage` must be one of');
      expect(result.stderr).toContain('initiative `rq`');
      expect(result.stderr).toContain('exists, but its file discovery/initiatives/rq.yaml is invalid, so pdx cannot use it');
      expect(hasStackTrace(result.stderr)).toBe(false);
    }
    expect(readFileSync(join(dir, 'discovery/initiatives/rq.yaml'), 'utf8')).toBe(before);
  });
});

describe('an invalid pdx.yaml', () => {
  it('is a usage error (exit 2) naming it for every command, read or write: its settings shape every answer', async () => {
    const dir = minimalRepo({ ...BASE_FILES, 'pdx.yaml': 'version: 1\nname: Test team\nrules:\n  ideas: { min: 100 }\ngit: { autoCommit: "yes" }\n' });
    // pdx's own cache folder may appear; nothing else may change.
    const before = treeHash(dir, (path) => path === '.pdx');
    for (const args of [['stage', 'quotes'], ['initiative', 'list'], ['initiative', 'show', 'quotes'], ['hypothesis', 'list'], ['experiment', 'list'], ['gate', 'epiphany'], ['report'], ['idea', 'add', 'quotes', '--text', 't']]) {
      const result = await runPdx(args, { cwd: dir });
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.stderr, args.join(' ')).toMatch(/^pdx\.yaml:5:\d+ +error .*\npdx: pdx\.yaml is invalid; fix it first/m);
    }
    expect(treeHash(dir, (path) => path === '.pdx')).toBe(before);
  });
});

describe('a record whose YAML does not parse, in a file not named after it', () => {
  it('is still known by its id line: exists but invalid, exit 1', async () => {
    const dir = minimalRepo({ ...BASE_FILES, 'discovery/initiatives/other.yaml': 'id: rq11\r\ntitle: [unclosed\r\nstage: immersion\r\n' });
    for (const args of [['stage', 'rq11'], ['gate', 'immersion', 'rq11'], ['idea', 'add', 'rq11', '--text', 't']]) {
      const result = await runPdx(args, { cwd: dir });
      expect(result.code, `${args.join(' ')}: ${result.stderr}`).toBe(1);
      expect(result.stderr).toMatch(/initiative `rq11` exists, but its file discovery\/initiatives\/other\.yaml is invalid/);
    }
  });
});
