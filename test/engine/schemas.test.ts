import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { parse, stringify } from 'yaml';
import { openWorkspace } from '../../src/engine/workspace.js';
import { RULES } from '../../src/gates/rules/index.js';
import { describe, expect, it } from 'vitest';
import { KIND_NAMES, RECORD_KINDS, type RecordKind } from '../../src/model/index.js';
import { listRecordFiles, loadRepo } from '../../src/store/load.js';
import { BAD_CASES, BASE_FILES } from '../fixtures.js';
import { EXAMPLES, minimalRepo, runPdx, tempDir } from '../helpers.js';

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
    expect(Object.keys(all)).toEqual(['config', ...KIND_NAMES, 'portfolio']);
    expect(all.hypothesis.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
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
