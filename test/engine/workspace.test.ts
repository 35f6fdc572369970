import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkGate } from '../../src/engine/gate.js';
import { weeklyReport } from '../../src/engine/report.js';
import { openWorkspace } from '../../src/engine/workspace.js';
import { BASE_FILES } from '../fixtures.js';
import { copyOfExamples, minimalRepo } from '../helpers.js';

const TODAY = '2026-11-24';

describe('workspaces', () => {
  it('several open in one process stay apart: records, settings, snapshots and gate verdicts', async () => {
    const examples = await openWorkspace(copyOfExamples(), { today: TODAY });
    const strict = minimalRepo(BASE_FILES);
    writeFileSync(join(strict, 'pdx.yaml'), 'version: 1\nname: Strict team\nrules:\n  ideas: { min: 9 }\n');
    const other = await openWorkspace(strict, { today: TODAY });
    expect(examples.records.initiative.length).toBeGreaterThan(1);
    expect(other.records.initiative.map((r) => r.data.id)).toEqual(['quotes']);
    expect(other.settings.get('ideas')?.options).toEqual({ min: 9 });
    expect(examples.settings.get('ideas')).toBeUndefined();

    const strictGate = await checkGate(other, { stage: 'epiphany', ids: ['quotes'], asOf: TODAY, locatePassing: true });
    expect(strictGate.initiatives[0]!.rules.find((r) => r.id === 'ideas')?.message).toMatch(/of 9/);
    const examplesGate = await checkGate(examples, { stage: 'epiphany', ids: ['instant-quotes'], asOf: TODAY, locatePassing: true });
    expect(examplesGate.initiatives[0]!.rules.find((r) => r.id === 'ideas')?.message).not.toMatch(/of 9/);

    const [a, b] = await Promise.all([weeklyReport(examples, { asOf: TODAY }), weeklyReport(other, { asOf: TODAY })]);
    expect([a.name, b.name]).toEqual([expect.stringContaining('Harbor Freight'), 'Strict team']);
  });
});
