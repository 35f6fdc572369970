import { describe, expect, it } from 'vitest';
import { loadRepo } from '../../src/store/load.js';
import { BAD_CASES, BASE_FILES } from '../fixtures.js';
import { hasStackTrace, minimalRepo, runPdx, treeHash } from '../helpers.js';

const TODAY = '2026-11-24';

describe('the base repo used by the bad-input cases', () => {
  it('is valid, so every problem below comes from the one bad file', async () => {
    const repo = await loadRepo(minimalRepo(BASE_FILES), { today: TODAY });
    expect(repo.problems).toEqual([]);
    expect(repo.fileCount).toBe(8);
  });
});

describe.each(BAD_CASES)('$name', ({ file, content, code, line, says }) => {
  it(`is reported as ${code} at ${file}:${line}`, async () => {
    const repo = await loadRepo(minimalRepo({ ...BASE_FILES, [file]: content }), { today: TODAY });
    const errors = repo.problems.filter((p) => p.severity === 'error');
    expect(errors.map((p) => `${p.file}:${p.line} ${p.code}`)).toContain(`${file}:${line} ${code}`);
    expect(errors.every((p) => p.file === file)).toBe(true);
    expect(errors.find((p) => p.code === code)!.message).toMatch(says);
  });

  it('makes pdx validate exit 1 naming file and line, with no stack trace and nothing modified', async () => {
    const dir = minimalRepo({ ...BASE_FILES, [file]: content });
    const column = (await loadRepo(dir, { today: TODAY })).problems.find((p) => p.code === code)!.column;
    const before = treeHash(dir);
    const result = await runPdx(['validate'], { cwd: dir });
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(new RegExp(`^${file.replace(/[.]/g, '\\.')}:${line}:${column}  error  .*  ${code.replace('/', '\\/')}$`, 'm'));
    expect(hasStackTrace(result.stdout + result.stderr)).toBe(false);
    expect(treeHash(dir)).toBe(before);
  });
});

describe('one bad file never hides another', () => {
  it('reports the problems of every broken file in one run', async () => {
    const files = Object.fromEntries(BAD_CASES.map((c, i) => [c.file.replace(/\.yaml$/, `-${i}.yaml`), c.content]));
    const repo = await loadRepo(minimalRepo({ ...BASE_FILES, ...files }), { today: TODAY });
    const broken = new Set(repo.problems.filter((p) => p.severity === 'error').map((p) => p.file));
    // The duplicate-id case is a copy of a valid file renamed: with its twin it is one finding.
    expect(broken.size).toBe(BAD_CASES.length);
  });
});
