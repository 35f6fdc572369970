import { execFileSync, spawn } from 'node:child_process';
import { existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, statSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { copyOfExamples, hasStackTrace, runPdx, spawnPdx, tempDir, treeHash } from '../helpers.js';

/** A folder outside the repo holding bait: a file pdx's cache would overwrite and an old temp file its clean-up would delete. */
function bait(): { dir: string; hash: () => string } {
  const dir = tempDir('pdx-outside-');
  writeFileSync(join(dir, 'files.bin'), 'not pdx\n');
  writeFileSync(join(dir, 'state.json'), '{"mine":true}\n');
  writeFileSync(join(dir, 'old.tmp'), 'keep me\n');
  const old = new Date(Date.now() - 7_200_000);
  utimesSync(join(dir, 'old.tmp'), old, old);
  return { dir, hash: () => treeHash(dir) };
}

describe("pdx's own paths never lead out of the repo", () => {
  it('a committed link at .pdx/cache or .pdx is bypassed: validate, gate, report and writes touch nothing outside', async () => {
    for (const linkAt of ['.pdx/cache', '.pdx']) {
      const repo = copyOfExamples();
      const outside = bait();
      const before = outside.hash();
      if (linkAt === '.pdx') execFileSync('rm', ['-rf', join(repo, '.pdx')]);
      symlinkSync(outside.dir, join(repo, linkAt));
      for (const args of [['validate'], ['gate', 'mvp'], ['report', '--json'], ['idea', 'add', 'instant-quotes', '--text', 'An idea']]) {
        const result = await runPdx(args, { cwd: repo });
        expect(hasStackTrace(result.stderr), `${linkAt}: ${args.join(' ')}`).toBe(false);
        expect([0, 1], `${linkAt}: ${args.join(' ')}: ${result.stderr}`).toContain(result.code);
      }
      expect(outside.hash(), linkAt).toBe(before);
      expect(lstatSync(join(repo, linkAt)).isSymbolicLink()).toBe(true);
    }
  });

  it('pdx init refuses committed links .vscode and .pdx/schema leading out, creating nothing', async () => {
    for (const linkAt of ['.vscode', '.pdx/schema', 'discovery']) {
      const repo = tempDir();
      const outside = bait();
      const before = outside.hash();
      mkdirSync(join(repo, '.pdx'), { recursive: true });
      symlinkSync(outside.dir, join(repo, linkAt));
      const result = await runPdx(['init', '--name', 'T', '--no-git'], { cwd: repo });
      expect(result.code, result.stderr).toBe(1);
      expect(result.stderr).toMatch(new RegExp(`${linkAt.replace('.', '\\.')} is a link leading out of the repo; nothing was created`));
      expect(hasStackTrace(result.stderr)).toBe(false);
      expect(outside.hash(), linkAt).toBe(before);
      expect(existsSync(join(repo, 'pdx.yaml'))).toBe(false);
    }
  });

  it('schema --out and report --out refuse a link, or a linked folder, inside the repo that leads out', async () => {
    const repo = copyOfExamples();
    const outside = bait();
    const before = outside.hash();
    symlinkSync(outside.dir, join(repo, 'out'));
    symlinkSync(join(outside.dir, 'files.bin'), join(repo, 'report.html'));
    mkdirSync(join(repo, '.pdx', 'x'), { recursive: true });
    symlinkSync(join(outside.dir, 'state.json'), join(repo, '.pdx', 'x', 'config.schema.json'));
    for (const args of [['schema', '--out', 'out'], ['schema', '--out', '.pdx/x'], ['report', '--out', 'report.html'], ['report', '--out', 'out/r.html'], ['report', '--out', 'out/new/r.html']]) {
      const result = await runPdx(args, { cwd: repo });
      expect(result.code, `${args.join(' ')}: ${result.stderr}`).toBe(1);
      expect(result.stderr).toMatch(/lead(ing)? out of the repo|outside the repo/);
      expect(hasStackTrace(result.stderr)).toBe(false);
    }
    expect(outside.hash()).toBe(before);
  });
});

describe('--out never destroys what it should not', () => {
  it('refuses the config, a record, .git and pdx state, changing nothing', async () => {
    const repo = copyOfExamples();
    mkdirSync(join(repo, '.git'));
    writeFileSync(join(repo, '.git', 'config'), '[core]\n');
    const before = treeHash(repo);
    for (const out of ['pdx.yaml', 'discovery/initiatives/rapid-quotes.yaml', 'discovery/new.html', '.git/config', '.pdx/cache/files.bin', './discovery/../pdx.yaml']) {
      const result = await runPdx(['report', '--format', 'html', '--out', out], { cwd: repo });
      expect(result.code, out).toBe(2);
      expect(result.stderr).toMatch(/never replaces it with output/);
    }
    const linked = join(repo, 'looks-harmless.html');
    symlinkSync(join(repo, 'pdx.yaml'), linked);
    expect((await runPdx(['report', '--out', 'looks-harmless.html'], { cwd: repo })).code).toBe(2);
    expect(treeHash(repo, (p) => p === 'looks-harmless.html')).toBe(before);
    expect((await runPdx(['report', '--out', 'discovery'], { cwd: repo })).code).toBe(2);
    // An empty name is not "print it instead".
    for (const command of ['report', 'schema']) {
      const empty = await runPdx([command, '--out', ''], { cwd: repo });
      expect(empty.code).toBe(2);
      expect(empty.stdout).toBe('');
    }
  });

  it("refuses pdx's own files, the records and config of another pdx repo, and makes no folder for a refused path", async () => {
    const repo = copyOfExamples();
    const other = copyOfExamples();
    const before = [treeHash(repo), treeHash(other)];
    for (const out of ['.pdx/.gitignore', '.pdx/new.html', 'discovery/initiatives/.instant-quotes.yaml.pdx-lock', 'discovery/new-folder/x.html', join(other, 'pdx.yaml'), join(other, 'discovery/initiatives/instant-quotes.yaml'), join(other, 'discovery/brand-new.html')]) {
      const result = await runPdx(['report', '--out', out], { cwd: repo });
      expect(result.code, `${out}: ${result.stderr}`).toBe(2);
      expect(result.stderr).toMatch(/never replaces it with output/);
    }
    for (const out of ['discovery/new-folder']) expect((await runPdx(['schema', '--out', out], { cwd: repo })).code).toBe(2);
    expect([treeHash(repo), treeHash(other)]).toEqual(before);
    expect((await runPdx(['schema', '--out', '.pdx/schema'], { cwd: repo })).code).toBe(0);
  });

  it('writes into a device, a FIFO or /dev/stdout in place instead of replacing it; a folder is refused', async () => {
    const repo = copyOfExamples();
    const dir = tempDir();
    const fifo = join(dir, 'pipe');
    execFileSync('mkfifo', [fifo]);
    const reader = spawn('cat', [fifo]);
    let received = '';
    reader.stdout.on('data', (d: Buffer) => (received += d.toString()));
    const closed = new Promise((resolve) => reader.on('close', resolve));
    const viaFifo = await runPdx(['report', '--format', 'markdown', '--out', fifo], { cwd: repo });
    await closed;
    expect(viaFifo.code, viaFifo.stderr).toBe(0);
    expect(received).toMatch(/^# /);
    expect(statSync(fifo).isFIFO()).toBe(true);

    let device = '/dev/null';
    if (process.getuid?.() === 0) {
      // A device node of our own, so that replacing it would show.
      device = join(dir, 'null');
      execFileSync('mknod', [device, 'c', '1', '3']);
    }
    const viaDevice = await runPdx(['report', '--out', device], { cwd: repo });
    expect(viaDevice.code, viaDevice.stderr).toBe(0);
    expect(statSync(device).isCharacterDevice()).toBe(true);

    // The process's own standard output: only the binary has one of its own.
    const viaStdout = await spawnPdx(['report', '--format', 'markdown', '--out', '/dev/stdout'], { cwd: repo });
    expect(viaStdout.code, viaStdout.stderr).toBe(0);
    expect(viaStdout.stdout).toMatch(/^# /);

    const folder = await runPdx(['report', '--out', dir], { cwd: repo });
    expect(folder.code).toBe(2);
    expect(folder.stderr).toMatch(/is a folder/);
    expect(readdirSync(dir).sort()).toEqual(device === '/dev/null' ? ['pipe'] : ['null', 'pipe']);
  });

  it('replaces an earlier report atomically, keeping its permissions, and creates folders inside the repo', async () => {
    const repo = copyOfExamples();
    expect((await runPdx(['report', '--format', 'html', '--out', 'reports/weekly.html'], { cwd: repo })).code).toBe(0);
    const file = join(repo, 'reports/weekly.html');
    expect(readFileSync(file, 'utf8')).toMatch(/^<!doctype html>/i);
    execFileSync('chmod', ['640', file]);
    expect((await runPdx(['report', '--format', 'markdown', '--out', 'reports/weekly.html'], { cwd: repo })).code).toBe(0);
    expect(readFileSync(file, 'utf8')).toMatch(/^# /);
    expect(statSync(file).mode & 0o777).toBe(0o640);
    expect(readdirSync(join(repo, 'reports'))).toEqual(['weekly.html']);
  });
});

describe('lock and temp names that are not what pdx made', () => {
  it('a committed link named like a lock (to a pipe outside) is replaced, not followed; a folder named like one blocks clearly', async () => {
    const repo = copyOfExamples();
    const outside = tempDir();
    const fifo = join(outside, 'pipe');
    execFileSync('mkfifo', [fifo]);
    symlinkSync(fifo, join(repo, 'discovery/initiatives/.instant-quotes.yaml.pdx-lock'));
    const linked = await runPdx(['idea', 'add', 'instant-quotes', '--text', 'Through a fake lock'], { cwd: repo });
    expect(linked.code, linked.stderr).toBe(0);
    expect(statSync(fifo).isFIFO()).toBe(true);
    expect(readdirSync(join(repo, 'discovery/initiatives')).filter((n) => n.startsWith('.'))).toEqual([]);

    mkdirSync(join(repo, 'discovery/initiatives/.instant-quotes.yaml.pdx-lock'));
    const blocked = await runPdx(['idea', 'add', 'instant-quotes', '--text', 'Blocked'], { cwd: repo });
    expect(blocked.code).toBe(1);
    expect(blocked.stderr).toMatch(/is not a lock file pdx wrote; nothing was written/);
    expect(hasStackTrace(blocked.stderr)).toBe(false);
  });
});

