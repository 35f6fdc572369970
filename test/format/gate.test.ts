import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { toReport } from '../../src/engine/gate.js';
import { openWorkspace } from '../../src/engine/workspace.js';
import { formatGateGithub } from '../../src/format/gate-github.js';
import { formatGateJson } from '../../src/format/gate-json.js';
import { formatGateJunit } from '../../src/format/gate-junit.js';
import { formatGateText } from '../../src/format/gate-text.js';
import { evaluateGate } from '../../src/gates/engine.js';
import { copyOfExamples } from '../helpers.js';

const TODAY = '2026-11-24';
const HYP = 'discovery/hypotheses/dock-slot-booking';
const INITIATIVE = 'discovery/initiatives/dock-slot-booking.yaml';

/** The example repo's dock-slot-booking against the prototyping gate: claims-tested finds five things in three files. */
async function report(change?: (dir: string) => void) {
  const dir = copyOfExamples();
  change?.(dir);
  const ws = await openWorkspace(dir, { today: TODAY, cache: false });
  const result = evaluateGate(ws.records, 'dock-slot-booking', 'prototyping', TODAY, new Map());
  return toReport(ws, 'prototyping', [result], true);
}

describe('gate output, one finding at a time', () => {
  it('JSON: each rule keeps its contract fields and lists its findings, each located in its own file', async () => {
    const rule = JSON.parse(await formatGateJson(await report(), { color: false })).initiatives[0].rules.find((r: { id: string }) => r.id === 'claims-tested');
    expect(rule).toMatchObject({ id: 'claims-tested', gate: 'prototyping', pass: false, severity: 'error', file: `${HYP}/dock-slot-booking-customer.yaml`, line: 8, column: 5 });
    expect(rule.message).toBe(rule.findings.map((f: { message: string }) => f.message).join('; '));
    expect(rule.findings).toEqual([
      { messageId: 'untested', data: { count: 1, total: 1, hypothesis: 'dock-slot-booking-customer', claims: 'c1', claim: 'c1' }, message: '1 of 1 claims of dock-slot-booking-customer have no supporting or refuting evidence yet (c1)', fix: 'pdx evidence add --initiative dock-slot-booking --hypothesis dock-slot-booking-customer --claim c1', file: `${HYP}/dock-slot-booking-customer.yaml`, line: 8, column: 5 },
      { messageId: 'untested', data: { count: 1, total: 1, hypothesis: 'dock-slot-booking-product', claims: 'c1', claim: 'c1' }, message: '1 of 1 claims of dock-slot-booking-product have no supporting or refuting evidence yet (c1)', fix: 'pdx evidence add --initiative dock-slot-booking --hypothesis dock-slot-booking-product --claim c1', file: `${HYP}/dock-slot-booking-product.yaml`, line: 8, column: 5 },
      { messageId: 'notSupported', data: { hypothesis: 'dock-slot-booking-customer', status: 'testing', claim: 'c1' }, message: 'dock-slot-booking-customer is testing, not validated yet, and its evidence does not support it on balance', fix: 'pdx evidence add --initiative dock-slot-booking --hypothesis dock-slot-booking-customer --claim c1', file: `${HYP}/dock-slot-booking-customer.yaml`, line: 5, column: 9 },
      { messageId: 'notSupported', data: { hypothesis: 'dock-slot-booking-product', status: 'draft', claim: 'c1' }, message: 'dock-slot-booking-product is draft, not validated yet, and its evidence does not support it on balance', fix: 'pdx evidence add --initiative dock-slot-booking --hypothesis dock-slot-booking-product --claim c1', file: `${HYP}/dock-slot-booking-product.yaml`, line: 5, column: 9 },
      { messageId: 'kinds', data: { count: 2, kind: 'market' }, message: '2 of 6 kinds have a current hypothesis', fix: 'pdx hypothesis add --initiative dock-slot-booking --kind market', file: INITIATIVE, line: 6, column: 8 },
    ]);
  });

  it('text: the rule once, then one located line per finding, each with the command that fixes it under it', async () => {
    const lines = (await formatGateText(await report(), { color: false })).split('\n');
    const start = lines.findIndex((l) => l.includes('✗ claims-tested'));
    expect(lines.slice(start, start + 12)).toEqual([
      `  ✗ claims-tested            1 of 1 claims of dock-slot-booking-customer have no supporting or refuting evidence yet (c1)  ${HYP}/dock-slot-booking-customer.yaml:8`,
      `                             → pdx evidence add --initiative dock-slot-booking --hypothesis dock-slot-booking-customer --claim c1`,
      `                             1 of 1 claims of dock-slot-booking-product have no supporting or refuting evidence yet (c1)  ${HYP}/dock-slot-booking-product.yaml:8`,
      `                             → pdx evidence add --initiative dock-slot-booking --hypothesis dock-slot-booking-product --claim c1`,
      `                             dock-slot-booking-customer is testing, not validated yet, and its evidence does not support it on balance  ${HYP}/dock-slot-booking-customer.yaml:5`,
      `                             → pdx evidence add --initiative dock-slot-booking --hypothesis dock-slot-booking-customer --claim c1`,
      `                             dock-slot-booking-product is draft, not validated yet, and its evidence does not support it on balance  ${HYP}/dock-slot-booking-product.yaml:5`,
      `                             → pdx evidence add --initiative dock-slot-booking --hypothesis dock-slot-booking-product --claim c1`,
      `                             2 of 6 kinds have a current hypothesis  ${INITIATIVE}:6`,
      `                             → pdx hypothesis add --initiative dock-slot-booking --kind market`,
      `  ✓ status-matches-evidence  the status of 2 hypotheses agrees with the evidence`,
      expect.stringMatching(/^ {2}✗ strong-evidence {10}1 of 1 claims of dock-slot-booking-customer lack strong evidence/),
    ]);
  });

  it('GitHub: one annotation per finding, on its own file and line, ending with the command that fixes it', async () => {
    const lines = (await formatGateGithub(await report(), { color: false })).trimEnd().split('\n').filter((l) => l.includes('claims-tested'));
    expect(lines).toEqual([
      `::error file=${HYP}/dock-slot-booking-customer.yaml,line=8,col=5,title=pdx gate prototyping/claims-tested::dock-slot-booking cannot be at prototyping: 1 of 1 claims of dock-slot-booking-customer have no supporting or refuting evidence yet (c1) → pdx evidence add --initiative dock-slot-booking --hypothesis dock-slot-booking-customer --claim c1`,
      `::error file=${HYP}/dock-slot-booking-product.yaml,line=8,col=5,title=pdx gate prototyping/claims-tested::dock-slot-booking cannot be at prototyping: 1 of 1 claims of dock-slot-booking-product have no supporting or refuting evidence yet (c1) → pdx evidence add --initiative dock-slot-booking --hypothesis dock-slot-booking-product --claim c1`,
      `::error file=${HYP}/dock-slot-booking-customer.yaml,line=5,col=9,title=pdx gate prototyping/claims-tested::dock-slot-booking cannot be at prototyping: dock-slot-booking-customer is testing, not validated yet, and its evidence does not support it on balance → pdx evidence add --initiative dock-slot-booking --hypothesis dock-slot-booking-customer --claim c1`,
      `::error file=${HYP}/dock-slot-booking-product.yaml,line=5,col=9,title=pdx gate prototyping/claims-tested::dock-slot-booking cannot be at prototyping: dock-slot-booking-product is draft, not validated yet, and its evidence does not support it on balance → pdx evidence add --initiative dock-slot-booking --hypothesis dock-slot-booking-product --claim c1`,
      `::error file=${INITIATIVE},line=6,col=8,title=pdx gate prototyping/claims-tested::dock-slot-booking cannot be at prototyping: 2 of 6 kinds have a current hypothesis → pdx hypothesis add --initiative dock-slot-booking --kind market`,
    ]);
  });

  it("JUnit: the rule's failure lists every finding, each with its location and its fix", async () => {
    const xml = new XMLParser({ ignoreAttributes: false }).parse(await formatGateJunit(await report(), { color: false }));
    const failure = xml.testsuites.testsuite.testcase.find((t: Record<string, string>) => t['@_name'] === 'prototyping/claims-tested').failure;
    expect(failure['#text'].split('\n')).toEqual([
      `${HYP}/dock-slot-booking-customer.yaml:8:5 1 of 1 claims of dock-slot-booking-customer have no supporting or refuting evidence yet (c1) → pdx evidence add --initiative dock-slot-booking --hypothesis dock-slot-booking-customer --claim c1`,
      `${HYP}/dock-slot-booking-product.yaml:8:5 1 of 1 claims of dock-slot-booking-product have no supporting or refuting evidence yet (c1) → pdx evidence add --initiative dock-slot-booking --hypothesis dock-slot-booking-product --claim c1`,
      `${HYP}/dock-slot-booking-customer.yaml:5:9 dock-slot-booking-customer is testing, not validated yet, and its evidence does not support it on balance → pdx evidence add --initiative dock-slot-booking --hypothesis dock-slot-booking-customer --claim c1`,
      `${HYP}/dock-slot-booking-product.yaml:5:9 dock-slot-booking-product is draft, not validated yet, and its evidence does not support it on balance → pdx evidence add --initiative dock-slot-booking --hypothesis dock-slot-booking-product --claim c1`,
      `${INITIATIVE}:6:8 2 of 6 kinds have a current hypothesis → pdx hypothesis add --initiative dock-slot-booking --kind market`,
    ]);
  });

  it('a finding about a field its file leaves out points at that record, not at the initiative', async () => {
    const file = join(HYP, 'dock-slot-booking-product.yaml');
    const found = await report((dir) => writeFileSync(join(dir, file), readFileSync(join(dir, file), 'utf8').replace('status: draft\n', '')));
    const rule = found.initiatives[0]!.rules.find((r) => r.id === 'claims-tested')!;
    expect(rule.findings.find((f) => f.data.hypothesis === 'dock-slot-booking-product' && f.messageId === 'notSupported')).toMatchObject({ file, line: 1, column: 5 });
  });
});
