import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { gitPdxRepo, runPdx } from '../helpers.js';

/**
 * A write must never leave a file the next read refuses: over the 1024 KB or the 5,000 lines of a
 * record. (A NUL byte, the read's other refusal, no command can write: YAML escapes it as `\0`.)
 */
describe('a write the next read would refuse', () => {
  async function quotes(): Promise<{ repo: string; file: string; before: string }> {
    const repo = await gitPdxRepo();
    expect((await runPdx(['initiative', 'add', '--title', 'Quotes', '--date', '2026-11-02'], { cwd: repo })).code).toBe(0);
    const file = join(repo, 'discovery/initiatives/quotes.yaml');
    return { repo, file, before: readFileSync(file, 'utf8') };
  }

  it('is refused when too large, naming the file, and nothing is written', async () => {
    const { repo, file, before } = await quotes();
    const result = await runPdx(['idea', 'add', 'quotes', '--text', 'x'.repeat(1_100_000)], { cwd: repo });
    expect(result.code).toBe(1);
    expect(result.stderr + result.stdout).toMatch(/discovery\/initiatives\/quotes\.yaml.*at most 1024 KB.*file\/too-large/s);
    expect(readFileSync(file, 'utf8')).toBe(before);
  });

  it('is refused when over 5,000 lines, naming the file, and nothing is written', async () => {
    const { repo, file, before } = await quotes();
    const lines = Array.from({ length: 6000 }, (_, i) => `line ${i + 1}`).join('\n');
    const result = await runPdx(['idea', 'add', 'quotes', '--text', lines], { cwd: repo });
    expect(result.code).toBe(1);
    expect(result.stderr + result.stdout).toMatch(/discovery\/initiatives\/quotes\.yaml.*more than 5000 lines.*file\/too-long/s);
    expect(readFileSync(file, 'utf8')).toBe(before);
    expect((await runPdx(['validate'], { cwd: repo })).code).toBe(0);
  });
});
