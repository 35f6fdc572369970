import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import type { GateReport } from '../../src/format/gate.js';
import { formatGateGithub } from '../../src/format/gate-github.js';
import { gitPdxRepo, hasStackTrace, runPdx, writeTree } from '../helpers.js';

const HYP = 'discovery/hypotheses/quotes/quotes-pricing.yaml';

/** `quotes` at prototyping with a pricing hypothesis (`status`) whose only evidence, two records, refutes its one claim. */
async function refutedRepo(status: string): Promise<string> {
  const dir = await gitPdxRepo();
  const refutes = (id: string, customer: string) =>
    `id: ${id}\ninitiative: quotes\ndate: 2026-11-02\nsource: interview\ncustomer: ${customer}\nnote: Would not pay per quote.\nhypothesis: quotes-pricing\nclaim: c1\nverdict: refutes\n`;
  writeTree(dir, {
    'discovery/initiatives/quotes.yaml': 'id: quotes\ntitle: Quotes\nstage: prototyping\nhistory:\n  - { stage: immersion, date: 2026-07-01 }\n',
    [HYP]: `id: quotes-pricing\ninitiative: quotes\nkind: pricing\nstatement: Shippers pay per quote.\nstatus: ${status}\nclaims:\n  - id: c1\n    text: Shippers pay 2 EUR per quote.\n`,
    'discovery/evidence/quotes/e1.yaml': refutes('e1', 'C-001'),
    'discovery/evidence/quotes/e2.yaml': refutes('e2', 'C-002'),
  });
  return dir;
}

const FINDING = 'quotes-pricing is validated, but claim c1 has 2 refuting and 0 supporting records';
const FIX = 'pdx hypothesis status quotes-pricing testing';

describe('a validated hypothesis whose only evidence refutes it fails gate prototyping', () => {
  it('in text, at the claim, with the command that fixes it', async () => {
    const dir = await refutedRepo('validated');
    const result = await runPdx(['gate', 'prototyping'], { cwd: dir });
    expect(result.code).toBe(1);
    const lines = result.stdout.split('\n');
    const at = lines.findIndex((l) => l.includes('status-matches-evidence'));
    expect(lines[at]).toMatch(new RegExp(`^  ✗ status-matches-evidence +${FINDING}  ${HYP}:7$`));
    expect(lines[at + 1]!.trim()).toBe(`→ ${FIX}`);
    expect(result.stdout).toContain('quotes (prototyping, discovery/initiatives/quotes.yaml)  gate prototyping: FAIL');
    expect(hasStackTrace(result.stdout + result.stderr)).toBe(false);
  });

  it('in JSON, an error with its message id, data, place and fix', async () => {
    const dir = await refutedRepo('validated');
    const result = await runPdx(['gate', 'prototyping', '--json'], { cwd: dir });
    expect(result.code).toBe(1);
    const rule = JSON.parse(result.stdout).initiatives[0].rules.find((r: { id: string }) => r.id === 'status-matches-evidence');
    expect(rule).toEqual({
      id: 'status-matches-evidence',
      gate: 'prototyping',
      pass: false,
      severity: 'error',
      message: FINDING,
      file: HYP,
      line: 7,
      column: 5,
      findings: [{ messageId: 'refutedClaim', data: { hypothesis: 'quotes-pricing', claim: 'c1', supports: 0, refutes: 2 }, message: FINDING, fix: FIX, file: HYP, line: 7, column: 5 }],
    });
  });

  it('as a GitHub error annotation on the claim', async () => {
    const dir = await refutedRepo('validated');
    const result = await runPdx(['gate', 'prototyping', '--format', 'github'], { cwd: dir });
    expect(result.code).toBe(1);
    // Earlier gates' rules fill GitHub's ten error annotations; a notice counts the rest.
    expect(result.stdout).toMatch(/\n::notice title=pdx%3A more findings::\d+ more errors? not shown/);
    // The same formatter over the gate's own report, this rule alone, annotates the claim.
    const json = JSON.parse((await runPdx(['gate', 'prototyping', '--format', 'json'], { cwd: dir })).stdout) as GateReport;
    const only = { ...json, problems: [], handedOff: [], initiatives: json.initiatives.map((i) => ({ ...i, rules: i.rules.filter((r) => r.id === 'status-matches-evidence') })) };
    expect((formatGateGithub(only, { color: false }) as string).split('\n')).toContain(`::error file=${HYP},line=7,col=5,title=pdx gate prototyping/status-matches-evidence::quotes cannot be at prototyping: ${FINDING} → ${FIX}`);
  });

  it('as a JUnit failure', async () => {
    const dir = await refutedRepo('validated');
    const result = await runPdx(['gate', 'prototyping', '--format', 'junit'], { cwd: dir });
    expect(result.code).toBe(1);
    const xml = new XMLParser({ ignoreAttributes: false }).parse(result.stdout);
    const cases = [xml.testsuites.testsuite].flat().flatMap((s: { testcase: unknown }) => [s.testcase].flat()) as Record<string, unknown>[];
    const mine = cases.find((c) => c['@_name'] === 'prototyping/status-matches-evidence')!;
    // The location opens the failure's text (no `file` attribute: neither JUnit schema allows one on a test case).
    expect(mine.failure).toEqual({ '#text': `${HYP}:7:5 ${FINDING} → ${FIX}`, '@_message': FINDING, '@_type': 'status-matches-evidence' });
  });

  it('only warns in the validation gate', async () => {
    const dir = await refutedRepo('validated');
    const result = await runPdx(['gate', 'validation', '--json', 'quotes'], { cwd: dir });
    const rule = JSON.parse(result.stdout).initiatives[0].rules.find((r: { id: string }) => r.id === 'status-matches-evidence');
    expect(rule).toMatchObject({ gate: 'prototyping', pass: false, severity: 'warn', message: FINDING });
  });
});

