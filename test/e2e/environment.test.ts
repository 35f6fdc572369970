import { execFile, execFileSync, spawn } from 'node:child_process';
import { chmodSync, closeSync, cpSync, existsSync, mkdirSync, mkdtempSync, openSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { environmentError } from '../../src/cli/failure.js';
import { BIN, hasStackTrace, minimalRepo, PROJECT, runPdx, tempDir, type RunResult } from '../helpers.js';

const ROOT = process.getuid?.() === 0;
const EVIDENCE = ['evidence', 'add', '--initiative', 'quotes', '--customer', 'C-1', '--source', 'interview', '--note', 'n', '--date', '2026-11-20'];
const REPO = { 'discovery/initiatives/quotes.yaml': 'id: quotes\ntitle: Quotes\nstage: immersion\nhistory:\n  - { stage: immersion, date: 2026-11-01 }\n' };

/** Runs bin/pdx with its standard output going to `stdout` (a file descriptor) and stderr captured. */
function runWithStdout(args: string[], cwd: string, stdout: number | 'pipe-closed', stderr: number | 'pipe' = 'pipe'): Promise<RunResult> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd, env: { ...process.env, NO_COLOR: '1', CI: '' }, stdio: ['ignore', stdout === 'pipe-closed' ? 'pipe' : stdout, stderr] });
    // A reader that goes away at once: every write of pdx meets a closed pipe.
    if (stdout === 'pipe-closed') child.stdout!.destroy();
    let err = '';
    child.stderr?.on('data', (chunk: Buffer) => (err += chunk.toString('utf8')));
    child.on('close', (code) => resolve({ code: code ?? 1, stdout: '', stderr: err }));
  });
}

/** The contract for a failure of the machine: one `pdx:` line (plus its hint), no stack, no source. */
function expectOneLine(result: RunResult, message: RegExp): void {
  expect(hasStackTrace(result.stderr), result.stderr).toBe(false);
  expect(result.stderr).not.toMatch(/internal error|please report/);
  const lines = result.stderr.trimEnd().split('\n');
  expect(lines[0]).toMatch(/^pdx: /);
  expect(lines[0]).toMatch(message);
  expect(lines.slice(1).every((line) => line.startsWith('  hint: ')), result.stderr).toBe(true);
  expect(result.stderr.length).toBeLessThan(1000);
}

describe('output that cannot be written', () => {
  it('stdout on a full device: one line on stderr, exit 1, and a write says what it wrote', async () => {
    const dir = minimalRepo(REPO);
    const full = openSync('/dev/full', 'w');
    try {
      const [validate, report, json, write] = await Promise.all([
        runWithStdout(['validate'], dir, full),
        runWithStdout(['report'], dir, full),
        runWithStdout(['report', '--json'], dir, full),
        runWithStdout(EVIDENCE, dir, full),
      ]);
      for (const result of [validate, report, json]) {
        expect(result.code).toBe(1);
        expectOneLine(result, /could not write the output \(no space left on the device\).*no file was changed/);
      }
      expect(write.code).toBe(1);
      expectOneLine(write, /could not write the output.*discovery\/evidence\/quotes\/2026-11-20-c-1\.yaml was written$/m);
      // With stderr full too there is nowhere to say it: exit 1, nothing else.
      expect((await runWithStdout(['validate'], dir, full, full)).code).toBe(1);
    } finally {
      closeSync(full);
    }
  });

  it('a reader that goes away early is not an error: silent, and the exit code stays the command’s', async () => {
    const dir = minimalRepo(REPO);
    const [report, validate] = await Promise.all([runWithStdout(['report'], dir, 'pipe-closed'), runWithStdout(['validate', '--json'], dir, 'pipe-closed')]);
    expect(report).toEqual({ code: 0, stdout: '', stderr: '' });
    expect(validate).toEqual({ code: 0, stdout: '', stderr: '' });
  });
});

