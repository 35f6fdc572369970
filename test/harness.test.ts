import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BASE_ENV, ENTER, git, gitPdxRepo, minimalRepo, runPdx, tempDir, TODAY } from './helpers.js';

/** The in-process harness itself: what a run sees of the process, and what a script lets through. */
describe('an in-process run', () => {
  it('sees its own environment, git included, and leaves the process environment as it was', async () => {
    const dir = await gitPdxRepo();
    const before = { ...process.env };
    const date = '2026-03-04T12:00:00+0000';
    const result = await runPdx(['initiative', 'add', '--title', 'Quotes', '--commit'], { cwd: dir, env: { GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date } });
    expect(result.code, result.stderr).toBe(0);
    expect(git(dir, 'log', '-1', '--format=%ad %cd', '--date=iso-strict').trim()).toBe('2026-03-04T12:00:00+00:00 2026-03-04T12:00:00+00:00');
    // pdx sets LANGUAGE for git during the run; afterwards nothing of the run is left.
    expect({ ...process.env }).toEqual(before);
    expect(BASE_ENV.GIT_AUTHOR_DATE).toBeUndefined();
  });

  it('gives each environment its own user: the secret is looked up again in each cache folder', async () => {
    const dir = minimalRepo();
    const [mine, theirs] = [tempDir('pdx-xdg-'), tempDir('pdx-xdg-')];
    for (const home of [mine, theirs, mine]) expect((await runPdx(['validate'], { cwd: dir, env: { XDG_CACHE_HOME: home } })).code).toBe(0);
    const secrets = [mine, theirs].map((home) => readFileSync(join(home, 'pdx', 'secret'), 'utf8'));
    expect(secrets[0]).not.toBe(secrets[1]);
  });

  it('has no colour and no CI by default, as runPdx always had; a variable can be removed', async () => {
    const dir = minimalRepo({ 'discovery/initiatives/q.yaml': 'id: q\ntitle: Q\nstage: immersion\n' });
    expect((await runPdx(['initiative', 'list'], { cwd: dir })).stdout).not.toContain('\x1b[');
    expect((await runPdx(['initiative', 'list'], { cwd: dir, env: { NO_COLOR: undefined, FORCE_COLOR: '1' } })).stdout).toContain('\x1b[');
  });

  it('takes TODAY for today unless told another day', async () => {
    const dir = minimalRepo();
    await runPdx(['initiative', 'add', '--title', 'A'], { cwd: dir });
    await runPdx(['initiative', 'add', '--title', 'B'], { cwd: dir, today: '2026-02-03' });
    expect(readFileSync(join(dir, 'discovery/initiatives/a.yaml'), 'utf8')).toContain(`date: ${TODAY}`);
    expect(readFileSync(join(dir, 'discovery/initiatives/b.yaml'), 'utf8')).toContain('date: 2026-02-03');
  });

  it('arms PDX_TEST_FAULT=fail@N for that run only, and refuses crash@N, which would kill this process', async () => {
    const dir = minimalRepo({ 'discovery/initiatives/q.yaml': 'id: q\ntitle: Q\nstage: immersion\n' });
    const failed = await runPdx(['idea', 'add', 'q', '--text', 't'], { cwd: dir, env: { PDX_TEST_FAULT: 'fail@1' } });
    expect(failed.code).toBe(1);
    expect(failed.faultSteps![0]).toBeDefined();
    expect((await runPdx(['idea', 'add', 'q', '--text', 't'], { cwd: dir })).code).toBe(0);
    await expect(runPdx(['validate'], { cwd: dir, env: { PDX_TEST_FAULT: 'crash@1' } })).rejects.toThrow(/kills the process it runs in: run it with spawnPdx/);
  });
});

describe('a scripted terminal', () => {
  const dir = minimalRepo({ 'discovery/initiatives/q.yaml': 'id: q\ntitle: Q\nstage: immersion\n' });

  it('fails the test on a question the script does not expect, naming it', async () => {
    await expect(runPdx(['idea', 'add', 'q'], { cwd: dir, tty: [{ ask: 'Title', answer: 'x' }] })).rejects.toThrow(/pdx asked "The idea:" where the script expects a question like Title/);
    await expect(runPdx(['idea', 'add', 'q'], { cwd: dir, tty: [] })).rejects.toThrow(/pdx asked "The idea:", which the script does not expect/);
  });

  it('fails the test on an answer the terminal would not take, and on answers never asked for', async () => {
    // An empty answer to a required question is refused, so the terminal asks again.
    await expect(runPdx(['idea', 'add', 'q'], { cwd: dir, tty: [{ ask: 'The idea:', answer: ENTER }] })).rejects.toThrow(/pdx asked "The idea:", which the script does not expect/);
    await expect(runPdx(['idea', 'add', 'q'], { cwd: dir, tty: [{ ask: 'The idea:', answer: true }] })).rejects.toThrow(/answered true to the text question/);
    await expect(runPdx(['team', 'add', 'q', '--name', 'N'], { cwd: dir, tty: [{ ask: 'Role:', answer: 'boss' }] })).rejects.toThrow(/which offers only product-manager/);
    await expect(runPdx(['idea', 'add', 'q', '--text', 't'], { cwd: dir, tty: [{ ask: 'The idea:', answer: 'x' }] })).rejects.toThrow(/pdx never asked "The idea:"/);
    // Nothing was written by any of them but the last, which asked nothing.
    expect(readFileSync(join(dir, 'discovery/initiatives/q.yaml'), 'utf8').match(/text: /g)).toHaveLength(1);
  });

  it('records every question with its default and choices', async () => {
    const result = await runPdx(['team', 'add', 'q'], { cwd: dir, tty: [{ ask: 'Name:', answer: 'Maya' }, { ask: 'Role:', answer: 'designer' }] });
    expect(result.code, result.stderr).toBe(0);
    expect(result.questions).toEqual([
      { type: 'text', message: 'Name:', required: true },
      expect.objectContaining({ type: 'choice', message: 'Role:', choices: expect.arrayContaining(['designer', 'product-manager']) }),
    ]);
    expect(existsSync(join(dir, 'discovery/initiatives/q.yaml'))).toBe(true);
    expect(readFileSync(join(dir, 'discovery/initiatives/q.yaml'), 'utf8')).toContain('{ name: Maya, role: designer, joined: 2026-12-01 }');
  });
});
