import { describe, expect, it } from 'vitest';
import { logTextParts, type DecisionLog, type LogEntry } from '../../src/format/log-text.js';

const entry = (i: number): LogEntry => ({
  kind: 'decision',
  date: `2026-${String(1 + (i % 12)).padStart(2, '0')}-10`,
  dated: 'record',
  initiative: `initiative-${String(i).padStart(4, '0')}`,
  domain: null,
  file: `discovery/experiments/x-${i}.yaml`,
  experiment: `x-${i}`,
  title: null,
  result: 'validated',
  decision: 'persevere',
  learned: `what run ${i} taught`,
  next: 'the next step',
});

describe('the decision log as text', () => {
  it('a long log comes in parts that join to every entry printed alone, in order', () => {
    const options = { color: true, width: 60 };
    const log: DecisionLog = { initiative: null, since: null, entries: Array.from({ length: 700 }, (_, i) => entry(i)), notices: ['some dates are unknown'] };
    const parts = [...logTextParts(log, options)];
    expect(parts.length).toBeGreaterThan(2);
    // Every initiative id has the same length, so an entry alone is printed as it is among the others.
    const alone = log.entries.map((e) => [...logTextParts({ ...log, entries: [e], notices: [] }, options)].join(''));
    const notice = [...logTextParts({ ...log, entries: [] }, options)].join('').split('\n')[0];
    expect(parts.join('')).toBe([notice, ...alone].join('\n'));
  });
});