describe('a working folder that was deleted', () => {
  /** Runs pdx from a folder that is removed just before pdx starts. */
  function fromDeletedFolder(args: string[]): Promise<RunResult> {
    const parent = tempDir('pdx-gone-');
    const gone = join(parent, 'gone');
    mkdirSync(gone);
    return new Promise((resolve) => {
      execFile('sh', ['-c', 'cd "$0" && rmdir "$0" && exec "$@"', gone, process.execPath, BIN, ...args], { env: { ...process.env, NO_COLOR: '1' }, cwd: parent, encoding: 'utf8' }, (error, stdout, stderr) =>
        resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr }),
      );
    });
  }

  it('works with an absolute -C, and is one line without it (the stack only with --debug)', async () => {
    const dir = minimalRepo(REPO);
    const [absolute, plain, relative, debug] = await Promise.all([
      fromDeletedFolder(['-C', dir, 'validate']),
      fromDeletedFolder(['validate']),
      fromDeletedFolder(['-C', 'elsewhere', 'initiative', 'list']),
      fromDeletedFolder(['--debug', 'validate']),
    ]);
    expect(absolute.code, absolute.stderr).toBe(0);
    expect(absolute.stdout).toMatch(/no problems/);
    for (const result of [plain, relative]) {
      expect(result.code).toBe(1);
      expectOneLine(result, /the folder pdx was started in no longer exists/);
    }
    expect(debug.code).toBe(1);
    expect(debug.stderr).toMatch(/uv_cwd/);
    expect(hasStackTrace(debug.stderr)).toBe(true);
  });
});

/** Mount points this file made, unmounted after it. */
const mounts: string[] = [];
afterAll(() => {
  for (const dir of mounts.splice(0)) {
    execFileSync('umount', [dir]);
    rmSync(dir, { recursive: true, force: true });
  }
});

/** A small tmpfs holding a copy of `repo`, or undefined where pdx's tests may not mount. */
function mountedCopy(repo: string, size = '2m'): string | undefined {
  if (!ROOT) return undefined;
  const dir = mkdtempSync(join(tmpdir(), 'pdx-mount-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', dir], { stdio: 'ignore' });
  } catch {
    rmSync(dir, { recursive: true, force: true });
    return undefined;
  }
  mounts.push(dir);
  cpSync(repo, dir, { recursive: true });
  return dir;
}

describe.skipIf(!ROOT)('a full disk, a read-only file system, no permission', () => {
  it('a full disk: one line naming what could not be written and that nothing was, exit 1; --debug shows the stack', async (context) => {
    const dir = mountedCopy(minimalRepo(REPO));
    if (!dir) return context.skip();
    try {
      writeFileSync(join(dir, 'filler'), Buffer.alloc(4 * 1024 * 1024));
    } catch {
      // Full now, as intended.
    }
    const [write, debug, report] = await Promise.all([runPdx(EVIDENCE, { cwd: dir }), runPdx(['--debug', ...EVIDENCE.slice(0, -1), '2026-11-21'], { cwd: dir }), runPdx(['report', '--out', 'r.html'], { cwd: dir })]);
    expect(write.code).toBe(1);
    expectOneLine(write, /^pdx: cannot \w+ .*discovery\/evidence\/quotes.*: no space left on the device; no file was changed$/m);
    expect(write.stderr).toMatch(/hint: free some space/);
    expect(debug.code).toBe(1);
    expect(debug.stderr).toMatch(/ENOSPC/);
    expect(hasStackTrace(debug.stderr)).toBe(true);
    // The folder made for the new file is removed again with it.
    expect(existsSync(join(dir, 'discovery/evidence/quotes'))).toBe(false);
    expect(report.code).toBe(1);
    expectOneLine(report, /no space left on the device; no file was changed$/m);
  });

  it('a read-only file system: one line, exit 1; reading still works', async (context) => {
    const dir = mountedCopy(minimalRepo(REPO));
    if (!dir) return context.skip();
    execFileSync('mount', ['-o', 'remount,ro', dir]);
    const [write, read] = await Promise.all([runPdx(EVIDENCE, { cwd: dir }), runPdx(['validate'], { cwd: dir })]);
    expect(write.code).toBe(1);
    expectOneLine(write, /read-only; no file was changed$/m);
    expect(read.code, read.stderr).toBe(0);
  });

  it('a folder the user may not write: one line naming the folder, exit 1', async () => {
    const dir = minimalRepo(REPO);
    mkdirSync(join(dir, 'discovery/evidence/quotes'), { recursive: true });
    chmodSync(dir, 0o755);
    execFileSync('chmod', ['-R', 'a+rX', dir]);
    chmodSync(join(dir, 'discovery/evidence/quotes'), 0o555);
    const result = await new Promise<RunResult>((resolve) =>
      execFile('setpriv', ['--reuid', '65534', '--regid', '65534', '--clear-groups', process.execPath, BIN, ...EVIDENCE], { cwd: dir, env: { ...process.env, HOME: '/nonexistent', XDG_CACHE_HOME: '/nonexistent', NO_COLOR: '1' }, encoding: 'utf8' }, (error, stdout, stderr) =>
        resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr }),
      ),
    );
    expect(result.code).toBe(1);
    expectOneLine(result, /permission denied; no file was changed$/m);
    expect(result.stderr).toContain(`check who owns ${join(dir, 'discovery/evidence/quotes')} `);
  });
});

