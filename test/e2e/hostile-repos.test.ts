import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, lstatSync, mkdirSync, readdirSync, readFileSync, readlinkSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { copyOfExamples, hasStackTrace, runPdx, tempDir } from '../helpers.js';

/**
 * A property test over generated hostile repos: the examples with random files, links, modes,
 * pipes, control characters and sizes mixed in. Every read command must exit 0, 1 or 2, print no
 * stack trace or raw control character, finish in bounded time, and change no byte anywhere on
 * disk but pdx's cache. The commands run in this process (what they print and change is pdx's
 * doing, not the process's), one after another.
 */

/** What is on disk under `dir`, never following a link nor opening a pipe: type, mode, link target, bytes. */
function diskState(dir: string, skip: (path: string) => boolean): string {
  const hash = createHash('sha256');
  const walk = (current: string): void => {
    for (const name of readdirSync(current).sort()) {
      const full = join(current, name);
      const path = relative(dir, full).split(sep).join('/');
      if (skip(path)) continue;
      const stat = lstatSync(full);
      hash.update(`${path} ${stat.mode} ${stat.size}\n`);
      if (stat.isSymbolicLink()) hash.update(readlinkSync(full));
      else if (stat.isDirectory()) {
        if (stat.mode & 0o400) walk(full);
      } else if (stat.isFile()) hash.update(readFileSync(full));
    }
  };
  walk(dir);
  return hash.digest('hex');
}

const FOLDERS = ['discovery/initiatives', 'discovery/hypotheses/instant-quotes', 'discovery/evidence/instant-quotes', 'discovery/experiments', 'discovery/okrs', 'discovery/checkins/x', 'discovery', 'discovery/unknown', '.pdx', '.pdx/cache', '.vscode'];
const CONTROL = ['\u001b]0;pwned\u0007', '\u001b[2J', '\u001b]52;c;aGk=\u0007', '\u009b31m', '\u202e', '\u0000', '\r', '\u0008', '\u007f', '\ud800'];

const text = fc.oneof(
  fc.string({ maxLength: 30 }),
  fc.constantFrom(...CONTROL).map((c) => `Title ${c} end`),
  fc.constantFrom('9999-12-31', '0000-01-01', '2026-02-30', '-1', '1e309', 'NaN', '*a', '&a [*a, *a]'),
);

/** A record-like text with hostile values in it, or arbitrary bytes. */
const content = fc.oneof(
  fc.record({ id: fc.constantFrom('instant-quotes', 'x', 'quotes-api', 'bad id'), title: text, stage: fc.oneof(text, fc.constantFrom('mvp', 'immersion')), extra: text }).map(
    (r) => `id: ${r.id}\ntitle: ${JSON.stringify(r.title)}\nstage: ${JSON.stringify(r.stage)}\nhistory:\n  - { stage: immersion, date: ${r.extra.length > 5 ? '9999-12-31' : '2026-01-01'} }\nnote: "${r.extra.replace(/["\\]/g, '')}"\n`,
  ),
  fc.uint8Array({ maxLength: 200 }).map((bytes) => Buffer.from(bytes)),
  fc.constantFrom('a: &a [x]\nb: [*a, *a, *a, *a]\n', `${'- '.repeat(900)}x\n`, `k: ${'x'.repeat(200_000)}\n`),
);

const entry = fc.record({
  folder: fc.constantFrom(...FOLDERS),
  name: fc.oneof(fc.constantFrom('a.yaml', 'b.yml', 'files.bin', 'state.json', 'settings.json', 'instant-quotes.yaml', 'cache', 'journal'), fc.constantFrom(...CONTROL.filter((c) => !c.includes('\u0000') && !c.includes('\ud800'))).map((c) => `e${c}.yaml`)),
  kind: fc.constantFrom('file', 'file', 'link-out-file', 'link-out-dir', 'link-loop', 'fifo', 'mode-000', 'big'),
  content,
});

const READ_COMMANDS: string[][] = [
  ['validate'],
  ['validate', '--format', 'json'],
  ['validate', '--format', 'github'],
  ['gate', 'mvp'],
  ['gate', 'mvp', '--format', 'junit'],
  ['gate', 'prototyping', '--format', 'json'],
  ['report'],
  ['report', '--format', 'html'],
  ['report', '--format', 'markdown', '--as-of', '2026-11-30'],
  ['initiative', 'list'],
  ['initiative', 'show', 'instant-quotes'],
  ['hypothesis', 'list'],
  ['experiment', 'list', '--json'],
  ['stage', 'instant-quotes'],
  ['status', '--json'],
  ['domain', 'list'],
  ['okr', 'list', '--json'],
  ['kr', 'list'],
  ['log'],
  ['assumptions'],
];

