import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { parse, stringify } from 'yaml';
import { openWorkspace } from '../../src/engine/workspace.js';
import { RULES } from '../../src/gates/rules/index.js';
import { describe, expect, it } from 'vitest';
import { KIND_NAMES, RECORD_KINDS, type RecordKind } from '../../src/model/index.js';
import { listRecordFiles, loadRepo } from '../../src/store/load.js';
import { BAD_CASES, BASE_FILES } from '../fixtures.js';
import { parseSummary } from '../../src/model/summary.js';
import { EXAMPLES, minimalRepo, PROJECT, runPdx, tempDir } from '../helpers.js';

async function exportedSchemas(): Promise<Record<string, object>> {
  const out = tempDir();
  const result = await runPdx(['schema', '--out', out]);
  expect(result.code).toBe(0);
  return Object.fromEntries(['config', ...KIND_NAMES].map((kind) => [kind, JSON.parse(readFileSync(join(out, `${kind}.schema.json`), 'utf8'))]));
}

function validators(schemas: Record<string, object>) {
  const ajv = new Ajv2020({ allErrors: true, strict: true, validateFormats: false });
  return Object.fromEntries(Object.entries(schemas).map(([kind, schema]) => [kind, ajv.compile(schema)]));
}

const kindOfFile = (file: string): RecordKind => KIND_NAMES.find((k) => file.startsWith(`discovery/${RECORD_KINDS[k].folder}/`))!;

