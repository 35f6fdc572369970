import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { outputBase, rebaseGateReport } from '../../src/cli/output-paths.js';
import type { GateReport } from '../../src/format/gate.js';
import { tempDir } from '../helpers.js';

const finding = { messageId: 'tooFew', data: {}, message: 'm', fix: 'f', file: 'discovery/initiatives/a.yaml', line: 4, column: 8 };
const REPORT: GateReport = {
  ok: false,
  stage: 'mvp',
  initiatives: [
    {
      id: 'a',
      stage: 'mvp',
      file: 'discovery/initiatives/a.yaml',
      pass: false,
      rules: [
        { id: 'ideas', gate: 'epiphany', severity: 'error', message: 'm', pass: false, file: 'discovery/initiatives/a.yaml', line: 4, column: 8, findings: [finding, { ...finding, file: 'discovery/hypotheses/h.yaml' }] },
        { id: 'core-team', gate: 'validation', severity: 'error', message: 'ok', pass: true, file: 'discovery/initiatives/a.yaml', line: 1, column: 1, findings: [] },
        { id: 'released', gate: 'mvp', severity: 'warn', message: 'ok', pass: true, findings: [] },
      ],
    },
  ],
  handedOff: [{ id: 'b', stage: 'mvp', file: 'discovery/initiatives/b.yaml', domain: 'd', since: '2026-11-02' }],
  problems: [{ file: 'discovery/evidence/e.yaml', line: 2, severity: 'error', code: 'schema/enum', message: 'x' }],
};

/** Every path a gate report holds, in order. */
function paths(r: GateReport): (string | undefined)[] {
  return [...r.initiatives.flatMap((i) => [i.file, ...i.rules.flatMap((rule) => [rule.file, ...rule.findings.map((f) => f.file)])]), ...r.handedOff.map((h) => h.file), ...r.problems.map((p) => p.file)];
}

describe('output paths', () => {
  it('rebases every path of a gate report: initiatives, rule lines, findings, handed-off products, problems', () => {
    const top = tempDir();
    const root = join(top, 'product');
    const moved = rebaseGateReport(REPORT, root, top);
    expect(paths(moved)).toEqual(paths(REPORT).map((p) => (p === undefined ? undefined : `product/${p}`)));
    expect(paths(REPORT)[0]).toBe('discovery/initiatives/a.yaml'); // the original is left alone
    expect(rebaseGateReport(REPORT, root, root)).toBe(REPORT);
  });

  it('chooses the base per format: cwd for text, the pdx root for json, the git root for the CI formats', () => {
    const top = tempDir();
    mkdirSync(join(top, '.git'));
    const root = join(top, 'product');
    const cwd = join(root, 'discovery');
    mkdirSync(cwd, { recursive: true });
    expect(outputBase('text', { cwd, root })).toBe(cwd);
    expect(outputBase('json', { cwd, root })).toBe(root);
    for (const format of ['github', 'gitlab', 'junit']) expect(outputBase(format, { cwd, root })).toBe(top);
    const alone = tempDir();
    expect(outputBase('junit', { cwd: alone, root: alone })).toBe(alone);
  });
});
