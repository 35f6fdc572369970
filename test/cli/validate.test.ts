import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BASE_FILES } from '../fixtures.js';
import { EXAMPLES, copyOfExamples, hasStackTrace, minimalRepo, runPdx, spawnPdx, tempDir, writeTree } from '../helpers.js';

const BROKEN = {
  ...BASE_FILES,
  'discovery/evidence/quotes/e2.yaml': 'id: e2\ninitiative: quotes\ndate: 2026-09-16\nsource: interveiw\ncustomer: C-005\nnote: n\n',
};

describe('pdx validate', () => {
  it('passes on the bundled examples', async () => {
    const result = await runPdx(['-C', EXAMPLES, 'validate']);
    expect(result.stderr).toBe('');
    expect(result.stdout).toMatch(/✓ \d+ files checked, no problems/);
    expect(result.code).toBe(0);
  });

  it('finds the repo root from a sub-folder and prints paths relative to where it runs', async () => {
    const dir = minimalRepo(BROKEN);
    const result = await runPdx(['validate'], { cwd: join(dir, 'discovery', 'evidence') });
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('quotes/e2.yaml:4:9  error  `source` must be one of');
  });

  it('prints the contract JSON with --json and --format json', async () => {
    const dir = minimalRepo(BROKEN);
    for (const flags of [['--json'], ['--format', 'json']]) {
      const result = await runPdx(['validate', ...flags], { cwd: dir });
      expect(result.code).toBe(1);
      const json = JSON.parse(result.stdout);
      expect(json.ok).toBe(false);
      expect(json.errors).toEqual([
        {
          file: 'discovery/evidence/quotes/e2.yaml',
          line: 4,
          column: 9,
          code: 'schema/enum',
          message: expect.stringContaining('did you mean `interview`'),
        },
      ]);
    }
  });

  it('prints GitHub workflow annotations with paths from the git repository root', async () => {
    const outer = tempDir();
    writeTree(outer, { '.git/HEAD': 'ref: refs/heads/main\n' });
    const dir = join(outer, 'product');
    writeTree(dir, { 'pdx.yaml': 'version: 1\nname: T\n', ...BROKEN });
    const result = await runPdx(['validate', '--format', 'github'], { cwd: dir });
    expect(result.code).toBe(1);
    expect(result.stdout).toBe(
      '::error file=product/discovery/evidence/quotes/e2.yaml,line=4,col=9,title=pdx schema/enum::`source` must be one of: interview, observation, survey, research, analytics, experiment; not "interveiw" (did you mean `interview`?)\n',
    );
  });

  it('exits 0 with warnings only, and the summary counts the files with problems', async () => {
    const dir = minimalRepo({ ...BASE_FILES, 'discovery/hypothesis/stray.yaml': 'id: x\n' });
    const result = await runPdx(['validate'], { cwd: dir });
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/discovery\/hypothesis:1:1 {2}warning {2}not a record folder.*did you mean `hypotheses`/);
    expect(result.stdout).toContain('⚠ 0 errors, 1 warning in 1 of 8 files');
  });

  it('outside a pdx repo exits 2 with a hint to run pdx init', async () => {
    const result = await runPdx(['validate'], { cwd: tempDir() });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/not a pdx repository/);
    expect(result.stderr).toMatch(/pdx init/);
    expect(result.stdout).toBe('');
  });

  it('outside a pdx repo with --json prints ok:false and exits 2', async () => {
    const result = await runPdx(['validate', '--json'], { cwd: tempDir() });
    expect(result.code).toBe(2);
    expect(JSON.parse(result.stdout)).toEqual({ ok: false, errors: [{ code: 'usage', message: expect.stringMatching(/not a pdx repository/), hint: expect.stringContaining('pdx init') }] });
  });

  it('exits 2 when the config itself is invalid, naming its line', async () => {
    const dir = minimalRepo({ 'pdx.yaml': 'version: 1\nname: T\ngti:\n  autoCommit: true\n' });
    const result = await runPdx(['validate'], { cwd: dir });
    expect(result.code).toBe(2);
    expect(result.stdout).toContain('pdx.yaml:3:1  error  unknown field `gti` (did you mean `git`?)');
  });

  it('treats an unknown flag or format as a usage error (exit 2)', async () => {
    const dir = minimalRepo();
    expect((await runPdx(['validate', '--fromat', 'json'], { cwd: dir })).code).toBe(2);
    const bad = await runPdx(['validate', '--format', 'xml'], { cwd: dir });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/text, json, github/);
  });

  it('reports dates after --as-of as typos', async () => {
    const dir = copyOfExamples();
    const result = await runPdx(['validate', '--as-of', '2026-11-01'], { cwd: dir });
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/date\/future/);
    expect(hasStackTrace(result.stdout + result.stderr)).toBe(false);
  });
});

describe('pdx basics', () => {
  it('--version prints the package version, in bin/pdx (which answers it without loading the CLI) and in the CLI', async () => {
    const [bin, cli] = [await spawnPdx(['--version']), await runPdx(['--version'])];
    expect(bin.stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
    expect(bin.code).toBe(0);
    expect(cli).toEqual(bin);
  });

  it('an unknown command exits 2 with a suggestion', async () => {
    const result = await runPdx(['valdate']);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe('pdx: unknown command `valdate` (did you mean `validate`?)\n  hint: pdx --help lists the commands\n');
  });
});
