import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { gitPdxRepo, runPdx } from '../helpers.js';

/** A write must never leave a file the next read refuses (over the 1024 KB limit of a record). */
describe('a write too large to read back', () => {
  it('is refused, naming the file, and nothing is written', async () => {
    const repo = await gitPdxRepo();
    expect((await runPdx(['initiative', 'add', '--title', 'Quotes', '--date', '2026-11-02'], { cwd: repo })).code).toBe(0);
    const file = join(repo, 'discovery/initiatives/quotes.yaml');
    const before = readFileSync(file, 'utf8');
    const result = await runPdx(['idea', 'add', 'quotes', '--text', 'x'.repeat(1_100_000)], { cwd: repo });
    expect(result.code).not.toBe(0);
    expect(result.stderr + result.stdout).toMatch(/discovery\/initiatives\/quotes\.yaml.*at most 1024 KB/s);
    expect(readFileSync(file, 'utf8')).toBe(before);
  });
});
