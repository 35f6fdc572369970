import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { copyOfExamples, PROJECT, spawnPdx, tempDir } from '../helpers.js';

/** The one code cache file bin/pdx keeps under `XDG_CACHE_HOME`. */
function codeCache(home: string): { path: string; commands: string[] } {
  const [name, ...others] = readdirSync(join(home, 'pdx')).filter((n) => n.startsWith('code-'));
  expect(others).toEqual([]);
  const path = join(home, 'pdx', name!);
  const data = readFileSync(path);
  const length = data.readUInt32LE(32);
  return { path, commands: JSON.parse(data.subarray(36, 36 + length).toString('utf8')) as string[] };
}

describe('start-up from the bundle with a V8 code cache', () => {
  it('prints the same with no cache, a fresh one and a damaged one, and keeps one file per build', async () => {
    const dir = copyOfExamples();
    const home = tempDir('pdx-xdg-');
    const env = { XDG_CACHE_HOME: home };
    const args = ['validate', '--as-of', '2026-11-24', '--no-cache'];
    const first = await spawnPdx(args, { cwd: dir, env });
    expect(first.code).toBe(0);
    expect(codeCache(home).commands).toEqual(['validate']);
    const { path } = codeCache(home);
    const written = statSync(path).mtimeMs;

    const second = await spawnPdx(args, { cwd: dir, env });
    expect(second.stdout).toBe(first.stdout);
    expect(statSync(path).mtimeMs).toBe(written); // a command already in the cache does not rewrite it

    // Each new command adds the functions it compiled, once.
    expect((await spawnPdx(['stage', 'instant-quotes', '--as-of', '2026-11-24'], { cwd: dir, env })).code).toBe(0);
    expect(codeCache(home).commands).toEqual(['validate', 'stage']);

    // A damaged cache is never handed to V8: its checksum fails, it is ignored and written anew.
    const data = readFileSync(path);
    data.writeUInt8(data.readUInt8(data.length - 100) ^ 0xff, data.length - 100);
    writeFileSync(path, data);
    const damaged = await spawnPdx(args, { cwd: dir, env });
    expect(damaged.stdout).toBe(first.stdout);
    expect(damaged.stderr).toBe('');
    expect(codeCache(home).commands).toEqual(['validate']);
    writeFileSync(path, 'short');
    expect((await spawnPdx(args, { cwd: dir, env })).stdout).toBe(first.stdout);
  });

  it('keeps one cache per checkout of the same build: V8 records the file each function came from', async () => {
    const home = tempDir('pdx-xdg-');
    const checkouts = [tempDir('pdx-checkout-'), tempDir('pdx-checkout-')];
    for (const to of checkouts) {
      for (const part of ['bin', 'templates', 'package.json', join('dist', 'cli', 'pdx.cjs')]) cpSync(join(PROJECT, part), join(to, part), { recursive: true });
      const run = spawnSync(process.execPath, [join(to, 'bin', 'pdx'), 'validate', '--as-of', '2026-11-24'], { cwd: copyOfExamples(), env: { ...process.env, XDG_CACHE_HOME: home, NO_COLOR: '1' }, encoding: 'utf8' });
      expect(run.status, run.stderr).toBe(0);
    }
    expect(readdirSync(join(home, 'pdx')).filter((n) => n.startsWith('code-')).length).toBe(2);
  });

  it('a second checkout of the same bundle never runs with the first one’s cache: its stack names its own file', () => {
    const home = tempDir('pdx-xdg-');
    // The same bytes in both checkouts: a bundle that fails with `boom`, saving its cache as pdx's does.
    const bundle = `exports.saveCodeCache = require(${JSON.stringify(join(PROJECT, 'dist/cli/pdx.cjs'))}).saveCodeCache;\nfunction deep() { throw new Error('boom'); }\nexports.run = async (args) => { if (args[0] === 'boom') deep(); return 0; };\n`;
    const checkouts = [tempDir('pdx-checkout-'), tempDir('pdx-checkout-')];
    const run = (to: string, args: string[]) => spawnSync(process.execPath, [join(to, 'bin', 'pdx'), ...args], { env: { ...process.env, XDG_CACHE_HOME: home }, encoding: 'utf8' });
    for (const to of checkouts) {
      mkdirSync(join(to, 'dist', 'cli'), { recursive: true });
      for (const part of ['bin', 'package.json']) cpSync(join(PROJECT, part), join(to, part), { recursive: true });
      writeFileSync(join(to, 'dist', 'cli', 'pdx.cjs'), bundle);
    }
    expect(run(checkouts[0]!, ['ok']).status).toBe(0);
    expect(readdirSync(join(home, 'pdx')).filter((n) => n.startsWith('code-'))).toHaveLength(1);
    const failed = run(checkouts[1]!, ['boom', '--debug']);
    expect(failed.status).toBe(2);
    expect(failed.stderr).toContain(`at deep (${join(checkouts[1]!, 'dist', 'cli', 'pdx.cjs')}:2:`);
    expect(failed.stderr).not.toContain(checkouts[0]!);
  });

  it('works when the cache folder cannot be written', async () => {
    const dir = copyOfExamples();
    const home = join(tempDir('pdx-xdg-'), 'file');
    writeFileSync(home, 'not a folder');
    const result = await spawnPdx(['validate', '--as-of', '2026-11-24'], { cwd: dir, env: { XDG_CACHE_HOME: home } });
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
  });
});
