import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FILE_SCHEMAS } from '../../src/model/index.js';
import { parseRecord } from '../../src/store/check-file.js';
import { decodeText } from '../../src/store/read.js';

const schemas = Object.values(FILE_SCHEMAS).map((s) => s.schema);

/** Runs the whole read path for one file; anything thrown is a bug, and every problem must be located. */
function check(bytes: Buffer): void {
  const decoded = decodeText(bytes, 'f.yaml');
  const problems = 'problem' in decoded ? [decoded.problem] : schemas.flatMap((schema) => parseRecord('f.yaml', decoded.text, schema).problems);
  for (const p of problems) {
    expect(p.line).toBeGreaterThanOrEqual(1);
    expect(p.column).toBeGreaterThanOrEqual(1);
    expect(p.message.length).toBeGreaterThan(0);
  }
}

const yamlish = fc
  .array(
    fc.oneof(
      fc.constantFrom('id: x', 'kind: product', 'claims:', '- ', '  ', '\t', ': ', '"', "'", '&a ', '*a', '[', ']', '{', '}', '#', '---', '!!binary ', '%YAML 1.1', '\n', '2026-02-30', 'null', '~', '? ', '|', '>'),
      fc.string({ maxLength: 8 }),
    ),
    { maxLength: 40 },
  )
  .map((parts) => parts.join(''));

describe('reading any input', () => {
  // A library warning printed to stderr would garble pdx's output: everything must be a problem.
  let warn: ReturnType<typeof vi.spyOn>;
  beforeEach(() => {
    warn = vi.spyOn(process, 'emitWarning');
  });
  afterEach(() => {
    expect(warn).not.toHaveBeenCalled();
    warn.mockRestore();
  });

  it('reports keys that are lists or maps instead of printing a warning', () => {
    const { problems } = parseRecord('f.yaml', '{ a: 1 }: x\nid: y\n', schemas[0]!);
    expect(problems.map((p) => [p.code, p.line])).toEqual([['yaml/complex-key', 1]]);
  });

  it('never throws on arbitrary bytes', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => check(Buffer.from(bytes))), { numRuns: 300 });
  });

  it('never throws on YAML-like text, and locates every problem', () => {
    fc.assert(fc.property(yamlish, (text) => check(Buffer.from(text, 'utf8'))), { numRuns: 500 });
  });
});
