import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, readdirSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { copyOfExamples, PROJECT, spawnPdx, tempDir } from '../helpers.js';

/** The code caches bin/pdx keeps under `XDG_CACHE_HOME`, by command: `{ validate: path }`. */
function codeCaches(home: string): Record<string, string> {
  const names = readdirSync(join(home, 'pdx')).filter((n) => n.startsWith('code-'));
  const builds = new Set(names.map((n) => /^code-([0-9a-f]{20})-[a-z0-9-]+\.bin$/.exec(n)?.[1]));
  expect([...builds]).toHaveLength(1);
  return Object.fromEntries(names.map((n) => [n.slice('code-'.length + 21, -'.bin'.length), join(home, 'pdx', n)]));
}

describe('start-up from the bundle with a V8 code cache', () => {
  it('prints the same with no cache, a fresh one and a damaged one, and keeps one file per command', async () => {
    const dir = copyOfExamples();
    const home = tempDir('pdx-xdg-');
    const env = { XDG_CACHE_HOME: home };
    const args = ['validate', '--as-of', '2026-11-24', '--no-cache'];
    // Options before the command, -C's value among them, name the same command.
    const first = await spawnPdx(['-C', dir, '--no-color', ...args], { cwd: tempDir('pdx-elsewhere-'), env });
    expect(first.code).toBe(0);
    expect(Object.keys(codeCaches(home))).toEqual(['validate']);
    const path = codeCaches(home).validate!;
    const written = statSync(path).mtimeMs;

    const second = await spawnPdx(args, { cwd: dir, env });
    expect(second.stdout).toBe(first.stdout);
    expect(statSync(path).mtimeMs).toBe(written); // a command that has its cache does not rewrite it

    // Each command has its own, with the functions it compiled; a mistyped one gets none.
    expect((await spawnPdx(['evidence', 'list', '--as-of', '2026-11-24'], { cwd: dir, env })).code).toBe(0);
    expect((await spawnPdx(['--help'], { cwd: dir, env })).code).toBe(0);
    expect((await spawnPdx(['valdate'], { cwd: dir, env })).code).toBe(2);
    expect(Object.keys(codeCaches(home)).sort()).toEqual(['evidence-list', 'pdx', 'validate']);
    expect(statSync(codeCaches(home)['evidence-list']!).size).not.toBe(statSync(path).size);

    // A damaged cache is never handed to V8: its checksum fails, it is ignored and written anew.
    const data = readFileSync(path);
    data.writeUInt8(data.readUInt8(data.length - 100) ^ 0xff, data.length - 100);
    writeFileSync(path, data);
    const damaged = await spawnPdx(args, { cwd: dir, env });
    expect(damaged.stdout).toBe(first.stdout);
    expect(damaged.stderr).toBe('');
    expect(readFileSync(path).equals(data)).toBe(false);
    writeFileSync(path, 'short');
    expect((await spawnPdx(args, { cwd: dir, env })).stdout).toBe(first.stdout);
    expect(readFileSync(path).length).toBeGreaterThan(1000);
  });

  it('keeps the caches of the four builds used last', async () => {
    const home = tempDir('pdx-xdg-');
    mkdirSync(join(home, 'pdx'));
    // Five older builds' caches (and one of the layout before caches were per command), the oldest first.
    const old = ['0'.repeat(20), '1'.repeat(20), '2'.repeat(20), '3'.repeat(20), '4'.repeat(20)];
    old.forEach((build, i) => {
      for (const name of [`code-${build}-validate.bin`, `code-${build}-stage.bin`]) {
        writeFileSync(join(home, 'pdx', name), 'x');
        utimesSync(join(home, 'pdx', name), 1_000_000 + i * 1000, 1_000_000 + i * 1000);
      }
    });
    writeFileSync(join(home, 'pdx', `code-${'5'.repeat(20)}.bin`), 'x');
    utimesSync(join(home, 'pdx', `code-${'5'.repeat(20)}.bin`), 999_000, 999_000);
    expect((await spawnPdx(['validate', '--as-of', '2026-11-24'], { cwd: copyOfExamples(), env: { XDG_CACHE_HOME: home } })).code).toBe(0);
    const left = readdirSync(join(home, 'pdx')).filter((n) => n.startsWith('code-')).map((n) => n.slice(5, 25));
    const builds = new Set(left);
    expect(builds.size).toBe(4);
    for (const kept of old.slice(2)) expect(builds.has(kept!)).toBe(true);
    expect([...builds].filter((b) => !old.includes(b))).toEqual([expect.stringMatching(/^[0-9a-f]{20}$/)]);
    expect(left.filter((b) => b === old[4])).toHaveLength(2);
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
    const bundle = `exports.saveCodeCache = require(${JSON.stringify(join(PROJECT, 'dist/cli/pdx.cjs'))}).saveCodeCache;\nlet ran;\nexports.commandRan = () => ran;\nfunction deep() { throw new Error('boom'); }\nexports.run = async (args) => { ran = args[0]; if (process.env.BOOM) deep(); return 0; };\n`;
    const checkouts = [tempDir('pdx-checkout-'), tempDir('pdx-checkout-')];
    const run = (to: string, args: string[], boom = false) => spawnSync(process.execPath, [join(to, 'bin', 'pdx'), ...args], { env: { ...process.env, XDG_CACHE_HOME: home, ...(boom ? { BOOM: '1' } : {}) }, encoding: 'utf8' });
    for (const to of checkouts) {
      mkdirSync(join(to, 'dist', 'cli'), { recursive: true });
      for (const part of ['bin', 'package.json']) cpSync(join(PROJECT, part), join(to, part), { recursive: true });
      writeFileSync(join(to, 'dist', 'cli', 'pdx.cjs'), bundle);
    }
    // The same command in both: its cache is looked up by name, so only the build's path tells them apart.
    expect(run(checkouts[0]!, ['boom', '--debug']).status).toBe(0);
    expect(readdirSync(join(home, 'pdx')).filter((n) => n.startsWith('code-'))).toHaveLength(1);
    const failed = run(checkouts[1]!, ['boom', '--debug'], true);
    expect(failed.status).toBe(2);
    expect(failed.stderr).toContain(`at deep (${join(checkouts[1]!, 'dist', 'cli', 'pdx.cjs')}:4:`);
    expect(failed.stderr).not.toContain(checkouts[0]!);
  });

  it('exits only once a slow reader has all of the output', () => {
    const dir = copyOfExamples();
    const argv = [process.execPath, join(PROJECT, 'bin', 'pdx'), 'report', '--format', 'html', '--as-of', '2026-11-24'];
    const env = { ...process.env, NO_COLOR: '1', CI: '1' };
    const whole = spawnSync(argv[0]!, argv.slice(1), { cwd: dir, env, encoding: 'utf8' });
    expect(whole.status).toBe(0);
    expect(whole.stdout.length).toBeGreaterThan(65536); // more than a pipe holds
    // A real pipe, as a shell makes one, to a reader that starts late (a pager, a slow script).
    const command = argv.map((word) => `'${word.replace(/'/g, `'\\''`)}'`).join(' ');
    const piped = spawnSync('sh', ['-c', `{ ${command}; echo "pdx exit $?" >&2; } | { sleep 0.3; cat; }`], { cwd: dir, env, encoding: 'utf8' });
    expect(piped.stderr).toBe('pdx exit 0\n');
    expect(piped.stdout).toBe(whole.stdout);
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