/** Two halves, each its own test: every half sees its own random repos, and each test stays short. */
const HALVES = [READ_COMMANDS.filter((_, i) => i % 2 === 0), READ_COMMANDS.filter((_, i) => i % 2 === 1)];

/** Runs pdx in this process (the harness), timed: a read of any repo must answer in bounded time. */
async function run(args: string[], cwd: string, env: Record<string, string>): Promise<{ code: number | null; out: string; ms: number }> {
  const started = Date.now();
  const result = await runPdx(args, { cwd, env: { CI: '1', ...env } });
  return { code: result.code, out: `${result.stdout}\n${result.stderr}`, ms: Date.now() - started };
}

describe('hostile repos', () => {
  it.each(HALVES.map((commands, half) => ({ half: `${half + 1} of 2`, commands })))('never make a read command crash, hang, leak a stack, or change a byte on disk (half $half)', async ({ commands }) => {
    const outside = tempDir('pdx-bystander-');
    writeFileSync(join(outside, 'files.bin'), 'bystander\n');
    writeFileSync(join(outside, 'state.json'), '{}\n');
    mkdirSync(join(outside, 'folder'));
    writeFileSync(join(outside, 'folder', 'x.yaml'), 'id: x\n');
    const userCache = tempDir('pdx-user-cache-');
    await fc.assert(
      fc.asyncProperty(fc.array(entry, { minLength: 1, maxLength: 8 }), fc.constantFrom('.pdx/cache', '.pdx', '.pdx/journal', 'discovery/evidence/x', undefined), async (entries, ownLink) => {
        const repo = copyOfExamples();
        // pdx's own state, or a record folder, as a link leading out of the repo.
        if (ownLink) {
          execFileSync('rm', ['-rf', join(repo, ownLink)]);
          mkdirSync(join(repo, ownLink, '..'), { recursive: true });
          symlinkSync(join(outside, 'folder'), join(repo, ownLink));
        }
        for (const e of entries) {
          const dir = join(repo, e.folder);
          try {
            mkdirSync(dir, { recursive: true });
          } catch {
            continue; // a file generated earlier is in the way
          }
          const path = join(dir, e.name);
          try {
            lstatSync(path);
            continue;
          } catch {
            // free
          }
          if (e.kind === 'link-out-file') symlinkSync(join(outside, 'files.bin'), path);
          else if (e.kind === 'link-out-dir') symlinkSync(join(outside, 'folder'), path);
          else if (e.kind === 'link-loop') symlinkSync(path, path);
          else if (e.kind === 'fifo') execFileSync('mkfifo', [path]);
          else if (e.kind === 'big') writeFileSync(path, Buffer.alloc(2 * 1024 * 1024, 0x61));
          else {
            writeFileSync(path, e.content);
            if (e.kind === 'mode-000') chmodSync(path, 0o000);
          }
        }
        const skip = (p: string) => p === '.pdx/cache' || p.startsWith('.pdx/cache/');
        const before = diskState(repo, skip);
        const outsideBefore = diskState(outside, () => false);
        const results = [];
        for (const args of commands) results.push(await run(args, repo, { XDG_CACHE_HOME: userCache }));
        for (const [i, r] of results.entries()) {
          const what = `${commands[i]!.join(' ')} over ${ownLink ?? ''} ${JSON.stringify(entries.map((e) => [e.folder, e.name, e.kind]))}`;
          expect([0, 1, 2], `${what}\n${r.out.slice(0, 2000)}`).toContain(r.code);
          expect(hasStackTrace(r.out), `${what}\n${r.out.slice(0, 2000)}`).toBe(false);
          expect(r.out, what).not.toMatch(/internal error/);
          // No control character from the repo reaches the terminal (colour is off here).
          expect(r.out.match(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/u), what).toBeNull();
          expect(r.ms, what).toBeLessThan(20_000);
        }
        expect(diskState(repo, skip)).toBe(before);
        expect(diskState(outside, () => false)).toBe(outsideBefore);
      }),
      { numRuns: 4 },
    );
  });
});
