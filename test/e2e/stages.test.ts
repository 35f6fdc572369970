import { readFileSync, rmSync } from 'node:fs';
import { basename, join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadRepo } from '../../src/store/load.js';
import { execFileSync } from 'node:child_process';
import { git, gitPdxRepo, pdxOk, runPdx, writeTree } from '../helpers.js';
import { HYPOTHESIS_KINDS } from '../../src/model/vocabulary.js';

const FILE = 'discovery/initiatives/quotes.yaml';

describe('an initiative from immersion to mvp, using only pdx commands', () => {
  // One initiative walked through every gate, in three parts (each well inside its timeout on a
  // loaded machine), each taking it on from where the one before left it.
  let dir = '';
  beforeAll(async () => {
    dir = await gitPdxRepo();
  });
  const pdx = (...args: string[]) => pdxOk(dir, ...args);
  const read = () => readFileSync(join(dir, FILE), 'utf8');
  /** `pdx advance` must fail (exit 1, file untouched) naming the rule, then pass once the evidence is in. */
  const refused = async (date: string, rule: string) => {
    const before = read();
    const result = await runPdx(['advance', 'quotes', '--date', date], { cwd: dir });
    expect(result.code, result.stderr).toBe(1);
    expect(result.stderr).toMatch(new RegExp(`✗ ${rule} `));
    expect(read()).toBe(before);
  };
  const advanced = async (date: string, to: string) => {
    expect(await pdx('advance', 'quotes', '--date', date)).toContain(`updated  ${FILE}`);
    expect(read()).toMatch(new RegExp(`^stage: ${to}$`, 'm'));
    expect(read()).toContain(`- { stage: ${to}, date: ${date}, by: Test User }`);
  };

  it('is refused at each gate until its evidence exists, then accepted: immersion to validation', async () => {
    await pdx('initiative', 'add', '--title', 'Quotes', '--date', '2026-01-05');
    await refused('2026-02-01', 'ideas');
    for (const text of ['photo quotes', 'saved lanes', 'real transit days']) await pdx('idea', 'add', 'quotes', '--text', text, '--date', '2026-01-10');
    await refused('2026-02-01', 'immersion');
    for (let i = 1; i <= 5; i++) await pdx('evidence', 'add', '--initiative', 'quotes', '--customer', `C-${i}`, '--source', 'observation', '--note', `visit ${i}`, '--date', '2026-01-20');
    await advanced('2026-02-01', 'epiphany');

    await refused('2026-02-15', 'epiphany');
    // Logged today, the epiphany is not there as of the day of the move: work logged late is dated.
    await pdx('initiative', 'update', 'quotes', '--epiphany', 'A firm price beats a cheap one');
    await refused('2026-02-15', 'epiphany');
    await pdx('initiative', 'update', 'quotes', '--date', '2026-02-10');
    await advanced('2026-02-15', 'hypothesis');

    await refused('2026-03-01', 'six-hypotheses');
    for (const kind of HYPOTHESIS_KINDS) {
      await pdx('hypothesis', 'add', '--initiative', 'quotes', '--kind', kind, '--statement', `${kind} statement`, '--claim', `${kind} claim`, '--date', '2026-02-20', ...(kind === 'product' ? ['--improvement-factor', '12'] : []));
    }
    await refused('2026-03-01', 'core-team');
    for (const [name, role] of [['Maya', 'product-manager'], ['Jonas', 'designer'], ['Priya', 'engineering-lead']]) await pdx('team', 'add', 'quotes', '--name', name!, '--role', role!, '--date', '2026-02-25');
    await advanced('2026-03-01', 'validation');
  });

  it('… validation to prototyping', async () => {
    await refused('2026-04-01', 'claims-tested');
    for (const [i, kind] of HYPOTHESIS_KINDS.entries()) {
      await pdx('evidence', 'add', '--initiative', 'quotes', '--hypothesis', `quotes-${kind}`, '--claim', 'c1', '--verdict', 'supports', '--customer', `C-${10 + i}`, '--source', 'interview', '--note', 'yes', '--date', '2026-03-10');
      await pdx('hypothesis', 'status', `quotes-${kind}`, 'validated');
    }
    // What they said is not yet what they did: a concierge test, and what the same customers did in it.
    await refused('2026-04-01', 'strong-evidence');
    await pdx('experiment', 'add', '--initiative', 'quotes', '--type', 'concierge', ...HYPOTHESIS_KINDS.flatMap((k) => ['--hypothesis', `quotes-${k}`]), '--believe', 'b', '--verify', 'v', '--measure', 'm', '--right-if', 'r', '--start', '2026-03-11', '--id', 'concierge');
    for (const [i, kind] of HYPOTHESIS_KINDS.entries()) {
      await pdx('evidence', 'add', '--hypothesis', `quotes-${kind}`, '--claim', 'c1', '--verdict', 'supports', '--customer', `C-${10 + i}`, '--source', 'experiment', '--experiment', 'concierge', '--note', 'booked', '--date', '2026-03-14');
    }
    await refused('2026-04-01', 'customer-voices');
    for (let i = 0; i < 3; i++) await pdx('evidence', 'add', '--initiative', 'quotes', '--hypothesis', 'quotes-customer', '--claim', 'c1', '--verdict', 'neutral', '--customer', `C-${20 + i}`, '--source', 'survey', '--note', 'maybe', '--date', '2026-03-12');
    await refused('2026-04-01', 'customer-voices');
    await pdx('evidence', 'add', '--initiative', 'quotes', '--hypothesis', 'quotes-pricing', '--claim', 'c1', '--verdict', 'refutes', '--customer', 'C-30', '--source', 'interview', '--note', 'too dear', '--date', '2026-03-15');
    await pdx('evidence', 'add', '--initiative', 'quotes', '--hypothesis', 'quotes-pricing', '--claim', 'c1', '--verdict', 'refutes', '--customer', 'C-32', '--source', 'interview', '--note', 'would rather haggle', '--date', '2026-03-15');
    // Two supporting and two refuting records: the validated pricing hypothesis is no longer supported on balance.
    await refused('2026-04-01', 'status-matches-evidence');
    await pdx('evidence', 'add', '--initiative', 'quotes', '--hypothesis', 'quotes-pricing', '--claim', 'c1', '--verdict', 'supports', '--customer', 'C-31', '--source', 'interview', '--note', 'fair for a firm price', '--date', '2026-03-16');
    await refused('2026-04-01', 'feedback-group');
    await pdx('feedback-group', 'add', 'quotes', ...Array.from({ length: 10 }, (_, i) => `P-${i}`), '--segment', 'furniture', '--date', '2026-03-20');
    await advanced('2026-04-01', 'prototyping');
  });

  it('… prototyping to design', async () => {
    await refused('2026-05-01', 'prototype-validated');
    const prototype = async (n: number, result: string) => {
      await pdx('experiment', 'add', '--initiative', 'quotes', '--type', 'prototype', '--believe', 'b', '--verify', 'v', '--measure', 'm', '--right-if', 'r', '--start', `2026-04-0${n}`, '--id', `proto-${n}`);
      await pdx('experiment', 'conclude', `proto-${n}`, '--result', result, '--observed', 'o', '--learned', 'l', '--next', 'n', '--date', `2026-04-1${n}`);
    };
    await prototype(1, 'invalidated');
    await prototype(2, 'validated');
    await refused('2026-05-01', 'prototype-iterations');
    await prototype(3, 'inconclusive');
    await advanced('2026-05-01', 'design');
  });

  it('… design to mvp, and its history', async () => {

    await refused('2026-06-01', 'feedback-circle');
    await pdx('feedback-group', 'add', 'quotes', ...Array.from({ length: 20 }, (_, i) => `P-${10 + i}`), '--date', '2026-05-10');
    await refused('2026-06-01', 'design-validated');
    await pdx('experiment', 'add', '--initiative', 'quotes', '--type', 'usability', '--believe', 'b', '--verify', 'v', '--measure', 'm', '--right-if', 'r', '--start', '2026-05-12', '--id', 'usability-1');
    await pdx('experiment', 'conclude', 'usability-1', '--result', 'validated', '--observed', 'o', '--learned', 'l', '--next', 'n', '--date', '2026-05-20');
    await advanced('2026-06-01', 'release');

    await refused('2026-08-15', 'released');
    await pdx('initiative', 'update', 'quotes', '--released-on', '2026-06-15');
    await refused('2026-08-15', 'paying-customers');
    for (let i = 1; i <= 3; i++) await pdx('customer', 'add', 'quotes', `C-${i}`, '--paying-since', '2026-07-01');
    await refused('2026-07-20', 'paying-customers');
    await advanced('2026-08-15', 'mvp');

    const before = await runPdx(['gate', 'mvp', '--as-of', '2026-07-30'], { cwd: dir });
    expect(before.code).toBe(1);
    expect(before.stdout).toMatch(/✗ paying-customers +0 of 3 customers have paid for 30 days or more/);
    const after = await runPdx(['gate', 'mvp', '--as-of', '2026-07-31'], { cwd: dir });
    expect(after.stdout).toMatch(/✓ paying-customers +3 of 3/);
    expect(after.code).toBe(0);

    expect((await runPdx(['validate'], { cwd: dir })).code).toBe(0);
    const history = (await loadRepo(dir, { today: '2026-11-24' })).records.initiative[0]!.data.history;
    expect(history.map((h) => `${h.stage} ${h.date}`)).toEqual([
      'immersion 2026-01-05',
      'epiphany 2026-02-01',
      'hypothesis 2026-02-15',
      'validation 2026-03-01',
      'prototyping 2026-04-01',
      'design 2026-05-01',
      'release 2026-06-01',
      'mvp 2026-08-15',
    ]);
  });
});

