import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CACHE_DIR } from '../../src/store/cache.js';
import { BAD_CASES, BASE_FILES } from '../fixtures.js';
import { copyOfExamples, initGit, minimalRepo, spawnPdx } from '../helpers.js';

/**
 * The worker pool of the cold parse (`store/pool.ts`) answers exactly as the load's own thread:
 * the same problems in the same order, the same records. Forced on a small repo (it is used on
 * its own only past thousands of files), in the built pdx, whose bundle the workers load.
 */
describe('the cold parse in worker threads', () => {
  const run = async (dir: string, args: string[], workers: number, cache: boolean) => {
    if (cache) rmSync(join(dir, CACHE_DIR), { recursive: true, force: true });
    const r = await spawnPdx([...args, ...(cache ? [] : ['--no-cache'])], { cwd: dir, env: { PDX_TEST_POOL: String(workers) } });
    return `exit ${r.code}\n${r.stdout}\n--- stderr\n${r.stderr}`;
  };

  /** The single thread's answer, then the pool's with and without the cache, and the cache the workers filled read back. */
  const same = async (dir: string, args: readonly string[]) => {
    const single = await run(dir, [...args], 0, true);
    expect(await run(dir, [...args], 2, true), `pdx ${args.join(' ')}`).toBe(single);
    expect(await run(dir, [...args], 3, false), `pdx ${args.join(' ')} --no-cache`).toBe(single);
    expect(await spawnPdx([...args], { cwd: dir, env: { PDX_TEST_POOL: '0' } }).then((r) => `exit ${r.code}\n${r.stdout}\n--- stderr\n${r.stderr}`)).toBe(single);
    return single;
  };
  let examples: string | undefined;
  const theExamples = () => (examples ??= initGit(copyOfExamples(), 'the examples'));

  it('gives what the single thread gives for every bad input, with the cache and without', async () => {
    const files = Object.fromEntries(BAD_CASES.map((c, i) => [c.file.replace(/\.yaml$/, `-${i}.yaml`), c.content]));
    expect(await same(minimalRepo({ ...BASE_FILES, ...files }), ['validate', '--format', 'json'])).toMatch(/^exit 1\n.*"errors": \[\n\s+\{/s);
  });

  for (const args of [['validate', '--format', 'json'], ['gate', 'mvp', '--format', 'json'], ['search', 'carrier', '--json'], ['evidence', 'list', '--json']]) {
    it(`gives what the single thread gives on the examples: pdx ${args.join(' ')}`, async () => {
      await same(theExamples(), args);
    });
  }
});
