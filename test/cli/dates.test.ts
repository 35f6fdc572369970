import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { buildProgram } from '../../src/cli/program.js';
import { gitPdxRepo, pdxOk, runPdx } from '../helpers.js';

/** Every command of the table with its full name (`kr update`). */
function commands(command: Command, prefix: string[] = []): { name: string; command: Command }[] {
  return command.commands.flatMap((c) => [{ name: [...prefix, c.name()].join(' '), command: c }, ...commands(c, [...prefix, c.name()])]);
}

const read = (dir: string, file: string) => parse(readFileSync(join(dir, file), 'utf8')) as Record<string, any>;

describe('--date on every write command', () => {
  it('is taken by every command that writes a record (those with --commit)', () => {
    const io = { cwd: '/', env: {}, stdout: { write: () => true }, stderr: { write: () => true }, stdinIsTTY: false };
    const writes = commands(buildProgram(io, () => {})).filter(({ command }) => command.options.some((o) => o.long === '--commit'));
    expect(writes.length).toBeGreaterThanOrEqual(18);
    // init writes the scaffold, not a record: there is no date to record.
    const without = writes.filter(({ name, command }) => name !== 'init' && !command.options.some((o) => o.long === '--date'));
    expect(without.map((w) => w.name)).toEqual([]);
    for (const { command } of writes.filter((w) => w.name !== 'init')) expect(command.options.find((o) => o.long === '--date')!.flags).toBe('--date <date>');
  });

  it('a day after today is refused before the first question, with nothing written', async () => {
    const dir = await gitPdxRepo();
    expect((await runPdx(['initiative', 'add', '--title', 'Quotes'], { cwd: dir, today: '2026-11-30' })).code).toBe(0);
    for (const args of [
      ['evidence', 'add', '--date', '2026-12-01'],
      ['advance', 'quotes', '--date', '2026-12-01'],
      ['experiment', 'add', '--initiative', 'quotes', '--start', '2027-01-04'],
    ]) {
      const result = await runPdx(args, { cwd: dir, today: '2026-11-30', tty: [] });
      expect([result.code, result.questions, result.stderr.split('\n')[0]], args.join(' ')).toEqual([2, [], `pdx: ${args.at(-2)} ${args.at(-1)} is after today (2026-11-30)`]);
    }
    // Reading as of a later day is no record: stage and gate take it.
    expect((await runPdx(['stage', 'quotes', '--as-of', '2026-12-05'], { cwd: dir, today: '2026-11-30' })).code).not.toBe(2);
    expect(read(dir, 'discovery/initiatives/quotes.yaml')).toMatchObject({ stage: 'immersion' });
  });

  it('records the day of an epiphany, of a team member joining and of a status', async () => {
    const dir = await gitPdxRepo();
    const pdx = (...args: string[]) => pdxOk(dir, ...args);
    await pdx('initiative', 'add', '--title', 'Quotes', '--date', '2026-09-01');
    await pdx('initiative', 'update', 'quotes', '--epiphany', 'A firm price beats a cheap one', '--date', '2026-10-01');
    // Reworded, it keeps its day; --date alone moves it.
    await pdx('initiative', 'update', 'quotes', '--epiphany', 'A firm price wins');
    expect(read(dir, 'discovery/initiatives/quotes.yaml')).toMatchObject({ epiphany: 'A firm price wins', epiphanyOn: '2026-10-01' });
    await pdx('initiative', 'update', 'quotes', '--date', '2026-10-02');
    expect(readFileSync(join(dir, 'discovery/initiatives/quotes.yaml'), 'utf8')).toContain('epiphany: A firm price wins\nepiphanyOn: 2026-10-02\n');

    await pdx('team', 'add', 'quotes', '--name', 'Maya', '--role', 'designer', '--date', '2026-09-15');
    await pdx('team', 'add', 'quotes', '--name', 'Ravi', '--role', 'engineering-lead');
    expect(read(dir, 'discovery/initiatives/quotes.yaml').team).toEqual([
      { name: 'Maya', role: 'designer', joined: '2026-09-15' },
      { name: 'Ravi', role: 'engineering-lead', joined: '2026-12-01' },
    ]);

    await pdx('hypothesis', 'add', '--initiative', 'quotes', '--kind', 'product', '--statement', 'S', '--claim', 'C', '--date', '2026-10-03');
    await pdx('hypothesis', 'status', 'quotes-product', 'testing', '--date', '2026-10-05');
    // The status next to it; the same status again keeps its day, a new one is dated today.
    expect(readFileSync(join(dir, 'discovery/hypotheses/quotes/quotes-product.yaml'), 'utf8')).toContain('status: testing\nstatusSince: 2026-10-05\n');
    await pdx('hypothesis', 'status', 'quotes-product', 'testing');
    expect(read(dir, 'discovery/hypotheses/quotes/quotes-product.yaml').statusSince).toBe('2026-10-05');
    await pdx('evidence', 'add', '--initiative', 'quotes', '--hypothesis', 'quotes-product', '--claim', 'c1', '--verdict', 'supports', '--customer', 'C-001', '--source', 'interview', '--note', 'Yes', '--date', '2026-10-06');
    await pdx('hypothesis', 'status', 'quotes-product', 'validated');
    expect(read(dir, 'discovery/hypotheses/quotes/quotes-product.yaml')).toMatchObject({ status: 'validated', statusSince: '2026-12-01' });
    expect(await pdx('hypothesis', 'show', 'quotes-product')).toContain('validated since 2026-12-01');
    expect(await pdx('validate')).toMatch(/no problems/);
  });

  it('records the day of a domain, an OKR and a key result, and takes --date for --start and --paying-since', async () => {
    const dir = await gitPdxRepo();
    const pdx = (...args: string[]) => pdxOk(dir, ...args);
    await pdx('initiative', 'add', '--title', 'Quotes', '--date', '2026-09-01');
    await pdx('domain', 'add', '--id', 'ops', '--name', 'Ops', '--purpose', 'P', '--date', '2026-08-01');
    await pdx('okr', 'add', '--domain', 'ops', '--period', '2026-Q4', '--objective', 'O', '--date', '2026-10-01');
    await pdx('kr', 'add', 'ops-2026-q4', '--metric', 'Days', '--baseline', '30', '--target', '3', '--date', '2026-10-02');
    expect(read(dir, 'discovery/domains/ops.yaml').created).toBe('2026-08-01');
    expect(read(dir, 'discovery/okrs/ops-2026-q4.yaml')).toMatchObject({ created: '2026-10-01', keyResults: [{ id: 'days', created: '2026-10-02' }] });

    // --date is the day they record where the command has its own flag for it.
    await pdx('experiment', 'add', '--initiative', 'quotes', '--type', 'prototype', '--believe', 'B', '--verify', 'V', '--measure', 'M', '--right-if', 'R', '--date', '2026-11-02');
    expect(read(dir, 'discovery/experiments/quotes/quotes-prototype.yaml')).toMatchObject({ status: 'running', started: '2026-11-02' });
    await pdx('customer', 'add', 'quotes', 'C-1', '--date', '2026-11-05');
    expect(read(dir, 'discovery/initiatives/quotes.yaml').customers).toEqual([{ id: 'C-1', payingSince: '2026-11-05' }]);
    expect(await pdx('validate')).toMatch(/no problems/);
  });

  it('hides, as of an earlier day, an epiphany and a team member dated later', async () => {
    const dir = await gitPdxRepo();
    const pdx = (...args: string[]) => runPdx(args, { cwd: dir });
    await pdx('initiative', 'add', '--title', 'Quotes', '--date', '2026-09-01');
    await pdx('initiative', 'update', 'quotes', '--epiphany', 'A firm price wins', '--date', '2026-10-01');
    for (const [name, role] of [['Maya', 'designer'], ['Ana', 'product-manager'], ['Ravi', 'engineering-lead']]) await pdx('team', 'add', 'quotes', '--name', name!, '--role', role!, '--date', '2026-10-10');
    const rule = async (stage: string, id: string, asOf: string) =>
      (JSON.parse((await pdx('gate', stage, 'quotes', '--as-of', asOf, '--json')).stdout) as { initiatives: { rules: { id: string; pass: boolean }[] }[] }).initiatives[0]!.rules.find((r) => r.id === id)!.pass;
    expect(await rule('hypothesis', 'epiphany', '2026-09-30')).toBe(false);
    expect(await rule('hypothesis', 'epiphany', '2026-10-01')).toBe(true);
    expect(await rule('validation', 'core-team', '2026-10-09')).toBe(false);
    expect(await rule('validation', 'core-team', '2026-10-10')).toBe(true);
  });

  it('refuses what does not fit, writing nothing', async () => {
    const dir = await gitPdxRepo();
    await runPdx(['initiative', 'add', '--title', 'Quotes'], { cwd: dir });
    const before = readFileSync(join(dir, 'discovery/initiatives/quotes.yaml'), 'utf8');
    const noEpiphany = await runPdx(['initiative', 'update', 'quotes', '--date', '2026-10-01'], { cwd: dir });
    expect(noEpiphany.code).toBe(2);
    expect(noEpiphany.stderr).toBe('pdx: --date is the day of the epiphany, and quotes has no epiphany yet\n  hint: pass the epiphany with it: pdx initiative update quotes --epiphany "…" --date 2026-10-01\n');
    const both = await runPdx(['customer', 'add', 'quotes', 'C-1', '--paying-since', '2026-10-01', '--date', '2026-10-02'], { cwd: dir });
    expect(both.code).toBe(2);
    expect(both.stderr).toBe('pdx: --paying-since and --date name the same day here, and they differ (2026-10-01, 2026-10-02)\n  hint: pass one of them\n');
    const later = await runPdx(['team', 'add', 'quotes', '--name', 'Maya', '--role', 'designer', '--date', '2026-12-02'], { cwd: dir });
    expect([later.code, later.stderr.split('\n')[0]]).toEqual([2, 'pdx: --date 2026-12-02 is after today (2026-12-01)']);
    expect(readFileSync(join(dir, 'discovery/initiatives/quotes.yaml'), 'utf8')).toBe(before);
  });
});
