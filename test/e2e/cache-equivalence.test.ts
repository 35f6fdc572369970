import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { CACHE_DIR } from '../../src/store/cache.js';
import { copyOfExamples, initGit, runPdx } from '../helpers.js';

/**
 * The differential test of the verdict cache and of lean loads: every read command prints the
 * same text and the same JSON whether it reads every file afresh with every text kept (the
 * reference), fills an empty cache, or reads a warm one, and whichever command filled it (a lean
 * one, validate, keeps no texts; a later `search` must find them all the same).
 */
const COMMANDS: string[][] = [
  ['validate'],
  ['validate', '--format', 'json'],
  ['gate', 'problem-solution-fit'],
  ['gate', 'mvp', '--format', 'json'],
  ['report'],
  ['report', '--format', 'json'],
  ['report', '--format', 'markdown'],
  ['status'],
  ['status', '--json'],
  ['stage', 'instant-quotes'],
  ['stage', 'instant-quotes', '--json'],
  ['search', 'carrier'],
  ['search', 'quote', '--json'],
  ['log'],
  ['log', '--json'],
  ['log', '--format', 'markdown'],
  ['assumptions'],
  ['assumptions', '--json'],
  ['evidence', 'list'],
  ['evidence', 'list', '--json'],
  ['evidence', 'list', '--as-of', '2026-10-20', '--json'],
  ['evidence', 'show', '2026-10-14-d-111', '--json'],
  ['customer', 'show', 'T-104'],
  ['customer', 'show', 'T-104', '--json'],
  ['hypothesis', 'list', '--json'],
  ['hypothesis', 'show', 'instant-quotes-pricing'],
  ['hypothesis', 'show', 'instant-quotes-pricing', '--json'],
  ['experiment', 'list', '--json'],
  ['experiment', 'show', 'sv-eta-banner'],
  ['experiment', 'show', 'sv-eta-banner', '--json'],
  ['initiative', 'list', '--json'],
  ['initiative', 'show', 'instant-quotes', '--json'],
  ['domain', 'show', 'shipment-visibility', '--json'],
  ['okr', 'list', '--json'],
  ['kr', 'list', '--json'],
];

const out = async (dir: string, args: string[], env: Record<string, string> = {}) => {
  const r = await runPdx(args, { cwd: dir, env });
  return `exit ${r.code}\n${r.stdout}\n--- stderr\n${r.stderr}`;
};

describe('cache ≡ no cache, lean ≡ whole, for every read command', () => {
  let dir: string;
  const reference = new Map<string, string>();
  beforeAll(async () => {
    dir = copyOfExamples();
    initGit(dir, 'the examples');
    // Every text kept, nothing cached: what pdx printed before either existed.
    for (const args of COMMANDS) reference.set(args.join(' '), await out(dir, [...args, '--no-cache'], { PDX_TEST_TEXTS: 'all' }));
  }, 60_000);

  it('reference outputs are real answers', () => {
    expect(reference.get('validate')).toMatch(/^exit 0/);
    expect(reference.get('search carrier')).toMatch(/^exit 0\n\S/);
    expect(reference.get('evidence show 2026-10-14-d-111 --json')).toContain('"note"');
    expect(reference.get('experiment show sv-eta-banner --json')).toContain('"observed"');
  });

  it('a cache filled by lean commands, then read by every command, cold and warm', async () => {
    rmSync(join(dir, CACHE_DIR), { recursive: true, force: true });
    for (const pass of ['cold', 'warm']) {
      for (const args of COMMANDS) expect(await out(dir, args), `${pass}: pdx ${args.join(' ')}`).toBe(reference.get(args.join(' ')));
    }
  }, 60_000);

  it('no cache, the lean commands dropping the texts', async () => {
    for (const args of COMMANDS) expect(await out(dir, [...args, '--no-cache']), `pdx ${args.join(' ')} --no-cache`).toBe(reference.get(args.join(' ')));
  }, 60_000);

  it('a cache filled by a command that keeps the texts, read by a lean one and again', async () => {
    rmSync(join(dir, CACHE_DIR), { recursive: true, force: true });
    for (const args of [['search', 'carrier'], ['validate', '--format', 'json'], ['report', '--format', 'json'], ['customer', 'show', 'T-104', '--json'], ['evidence', 'list', '--json']]) {
      expect(await out(dir, args), `pdx ${args.join(' ')}`).toBe(reference.get(args.join(' ')));
    }
  }, 30_000);
});
