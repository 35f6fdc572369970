import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseSummary, SUMMARY_SCHEMA_VERSION, type ReportSummary } from '../../src/model/summary.js';
import { REPORT_SCHEMA_VERSION, type Report } from '../../src/reports/build.js';
import { PROJECT } from '../helpers.js';

/** True only when each type is assignable to the other: a field in one and not the other, or typed differently, makes it false. */
type Agree<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
// Fails the typecheck (npm run typecheck, and vitest's transform of this file does not hide it) when Report and the schema drift apart.
const agree: Agree<Report, ReportSummary> = true;
const agreeInvestment: Agree<Report['investment'], ReportSummary['investment']> = true;

const EXAMPLE = readFileSync(join(PROJECT, 'test/fixtures/report-examples.json'), 'utf8');

describe('the report summary schema', () => {
  it('is the shape of Report, at the version the report writes', () => {
    expect(agree && agreeInvestment).toBe(true);
    expect(SUMMARY_SCHEMA_VERSION).toBe(REPORT_SCHEMA_VERSION);
  });
});

describe('parseSummary', () => {
  it("reads the examples' report --json as it was written", () => {
    const read = parseSummary(EXAMPLE, 'examples.json');
    expect(read.problems).toEqual([]);
    expect(read.summary).toEqual(JSON.parse(EXAMPLE));
  });

  it('reads a summary written with a byte-order mark, and places a field after a very long number', () => {
    expect(parseSummary(`\ufeff${EXAMPLE}`, 'bom.json').problems).toEqual([]);
    const long = `{"schemaVersion": 1, "name": ${'9'.repeat(500)}}`;
    expect(parseSummary(long, 'long.json').problems[0]).toMatchObject({ line: 1, column: long.indexOf('999') + 1, code: 'summary/shape' });
    const after = `{"schemaVersion": 1, "big": ${'9'.repeat(500)}, "name": 3}`;
    expect(parseSummary(after, 'long.json').problems[0]).toMatchObject({ line: 1, column: after.indexOf(': 3}') + 3 });
  });

  it('keeps reading a summary with fields a later pdx of the same version added, dropping them', () => {
    const later = { ...JSON.parse(EXAMPLE), portfolioHint: 'new', investment: { teams: [], total: 3 } };
    const read = parseSummary(JSON.stringify(later), 'later.json');
    expect(read.problems).toEqual([]);
    expect(read.summary).not.toHaveProperty('portfolioHint');
    expect(read.summary!.investment).toEqual({ teams: [] });
  });

  it('reads a version-1 summary written before stageMoves was added as one with no moves', () => {
    const older = JSON.parse(EXAMPLE) as Record<string, unknown>;
    delete older.stageMoves;
    const read = parseSummary(JSON.stringify(older), 'older.json');
    expect(read.problems).toEqual([]);
    expect(read.summary!.stageMoves).toEqual([]);
  });

  it("reads a summary that still carries the review page's links (written by an earlier build of version 1), without them", () => {
    const earlier = { ...(JSON.parse(EXAMPLE) as Record<string, unknown>), links: { files: { 'initiative:a': { file: 'discovery/initiatives/a.yaml', line: 1 } }, repository: null } };
    const read = parseSummary(JSON.stringify(earlier), 'earlier.json');
    expect(read.problems).toEqual([]);
    expect(read.summary).not.toHaveProperty('links');
  });

  it('checks and keeps only the sections asked for, when asked', () => {
    const value = JSON.parse(EXAMPLE) as Record<string, unknown>;
    const part = parseSummary(JSON.stringify({ ...value, assumptions: 'not checked' }), 'a.json', ['schemaVersion', 'name', 'funnel']);
    expect(part.problems).toEqual([]);
    expect(part.summary).toEqual({ schemaVersion: 1, name: value.name, funnel: value.funnel });
    const broken = parseSummary(JSON.stringify({ ...value, funnel: 'broken' }), 'a.json', ['schemaVersion', 'funnel']);
    expect(broken.problems.map((p) => p.code)).toEqual(['summary/shape']);
  });

  it('names a JSON syntax error by file, line and column', () => {
    const text = '{\n  "schemaVersion": 1,\n  "name": "x",,\n}';
    expect(parseSummary(text, 'ci/a.json').problems).toEqual([
      { file: 'ci/a.json', line: 3, column: 15, severity: 'error', code: 'summary/json', message: `ci/a.json is not valid JSON: unexpected ",", expected a property name in double quotes` },
    ]);
    expect(parseSummary('{"schemaVersion": 1', 'b.json').problems[0]).toMatchObject({ line: 1, column: 20, message: "b.json is not valid JSON: the text ends too early, expected ',' or '}'" });
    expect(parseSummary('', 'empty.json').problems[0]).toMatchObject({ line: 1, column: 1, code: 'summary/json' });
    expect(parseSummary('{"a": "line\nbreak"}', 'c.json').problems[0]).toMatchObject({ line: 1, column: 12, message: 'c.json is not valid JSON: a control character (such as a line break) inside a string' });
    expect(parseSummary('{} x', 'd.json').problems[0]).toMatchObject({ line: 1, column: 4 });
    expect(parseSummary('[1, 2.5e3, -0, tru]', 'e.json').problems[0]).toMatchObject({ line: 1, column: 16, message: "e.json is not valid JSON: unexpected \"t\", expected a value" });
  });

  it('says a file without a numeric schemaVersion is no summary, and how to make one', () => {
    for (const text of ['{"name": "x"}', '{"schemaVersion": "1"}', '[1, 2]', 'null', '3']) {
      expect(parseSummary(text, 'out/a.json').problems, text).toEqual([
        { file: 'out/a.json', line: 1, column: 1, severity: 'error', code: 'summary/not-a-summary', message: 'out/a.json is not a pdx report summary (no schemaVersion); make one with pdx report --json' },
      ]);
    }
  });

  it('refuses a version it does not read, naming the file, both versions and what to do', () => {
    const newer = parseSummary(EXAMPLE.replace('"schemaVersion": 1', '"schemaVersion": 2'), 'team-a.json').problems;
    expect(newer).toEqual([
      {
        file: 'team-a.json',
        line: 2,
        column: 20,
        severity: 'error',
        code: 'summary/version',
        message: 'team-a.json is a pdx report summary of schema version 2, and this pdx reads version 1 only; upgrade pdx to one that reads version 2, or make the summary with a pdx that writes version 1',
      },
    ]);
    for (const version of ['0', '1.5', '-1']) {
      const [problem] = parseSummary(EXAMPLE.replace('"schemaVersion": 1', `"schemaVersion": ${version}`), 'old.json').problems;
      expect(problem?.code, version).toBe('summary/version');
      expect(problem?.message, version).toContain(`schema version ${version}, and this pdx reads version 1 only`);
    }
  });

  it('names the first few wrong fields of a summary of the right version, each where it is', () => {
    const report = JSON.parse(EXAMPLE) as Report;
    const broken = { ...report, asOf: 20261124, funnel: { ...report.funnel, mvp: 'one' }, investment: { teams: [{ ...report.investment.teams[0]!, system: 'sales' }] } } as Record<string, unknown>;
    delete broken.okrs;
    const text = JSON.stringify(broken, null, 2);
    const problems = parseSummary(text, 's.json').problems;
    expect(problems.map((p) => p.message.replace(/^s\.json is not a pdx report summary of version 1: /, ''))).toEqual([
      'asOf: Invalid input: expected string, received number',
      'funnel.mvp: Invalid input: expected number, received string',
      'okrs: Invalid input: expected array, received undefined',
      'investment.teams[0].system: Invalid option: expected one of "discovery"|"product-management"',
    ]);
    expect(problems.every((p) => p.code === 'summary/shape' && p.file === 's.json')).toBe(true);
    const lines = text.split('\n');
    expect(lines[problems[0]!.line! - 1]).toContain('"asOf": 20261124');
    expect(lines[problems[1]!.line! - 1]!.slice(problems[1]!.column! - 1)).toMatch(/^"one"/);
    // A missing field is placed at the object that lacks it: here the whole summary.
    expect(problems[2]).toMatchObject({ line: 1, column: 1 });
    expect(lines[problems[3]!.line! - 1]).toContain('"system": "sales"');
  });

  it('stops after five wrong fields and says how many more there are', () => {
    const teams = Array.from({ length: 8 }, (_, n) => ({ kind: 'initiative', id: `i${n}`, system: 'discovery', domain: null, people: [], budget: -n - 1 }));
    const problems = parseSummary(JSON.stringify({ ...JSON.parse(EXAMPLE), investment: { teams } }), 'many.json').problems;
    expect(problems).toHaveLength(6);
    expect(problems[0]!.message).toContain('investment.teams[0].budget');
    expect(problems[5]!.message).toBe('many.json: 3 more wrong fields not shown; make the summary again with pdx report --json');
  });
});

describe('loading the summary schema', () => {
  /** The modules `entry` loads as soon as it is imported: its static value imports, followed through (type-only and dynamic imports load nothing). */
  function staticClosure(entry: string): Set<string> {
    const seen = new Set<string>();
    const visit = (file: string) => {
      if (seen.has(file)) return;
      seen.add(file);
      const source = readFileSync(file, 'utf8');
      for (const m of source.matchAll(/^(?:import|export)\s+(?!type\b)[^'";]*?\bfrom\s*'(\.{1,2}\/[^']+)'/gm)) visit(resolve(dirname(file), m[1]!.replace(/\.js$/, '.ts')));
    };
    visit(join(PROJECT, entry));
    return seen;
  }

  it('is not loaded by pdx report, but by pdx schema', () => {
    const summary = join(PROJECT, 'src/model/summary.ts');
    const report = staticClosure('src/cli/commands/report.ts');
    expect(report.size).toBeGreaterThan(20);
    expect(report.has(join(PROJECT, 'src/reports/build.ts'))).toBe(true);
    expect(report.has(summary)).toBe(false);
    expect(staticClosure('src/cli/commands/schema.ts').has(summary)).toBe(true);
  });
});