describe('the binary itself', () => {
  /** A copy of bin/pdx with a bundle that throws from a timer, outside any command. */
  function brokenInstall(bundle: string): string {
    const dir = tempDir('pdx-install-');
    mkdirSync(join(dir, 'bin'));
    mkdirSync(join(dir, 'dist/cli'), { recursive: true });
    cpSync(BIN, join(dir, 'bin/pdx'));
    cpSync(join(PROJECT, 'package.json'), join(dir, 'package.json'));
    writeFileSync(join(dir, 'dist/cli/pdx.cjs'), bundle);
    return join(dir, 'bin/pdx');
  }

  it('an error escaping everything is one line (the stack with --debug), never the bundle’s source', async () => {
    // One very long line, as in the minified bundle: Node would print it whole.
    const bin = brokenInstall(`exports.run = () => new Promise(() => { setTimeout(() => { const filler = '${'x'.repeat(20_000)}'; throw new Error('boom ' + filler.length); }, 10); });\n`);
    const run = (args: string[]) =>
      new Promise<RunResult>((resolve) =>
        execFile(process.execPath, [bin, ...args], { encoding: 'utf8', env: { ...process.env, XDG_CACHE_HOME: tempDir() } }, (error, stdout, stderr) =>
          resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr }),
        ),
      );
    const [plain, debug] = await Promise.all([run(['validate']), run(['validate', '--debug'])]);
    expect(plain.code).toBe(2);
    expect(plain.stderr).toBe('pdx: internal error: boom 20000\n  run again with --debug to see where it happened, and please report it\n');
    expect(debug.code).toBe(2);
    expect(hasStackTrace(debug.stderr)).toBe(true);
    expect(debug.stderr).not.toContain('xxxxxxxxxx');
  });

  it('hands an escaped error to the CLI, which names a failure of the machine as such', async () => {
    const bin = brokenInstall(
      `exports.reportUncaught = require(${JSON.stringify(join(PROJECT, 'dist/cli/pdx.cjs'))}).reportUncaught;\n` +
        `exports.run = () => new Promise(() => { setTimeout(() => { const e = new Error('EIO: i/o error, read'); e.code = 'EIO'; e.syscall = 'read'; throw e; }, 10); });\n`,
    );
    const result = await new Promise<RunResult>((resolve) =>
      execFile(process.execPath, [bin, 'validate'], { encoding: 'utf8', env: { ...process.env, XDG_CACHE_HOME: tempDir() } }, (error, stdout, stderr) =>
        resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr }),
      ),
    );
    expect(result.code).toBe(1);
    expectOneLine(result, /^pdx: cannot read: an input\/output error/);
  });
});

describe('environmentError', () => {
  const errno = (code: string, syscall: string, path?: string, dest?: string) => Object.assign(new Error(`${code}: x, ${syscall}`), { code, syscall, path, dest });

  it('names the cause and the target (a temp file as what it stands for), and leaves bugs alone', () => {
    expect(environmentError(errno('ENOSPC', 'write'), 'a.yaml')?.message).toBe('cannot write a.yaml: no space left on the device');
    expect(environmentError(errno('EDQUOT', 'open', '/r/.a.yaml.123.0a1b2c3d.tmp'))?.message).toBe('cannot open /r/a.yaml: the disk quota is used up');
    expect(environmentError(errno('EACCES', 'rename', '/r/.a.yaml.1.abc.tmp', '/r/a.yaml'))?.code).toBe('env/permission');
    expect(environmentError(errno('EROFS', 'mkdir', '/r/x'))?.message).toBe('cannot create the folder /r/x: the file system is read-only');
    expect(environmentError(errno('ENOENT', 'uv_cwd'))?.code).toBe('env/cwd-gone');
    expect(environmentError(errno('EMFILE', 'open', '/r/a'))?.exitCode).toBe(1);
    // Not failures of the machine: a Node programming error, a plain error, a code without a system call.
    expect(environmentError(Object.assign(new TypeError('bad'), { code: 'ERR_INVALID_ARG_TYPE' }))).toBeUndefined();
    expect(environmentError(new Error('ENOSPC'))).toBeUndefined();
    expect(environmentError(Object.assign(new Error('x'), { code: 'ENOSPC' }))).toBeUndefined();
  });
});