describe('pdx hypothesis status checks the status against the evidence', () => {
  it('refuses validated when the evidence refutes it: exit 1, nothing written, what the evidence says and how to override', async () => {
    const dir = await refutedRepo('testing');
    const before = readFileSync(join(dir, HYP), 'utf8');
    const result = await runPdx(['hypothesis', 'status', 'quotes-pricing', 'validated'], { cwd: dir });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('pdx: quotes-pricing cannot be marked validated: the evidence says otherwise; nothing was changed:\n  claim c1 has 2 refuting and 0 supporting records');
    expect(result.stderr).toContain('hint: record what customers said or did (pdx evidence add --initiative quotes --hypothesis quotes-pricing --claim c1), or pass --force --reason "…" to mark it validated anyway');
    expect(readFileSync(join(dir, HYP), 'utf8')).toBe(before);
    // invalidated is what this evidence says: accepted as it is.
    expect((await runPdx(['hypothesis', 'status', 'quotes-pricing', 'invalidated', '--date', '2026-11-03'], { cwd: dir })).code).toBe(0);
  });

  it('--force needs --reason, and --reason needs --force: usage errors before anything is written', async () => {
    const dir = await refutedRepo('testing');
    const before = readFileSync(join(dir, HYP), 'utf8');
    const noReason = await runPdx(['hypothesis', 'status', 'quotes-pricing', 'validated', '--force'], { cwd: dir });
    expect([noReason.code, noReason.stderr]).toEqual([2, expect.stringContaining('pdx: --force needs --reason "…"')]);
    const noForce = await runPdx(['hypothesis', 'status', 'quotes-pricing', 'validated', '--reason', 'Because'], { cwd: dir });
    expect([noForce.code, noForce.stderr]).toEqual([2, expect.stringContaining('pdx: --reason goes with --force')]);
    expect(readFileSync(join(dir, HYP), 'utf8')).toBe(before);
  });

  it('--force --reason records the override; the gate then warns of it instead of failing; a later status removes it', async () => {
    const dir = await refutedRepo('testing');
    const forced = await runPdx(['hypothesis', 'status', 'quotes-pricing', 'validated', '--force', '--reason', 'Signed pilot at 2 EUR per quote', '--date', '2026-11-04'], { cwd: dir, env: { GIT_AUTHOR_NAME: 'Ana Lima' } });
    expect(forced.code, forced.stderr).toBe(0);
    const text = readFileSync(join(dir, HYP), 'utf8');
    expect(text).toContain('status: validated\nstatusSince: 2026-11-04\nstatusOverride:\n  status: validated\n  reason: Signed pilot at 2 EUR per quote\n  date: 2026-11-04\n  by: Ana Lima\nclaims:\n');
    const gate = await runPdx(['gate', 'prototyping', '--format', 'github'], { cwd: dir });
    const lines = gate.stdout.split('\n');
    expect(lines.filter((l) => l.includes('status-matches-evidence'))).toEqual([]);
    expect(lines).toContain(`::warning file=${HYP},line=8,col=3,title=pdx gate/forced-status::quotes-pricing was marked validated on 2026-11-04 by Ana Lima against its evidence: Signed pilot at 2 EUR per quote`);
    const json = JSON.parse((await runPdx(['gate', 'prototyping', '--json'], { cwd: dir })).stdout);
    expect(json.initiatives[0].rules.find((r: { id: string }) => r.id === 'status-matches-evidence')).toMatchObject({ pass: true });
    // Back to testing: the override no longer stands, and is gone from the file.
    expect((await runPdx(['hypothesis', 'status', 'quotes-pricing', 'testing', '--date', '2026-11-05'], { cwd: dir })).code).toBe(0);
    expect(readFileSync(join(dir, HYP), 'utf8')).toBe(text.replace('status: validated\nstatusSince: 2026-11-04\nstatusOverride:\n  status: validated\n  reason: Signed pilot at 2 EUR per quote\n  date: 2026-11-04\n  by: Ana Lima\n', 'status: testing\nstatusSince: 2026-11-05\n'));
  });
});