describe('exported JSON Schemas (checked with ajv)', () => {
  it('accept every example file', async () => {
    const validate = validators(await exportedSchemas());
    const { files } = listRecordFiles(EXAMPLES);
    expect(files.length).toBeGreaterThan(40);
    expect(new Set(files.map((f) => f.kind))).toEqual(new Set(KIND_NAMES));
    for (const { kind, file } of files) {
      const ok = validate[kind]!(parse(readFileSync(join(EXAMPLES, file), 'utf8')));
      expect(ok, `${file}: ${JSON.stringify(validate[kind]!.errors)}`).toBe(true);
    }
    expect(validate.config!(parse(readFileSync(join(EXAMPLES, 'pdx.yaml'), 'utf8')))).toBe(true);
  });

  it('agree with pdx on every schema-level bad case', async () => {
    const validate = validators(await exportedSchemas());
    const cases = BAD_CASES.filter((c) => c.schemaLevel);
    expect(cases.length).toBeGreaterThanOrEqual(7);
    for (const c of cases) {
      const pdxErrors = (await loadRepo(minimalRepo({ ...BASE_FILES, [c.file]: c.content }), { today: '2026-11-24' })).problems;
      expect(pdxErrors.some((p) => p.code === c.code), c.name).toBe(true);
      expect(validate[kindOfFile(c.file)]!(parse(c.content.toString())), c.name).toBe(false);
    }
  });

  it('agree with pdx on the valid base records', async () => {
    const validate = validators(await exportedSchemas());
    for (const [file, content] of Object.entries(BASE_FILES)) {
      expect(validate[kindOfFile(file)]!(parse(content)), file).toBe(true);
    }
  });

  it('is printed as one JSON document without --out', async () => {
    const result = await runPdx(['schema']);
    expect(result.code).toBe(0);
    const all = JSON.parse(result.stdout);
    expect(Object.keys(all)).toEqual(['config', ...KIND_NAMES, 'report-summary', 'portfolio']);
    expect(all.hypothesis.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
  });
});

describe("the report summary's JSON Schema", () => {
  const example = () => JSON.parse(readFileSync(join(PROJECT, 'test/fixtures/report-examples.json'), 'utf8')) as Record<string, unknown>;

  it('is published by pdx schema, and written by --out as report-summary.schema.json', async () => {
    const printed = JSON.parse((await runPdx(['schema'])).stdout)['report-summary'];
    expect(printed).toMatchObject({ $id: 'urn:pdx:schema:report-summary', title: 'pdx report summary', $schema: 'https://json-schema.org/draft/2020-12/schema' });
    expect(printed.properties.schemaVersion).toEqual({ type: 'number', const: 1 });
    const out = tempDir();
    const written = await runPdx(['schema', '--out', out]);
    expect(written.stdout).toBe(`wrote ${KIND_NAMES.length + 3} schemas to ${out}\n`);
    expect(JSON.parse(readFileSync(join(out, 'report-summary.schema.json'), 'utf8'))).toEqual(printed);
  });

  it("accepts the examples' report --json and what a later pdx of the same version adds, and refuses what parseSummary refuses", async () => {
    const out = tempDir();
    await runPdx(['schema', '--out', out]);
    const validate = new Ajv2020({ allErrors: true, strict: true, validateFormats: false }).compile(JSON.parse(readFileSync(join(out, 'report-summary.schema.json'), 'utf8')));
    expect(validate(example()), JSON.stringify(validate.errors)).toBe(true);
    expect(validate({ ...example(), addedLater: [1] })).toBe(true);
    const bad: Record<string, unknown>[] = [{ ...example(), schemaVersion: 2 }, { ...example(), asOf: 20261124 }, { ...example(), investment: { teams: [{ kind: 'initiative', id: 'a', system: 'sales', domain: null, people: [], budget: null }] } }];
    const missing = example();
    delete missing.investment;
    for (const summary of [...bad, missing]) {
      expect(validate(summary), JSON.stringify(summary).slice(0, 80)).toBe(false);
      expect(parseSummary(JSON.stringify(summary), 's.json').problems.length).toBeGreaterThan(0);
    }
  });

  it("is no file of the repo: init writes the files' schemas and maps only them to folders", async () => {
    const dir = tempDir();
    expect((await runPdx(['init', '--no-git', '--name', 'T'], { cwd: dir })).code).toBe(0);
    expect(readdirSync(join(dir, '.pdx/schema')).sort()).toEqual(['config', ...KIND_NAMES].map((k) => `${k}.schema.json`).sort());
    const map = JSON.parse(readFileSync(join(dir, '.vscode/settings.json'), 'utf8'))['yaml.schemas'] as Record<string, string>;
    expect(Object.keys(map).some((k) => k.includes('report-summary'))).toBe(false);
  });
});

describe("the config's JSON Schema", () => {
  it('lists every rule id with its own options, and agrees with pdx on rule settings', async () => {
    const validate = validators(await exportedSchemas()).config!;
    const config = (rules: unknown) => ({ version: 1, name: 'n', rules });
    const schema = (await exportedSchemas()).config as { properties: { rules: { properties: Record<string, { properties: Record<string, unknown> }> } } };
    expect(Object.keys(schema.properties.rules.properties)).toEqual(RULES.map((r) => r.meta.id));
    expect(Object.keys(schema.properties.rules.properties['paying-customers']!.properties)).toEqual(['severity', 'min', 'minDays']);
    expect(validate(config({ 'feedback-group': { min: 8 }, 'feedback-circle': { severity: 'warn' }, 'paying-customers': { min: 5, minDays: 60 } }))).toBe(true);
    for (const rules of [{ 'feedback-grup': { min: 3 } }, { 'feedback-group': { min: -3 } }, { ideas: { maximum: 3 } }, { ideas: { severity: 'loud' } }]) {
      expect(validate(config(rules)), JSON.stringify(rules)).toBe(false);
      const dir = minimalRepo();
      writeFileSync(join(dir, 'pdx.yaml'), stringify(config(rules)));
      const ws = await openWorkspace(dir, { today: '2026-11-24' });
      expect(ws.problems.filter((p) => p.file === 'pdx.yaml' && p.severity === 'error').length, JSON.stringify(rules)).toBeGreaterThan(0);
    }
  });
});
