import { describe, expect, it } from 'vitest';
import { logEntries } from '../../src/engine/log.js';
import type { Hypothesis } from '../../src/model/hypothesis.js';
import { emptyRecords } from '../../src/model/records.js';

const hypothesis = (id: string, fields: Partial<Hypothesis>) => ({
  kind: 'hypothesis' as const,
  file: `discovery/hypotheses/q/${id}.yaml`,
  data: { id, initiative: 'q', kind: 'pricing', statement: 's', claims: [{ id: 'c1', text: 't' }], status: 'draft', ...fields } as Hypothesis,
});

describe('the decision log entries', () => {
  it('follows a supersede chain back to its first hypothesis, and stops at a loop', () => {
    const r = emptyRecords();
    r.hypothesis.push(hypothesis('a', {}), hypothesis('b', { supersedes: 'a', created: '2026-10-01' }), hypothesis('c', { supersedes: 'b', created: '2026-10-02' }));
    r.hypothesis.push(hypothesis('x', { supersedes: 'y' }), hypothesis('y', { supersedes: 'x' }));
    const chains = logEntries(r, () => undefined).flatMap((e) => (e.kind === 'supersede' ? [`${e.date} ${e.chain.join('>')}`] : []));
    expect(chains).toEqual(['2026-10-02 a>b>c', '2026-10-01 a>b', 'null y>x', 'null x>y']);
  });

  it('dates a status by statusSince before git, by git when the record does not, and leaves a plain draft out', () => {
    const r = emptyRecords();
    r.hypothesis.push(hypothesis('set', { status: 'validated', statusSince: '2026-11-01' }), hypothesis('hand', { status: 'testing' }), hypothesis('draft', {}));
    const git = (file: string, value: string) => (value === 'testing' || value === 'validated' ? `2026-10-0${file.includes('hand') ? 5 : 9}` : undefined);
    expect(logEntries(r, git).map((e) => `${e.date} ${e.dated} ${e.kind === 'status' ? e.hypothesis : ''}`)).toEqual(['2026-11-01 record set', '2026-10-05 git hand']);
  });
});
