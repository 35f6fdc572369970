import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { git, runPdx, tempDir } from '../helpers.js';

const LOGIN = userInfo().username;
const WARNING = (what: string, recorded: string) => `pdx: git does not know ${what}${recorded}; --commit needs both\n`;
const HINT = '  hint: tell git once, for all your repos: git config --global user.name "Your Name" && git config --global user.email you@example.com\n';

/** A git repo set up by pdx init, where git's config (system, global and the repo's) names no one. */
async function anonymousRepo(): Promise<{ dir: string; env: Record<string, string | undefined> }> {
  const dir = tempDir('pdx-anonymous-');
  const home = tempDir('pdx-home-');
  const empty = join(home, 'gitconfig');
  writeFileSync(empty, '');
  const env = { HOME: home, XDG_CONFIG_HOME: home, GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: empty, GIT_AUTHOR_NAME: undefined, GIT_AUTHOR_EMAIL: undefined, EMAIL: undefined };
  const init = await runPdx(['init', '--name', 'Team'], { cwd: dir, env });
  expect(init.code, init.stderr).toBe(0);
  return { dir, env };
}

const initiative = (dir: string) => parse(readFileSync(join(dir, 'discovery/initiatives/quotes.yaml'), 'utf8')) as { history: { by?: string }[]; ideas: { by?: string }[] };

describe('who a record is by, when git has no identity', () => {
  it('says so once per clone with the two git config commands, and records the login name', async () => {
    const { dir, env } = await anonymousRepo();
    const add = await runPdx(['initiative', 'add', '--title', 'Quotes'], { cwd: dir, env });
    expect(add.code).toBe(0);
    expect(add.stdout).toBe('created  discovery/initiatives/quotes.yaml\n');
    expect(add.stderr).toBe(WARNING('who you are', ` (user.name and user.email are not set), so pdx recorded you as "${LOGIN}" (your login name)`) + HINT);
    expect(initiative(dir).history[0]!.by).toBe(LOGIN);

    // Said once: the next commands record the same, quietly.
    const idea = await runPdx(['idea', 'add', 'quotes', '--text', 'Quote from a photo'], { cwd: dir, env });
    expect(idea.stderr).toBe('');
    const advance = await runPdx(['advance', 'quotes', '--force', '--reason', 'board decision', '--json'], { cwd: dir, env });
    expect(advance.code).toBe(0);
    expect(JSON.parse(advance.stdout)).toMatchObject({ ok: true });
    expect(advance.stderr).toBe('');
    expect(initiative(dir).ideas[0]!.by).toBe(LOGIN);
    expect(initiative(dir).history[1]!.by).toBe(LOGIN);

    // Once git knows, it is git's name; lose the identity again and pdx says so again.
    git(dir, 'config', 'user.name', 'Ana Lima');
    git(dir, 'config', 'user.email', 'ana@example.com');
    const named = await runPdx(['idea', 'add', 'quotes', '--text', 'Second idea'], { cwd: dir, env });
    expect(named.stderr).toBe('');
    expect(initiative(dir).ideas[1]!.by).toBe('Ana Lima');
    git(dir, 'config', '--unset', 'user.name');
    git(dir, 'config', '--unset', 'user.email');
    const lost = await runPdx(['idea', 'add', 'quotes', '--text', 'Third idea'], { cwd: dir, env });
    expect(lost.stderr).toContain('pdx: git does not know who you are');
  });

  it('names the part git lacks, and takes the name from the environment or the email', async () => {
    const { dir, env } = await anonymousRepo();
    git(dir, 'config', 'user.email', 'ana@example.com');
    const byEmail = await runPdx(['initiative', 'add', '--title', 'Quotes'], { cwd: dir, env });
    expect(byEmail.stderr).toBe(WARNING('your name', ' (user.name is not set), so pdx recorded you as "ana@example.com" (your email)') + HINT);
    expect(initiative(dir).history[0]!.by).toBe('ana@example.com');

    const other = await anonymousRepo();
    const fromEnv = await runPdx(['initiative', 'add', '--title', 'Quotes'], { cwd: other.dir, env: { ...other.env, GIT_AUTHOR_NAME: 'Ana Lima' } });
    expect(fromEnv.stderr).toBe(WARNING('who you are', ' (user.name and user.email are not set)') + HINT);
    expect(initiative(other.dir).history[0]!.by).toBe('Ana Lima');
  });

  it('records evidence by the same person, and says nothing when git knows them', async () => {
    const { dir, env } = await anonymousRepo();
    git(dir, 'config', 'user.name', 'Ana Lima');
    git(dir, 'config', 'user.email', 'ana@example.com');
    expect((await runPdx(['initiative', 'add', '--title', 'Quotes'], { cwd: dir, env })).stderr).toBe('');
    const evidence = await runPdx(['evidence', 'add', '--initiative', 'quotes', '--customer', 'C-1', '--source', 'interview', '--note', 'Booked at once'], { cwd: dir, env });
    expect(evidence.stderr).toBe('');
    expect(readFileSync(join(dir, 'discovery/evidence/quotes/2026-12-01-c-1.yaml'), 'utf8')).toMatch(/^by: Ana Lima$/m);
    expect(existsSync(join(dir, '.pdx/cache/state.json')) && JSON.parse(readFileSync(join(dir, '.pdx/cache/state.json'), 'utf8')).identityWarned).toBeFalsy();
  });

  it('with --commit, refuses before writing, with the same commands, and does not warn besides', async () => {
    const { dir, env } = await anonymousRepo();
    const result = await runPdx(['initiative', 'add', '--title', 'Quotes', '--commit'], { cwd: dir, env });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('git config --global user.name "Your Name" && git config --global user.email you@example.com');
    expect(result.stderr).not.toContain('recorded you as');
    expect(existsSync(join(dir, 'discovery/initiatives/quotes.yaml'))).toBe(false);
  });
});
