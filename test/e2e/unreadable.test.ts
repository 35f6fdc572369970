import { execFile, spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { BASE_FILES } from '../fixtures.js';
import { BIN, hasStackTrace, minimalRepo, tempDir, treeHash, type RunResult } from '../helpers.js';

// Permissions bind only a user other than root: as root, pdx runs as `nobody` through setpriv.
const root = process.getuid?.() === 0;
const setpriv = root && spawnSync('setpriv', ['--version']).status === 0;
const NOBODY = ['--reuid=65534', '--regid=65534', '--clear-groups'];
const reachable = !root || (setpriv && spawnSync('setpriv', [...NOBODY, process.execPath, BIN, '--version']).status === 0);
const skip = !reachable ? (setpriv ? 'the pdx checkout cannot be read by uid 65534' : 'setpriv is missing, and as root no permission can be denied') : undefined;
const home = reachable ? tempDir('pdx-nobody-home-') : '';
if (reachable) chmodSync(home, 0o777);

/** Runs the built pdx as a user who is refused what the modes refuse. */
function pdxAsUser(cwd: string, ...args: string[]): Promise<RunResult> {
  const [command, argv] = root ? ['setpriv', [...NOBODY, process.execPath, BIN, ...args]] : [process.execPath, [BIN, ...args]];
  return new Promise((resolve) => {
    execFile(command, argv as string[], { cwd, env: { ...process.env, HOME: home, XDG_CACHE_HOME: home, NO_COLOR: '1', CI: '' }, encoding: 'utf8', timeout: 20_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
    });
  });
}

const locked: string[] = [];
/** A repo of one valid record of each kind, open to every user, with `paths` then set to `mode`. */
function repoWith(mode: number, ...paths: string[]): string {
  const dir = minimalRepo(BASE_FILES);
  const open = (path: string): void => {
    chmodSync(path, 0o777);
    for (const entry of readdirSync(path, { withFileTypes: true })) {
      if (entry.isDirectory()) open(join(path, entry.name));
      else chmodSync(join(path, entry.name), 0o666);
    }
  };
  open(dir);
  for (const path of paths) chmodSync(join(dir, path), mode);
  locked.push(...paths.map((path) => join(dir, path)));
  return dir;
}
afterEach(() => {
  // Modes back, so that the temporary folders can be removed whoever runs the tests.
  for (const path of locked.splice(0)) chmodSync(path, 0o777);
});

/** Everything but pdx's own cache: what the user owns. */
const records = (dir: string) => treeHash(dir, (path) => path.startsWith('.pdx'));

describe.skipIf(skip !== undefined)(`unreadable is not empty${skip ? ` (skipped: ${skip})` : ''}`, () => {
  it('a record folder nobody may open: validate, gate and report fail naming it; show says the record may be there; list says it is left out', async () => {
    const dir = repoWith(0o000, 'discovery/hypotheses');
    const [validate, show, list, json, gate, report] = await Promise.all([
      pdxAsUser(dir, 'validate'),
      pdxAsUser(dir, 'hypothesis', 'show', 'quotes-product'),
      pdxAsUser(dir, 'hypothesis', 'list'),
      pdxAsUser(dir, 'hypothesis', 'list', '--json'),
      pdxAsUser(dir, 'gate', 'epiphany'),
      pdxAsUser(dir, 'report', '--as-of', '2026-11-24'),
    ]);
    expect(validate.code).toBe(1);
    expect(validate.stdout).toContain('discovery/hypotheses:1:1  error  cannot read the folder (permission denied, EACCES), so the hypothesis records in it are left out');
    expect(validate.stdout).not.toMatch(/no problems/);
    // Evidence about a hypothesis that may be in there is not called dangling.
    expect(validate.stdout).not.toMatch(/no hypothesis with id/);

    expect(show.code).toBe(1);
    expect(show.stderr).toContain('no hypothesis with id `quotes-product` was found, but pdx cannot read discovery/hypotheses, which may hold it');
    expect(show.stderr).not.toMatch(/there is no hypothesis yet/);

    expect(list.code).toBe(1);
    expect(list.stderr).toContain('pdx: discovery/hypotheses: cannot read the folder (permission denied, EACCES)');
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stdout)).toEqual([]);

    expect(gate.code).toBe(1);
    expect(gate.stdout).toContain('discovery/hypotheses');
    expect(report.code).toBe(1);
    expect(report.stdout).toContain('discovery/hypotheses');
    for (const result of [validate, show, list, json, gate, report]) expect(hasStackTrace(result.stdout + result.stderr)).toBe(false);
  });

  it('a data folder that can be entered but not listed: nothing in it is read, the initiatives included', async () => {
    // Search (x) without read (r): discovery/initiatives can be looked up, but listing discovery/ fails.
    const dir = repoWith(0o311, 'discovery');
    const [validate, status] = await Promise.all([pdxAsUser(dir, 'validate', '--json'), pdxAsUser(dir, 'status', '--json')]);
    expect(validate.code).toBe(1);
    expect(validate.stdout).toContain('cannot read the folder (permission denied, EACCES)');
    expect((JSON.parse(validate.stdout) as { files: number }).files).toBe(1);
    expect(status.code).toBe(1);
    expect((JSON.parse(status.stdout) as { initiatives: unknown[] }).initiatives).toEqual([]);
    expect(status.stderr).toContain('pdx: discovery: cannot read the folder (permission denied, EACCES)');
  });

  it('a write that needs the listing of an unreadable folder refuses and writes nothing', async () => {
    const dir = repoWith(0o000, 'discovery/hypotheses');
    const before = records(dir);
    const result = await pdxAsUser(dir, 'hypothesis', 'add', '--initiative', 'quotes', '--kind', 'market', '--statement', 's', '--claim', 'c');
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('pdx: cannot read discovery/hypotheses, so pdx cannot check this change against the whole repo; nothing was written');
    expect(result.stderr).toContain('discovery/hypotheses:1:1  error  cannot read the folder');
    expect(records(dir)).toBe(before);
  });

  it('a folder deeper down, and the quick evidence add that lists only it', async () => {
    const dir = repoWith(0o000, 'discovery/evidence/quotes');
    const before = records(dir);
    const [add, validate] = await Promise.all([
      pdxAsUser(dir, 'evidence', 'add', '--initiative', 'quotes', '--customer', 'C-004', '--source', 'interview', '--date', '2026-09-15', '--note', 'n', '--id', 'e1'),
      pdxAsUser(dir, 'validate', '--json'),
    ]);
    // e1 is taken in the folder it cannot read: it must not write a second e1.
    expect(add.code).toBe(1);
    expect(add.stderr).toContain('pdx: cannot read discovery/evidence/quotes, so pdx cannot tell which evidence ids are taken; nothing was written');
    expect(records(dir)).toBe(before);
    expect(validate.code).toBe(1);
    expect(JSON.parse(validate.stdout).errors).toEqual([expect.objectContaining({ file: 'discovery/evidence/quotes', code: 'file/unreadable' })]);
  });

  it('the data folder itself', async () => {
    const dir = repoWith(0o000, 'discovery');
    const [validate, list, show] = await Promise.all([pdxAsUser(dir, 'validate'), pdxAsUser(dir, 'initiative', 'list'), pdxAsUser(dir, 'initiative', 'show', 'quotes')]);
    expect(validate.code).toBe(1);
    expect(validate.stdout).toContain('discovery:1:1  error  cannot read the folder (permission denied, EACCES), so every record in it is left out');
    expect(list.code).toBe(1);
    expect(list.stderr).toContain('pdx: discovery: cannot read the folder');
    expect(show.code).toBe(1);
    expect(show.stderr).toContain('no initiative with id `quotes` was found, but pdx cannot read discovery, which may hold it');
  });

  it('a record file, and a folder that can be listed but not entered', async () => {
    const file = repoWith(0o000, 'discovery/initiatives/quotes.yaml');
    const before = records(file);
    const [validate, show, idea, list] = await Promise.all([
      pdxAsUser(file, 'validate'),
      pdxAsUser(file, 'initiative', 'show', 'quotes'),
      pdxAsUser(file, 'idea', 'add', 'quotes', '--text', 't'),
      pdxAsUser(file, 'initiative', 'list', '--json'),
    ]);
    expect(validate.code).toBe(1);
    expect(validate.stdout).toContain('discovery/initiatives/quotes.yaml:1:1  error  cannot read the file (permission denied, EACCES)');
    expect(show.code).toBe(1);
    expect(show.stderr).toContain('initiative `quotes` exists, but pdx cannot read its file discovery/initiatives/quotes.yaml');
    expect(idea.code).toBe(1);
    expect(records(file)).toBe(before);
    expect(list.code).toBe(1);
    expect(list.stderr).toContain('discovery/initiatives/quotes.yaml: cannot read the file');

    const shut = repoWith(0o444, 'discovery/experiments/quotes');
    const result = await pdxAsUser(shut, 'validate');
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('discovery/experiments/quotes/x1.yaml:1:1  error  cannot read the file (permission denied, EACCES)');
  });

  it('an unreadable pdx.yaml is named, and is a usage error as the contract says', async () => {
    const dir = repoWith(0o000, 'pdx.yaml');
    const [validate, list] = await Promise.all([pdxAsUser(dir, 'validate'), pdxAsUser(dir, 'initiative', 'list')]);
    expect(validate.code).toBe(2);
    expect(validate.stdout).toContain('pdx.yaml:1:1  error  cannot read the file (permission denied, EACCES)');
    expect(list.code).toBe(2);
    expect(list.stderr).toContain('pdx.yaml:1:1  error  cannot read the file (permission denied, EACCES)');
  });

  it('a journal folder nobody may open is an error, not "no write pending"', async () => {
    const dir = minimalRepo(BASE_FILES);
    mkdirSync(join(dir, '.pdx/journal'), { recursive: true });
    writeFileSync(join(dir, '.pdx/journal/123-abcd.json'), '{}\n');
    chmodSync(dir, 0o777);
    for (const sub of ['.pdx', 'discovery']) chmodSync(join(dir, sub), 0o777);
    chmodSync(join(dir, '.pdx/journal'), 0o000);
    locked.push(join(dir, '.pdx/journal'));
    const validate = await pdxAsUser(dir, 'validate');
    expect(validate.code, validate.stderr + validate.stdout).toBe(1);
    expect(validate.stdout).toMatch(/\.pdx\/journal:1:1 +error +cannot read \.pdx\/journal \(EACCES\): it may hold a pdx write left half done/);
  });
});