describe('pdx advance rules of movement', () => {
  async function repo() {
    const dir = await gitPdxRepo();
    expect((await runPdx(['initiative', 'add', '--title', 'Quotes', '--date', '2026-01-05'], { cwd: dir })).code).toBe(0);
    return dir;
  }

  it('a successful move prints the new stage and the checklist of the gate after it, each thing missing with its command; JSON keeps its shape', async () => {
    const dir = await gitPdxRepo();
    writeTree(dir, {
      [FILE]: 'id: quotes\ntitle: Quotes\nstage: immersion\nhistory:\n  - { stage: immersion, date: 2026-01-05 }\nideas: [{ text: a }, { text: b }, { text: c }]\n',
      ...Object.fromEntries(Array.from({ length: 5 }, (_, i) => [`discovery/evidence/quotes/e${i}.yaml`, `id: e${i}\ninitiative: quotes\ndate: 2026-01-07\nsource: interview\ncustomer: C-${i}\nnote: n\n`])),
    });
    const moved = await runPdx(['advance', 'quotes', '--date', '2026-02-01'], { cwd: dir });
    expect(moved.code, moved.stderr).toBe(0);
    expect(moved.stdout).toBe(
      [
        `updated  ${FILE}`,
        'quotes: immersion → epiphany',
        'next: hypothesis — not ready yet',
        '  ✓ ideas                    3 ideas recorded, of 3 needed',
        '  ✓ immersion                5 evidence records logged, of 5 needed',
        '  ✓ handoff-before-features  no domain runs experiments or OKRs before the handoff',
        '  ✗ epiphany                 no epiphany statement yet',
        '                             → pdx initiative update quotes --epiphany "…"',
        '',
      ].join('\n'),
    );
    expect((await runPdx(['initiative', 'update', 'quotes', '--epiphany', 'Cash flow decides', '--date', '2026-02-01'], { cwd: dir })).code).toBe(0);
    const json = await runPdx(['advance', 'quotes', '--date', '2026-02-02', '--json'], { cwd: dir });
    expect(json.code, json.stderr).toBe(0);
    expect(Object.keys(JSON.parse(json.stdout))).toEqual(['ok', 'id', 'path', 'changed']);
    // At a refusal too, each thing missing comes with its command.
    const refused = await runPdx(['advance', 'quotes', '--date', '2026-02-03'], { cwd: dir });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(`  ✗ six-hypotheses${' '.repeat(11)}no current customer hypothesis\n${' '.repeat(29)}→ pdx hypothesis add --initiative quotes --kind customer\n`);
  });

  it('--force without --reason is a usage error; skipping a stage needs --force', async () => {
    const dir = await repo();
    expect((await runPdx(['advance', 'quotes', '--force'], { cwd: dir })).code).toBe(2);
    const skip = await runPdx(['advance', 'quotes', '--to', 'validation'], { cwd: dir });
    expect(skip.code).toBe(2);
    expect(skip.stderr).toMatch(/skips 2 stage/);
  });

  it('a forced move records the reason and the failed rules, and gate reports it as a warning', async () => {
    const dir = await repo();
    const forced = await runPdx(['advance', 'quotes', '--force', '--reason', 'board decision', '--date', '2026-02-01'], { cwd: dir });
    expect(forced.code, forced.stderr).toBe(0);
    expect(readFileSync(join(dir, FILE), 'utf8')).toContain('- { stage: epiphany, date: 2026-02-01, by: Test User, reason: board decision, forced: true, failedRules: [ ideas, immersion ] }');
    const gate = JSON.parse((await runPdx(['gate', 'epiphany', '--json'], { cwd: dir })).stdout);
    expect(gate.warnings).toEqual([expect.objectContaining({ code: 'gate/forced-move', message: expect.stringContaining('forced into epiphany on 2026-02-01 past ideas, immersion: board decision') })]);
  });

  it('moving back is a pivot: it needs a reason, and is recorded', async () => {
    const dir = await repo();
    expect((await runPdx(['advance', 'quotes', '--force', '--reason', 'r', '--date', '2026-02-01'], { cwd: dir })).code).toBe(0);
    expect((await runPdx(['advance', 'quotes', '--to', 'immersion'], { cwd: dir })).code).toBe(2);
    const back = await runPdx(['advance', 'quotes', '--to', 'immersion', '--reason', 'the epiphany did not survive interviews', '--date', '2026-02-10'], { cwd: dir });
    expect(back.code, back.stderr).toBe(0);
    expect(readFileSync(join(dir, FILE), 'utf8')).toMatch(/^stage: immersion$/m);
    expect((await runPdx(['validate'], { cwd: dir })).code).toBe(0);
  });

  it('advance --force on a gate that passes is an ordinary move, not a forced one', async () => {
    const dir = await repo();
    const add = (...args: string[]) => runPdx(args, { cwd: dir });
    for (const text of ['a', 'b', 'c']) await add('idea', 'add', 'quotes', '--text', text, '--date', '2026-01-06');
    for (let i = 0; i < 5; i++) await add('evidence', 'add', '--initiative', 'quotes', '--customer', `C-${i}`, '--source', 'interview', '--note', 'n', '--date', '2026-01-07');
    expect((await add('advance', 'quotes', '--force', '--reason', 'habit', '--date', '2026-02-01')).code).toBe(0);
    expect(readFileSync(join(dir, FILE), 'utf8')).toContain('- { stage: epiphany, date: 2026-02-01, by: Test User, reason: habit }');
  });

  it('pdx stage --as-of tells the stage and days as of that day', async () => {
    const dir = await repo();
    expect((await runPdx(['advance', 'quotes', '--force', '--reason', 'r', '--date', '2026-02-01'], { cwd: dir })).code).toBe(0);
    const json = JSON.parse((await runPdx(['stage', 'quotes', '--as-of', '2026-01-20', '--json'], { cwd: dir })).stdout);
    expect(json).toMatchObject({ stage: 'immersion', enteredOn: '2026-01-05', days: 15, next: 'epiphany' });
  });

  it('pdx stage shows days in stage and the next gate as a checklist', async () => {
    const dir = await repo();
    const out = (await runPdx(['stage', 'quotes', '--as-of', '2026-01-15'], { cwd: dir })).stdout;
    expect(out).toContain('quotes is in immersion since 2026-01-05 (10 days)');
    expect(out).toContain('next: epiphany — not ready yet');
    expect(out).toMatch(/✗ ideas +0 ideas recorded, of 3 needed/);
    const json = JSON.parse((await runPdx(['stage', 'quotes', '--as-of', '2026-01-15', '--json'], { cwd: dir })).stdout);
    expect(json).toMatchObject({ id: 'quotes', stage: 'immersion', enteredOn: '2026-01-05', days: 10, next: 'epiphany', ready: false });
  });

  it('a hand-edited stage with no history entry is reported, with the day git saw it set', async () => {
    const dir = await repo();
    writeTree(dir, { [FILE]: readFileSync(join(dir, FILE), 'utf8').replace('stage: immersion', 'stage: validation') });
    const uncommitted = await runPdx(['stage', 'quotes'], { cwd: dir });
    expect(uncommitted.stdout).toContain('entry date unknown: the stage is not in its history');
    expect(uncommitted.stderr).toContain('stage validation has no history entry, so it was set by hand; it is not in git history yet');
    git(dir, 'add', '-A');
    execFileSync('git', ['commit', '-qm', 'jump ahead'], { cwd: dir, env: { ...process.env, GIT_AUTHOR_DATE: '2026-03-04T12:00:00', GIT_COMMITTER_DATE: '2026-03-04T12:00:00' } });
    const gate = JSON.parse((await runPdx(['gate', 'validation', '--json'], { cwd: dir })).stdout);
    expect(gate.warnings).toEqual([
      { file: FILE, line: 5, column: 8, code: 'history/unrecorded-stage', message: 'stage validation has no history entry, so it was set by hand; git shows it set on 2026-03-04. pdx advance records moves' },
    ]);
    // In a shallow clone the boundary commit seems to add every line: the day is unknown, not wrong.
    execFileSync('git', ['commit', '-q', '--allow-empty', '-m', 'later'], { cwd: dir, env: { ...process.env, GIT_AUTHOR_DATE: '2026-03-20T12:00:00', GIT_COMMITTER_DATE: '2026-03-20T12:00:00' } });
    const shallow = join(dir, '..', `${basename(dir)}-shallow`);
    execFileSync('git', ['clone', '-q', '--depth', '1', `file://${dir}`, shallow]);
    const cloned = JSON.parse((await runPdx(['gate', 'validation', '--json'], { cwd: shallow })).stdout);
    expect(cloned.warnings[0].message).toContain('git history is shallow here, so the day it was set is unknown');
    rmSync(shallow, { recursive: true, force: true });
  });
});
