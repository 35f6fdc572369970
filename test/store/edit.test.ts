import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { applyEdits, type EditOp } from '../../src/store/edit.js';

const HAND_WRITTEN = `# Rapid quotes — hand-written, full of things a careless writer would lose.
id: rapid-quotes      # the id
title: 'Rapid quotes:   for small shippers'
objective:   "Book freight in one sitting"

stage: validation   # moved after the September interviews
epiphany: >-
  Small shippers want a bookable price
  before they hang up.
team:
  - { name: Maya,   role: product-manager }   # lead
  - name: Jonas
    role: designer

keyResults:
  - { id: k1, metric: "Days to book", baseline: 30, target: 3 }
  - id: k2
    metric: 'Share self-serve'
    baseline: 20
    target: 60
    current: 24 # last month
tags: [a,  b]
# trailing comment
`;

/** The same file with the two team members in the other order: the last one is a flow map. */
const FLOW_LAST = HAND_WRITTEN.replace('  - { name: Maya,   role: product-manager }   # lead\n  - name: Jonas\n    role: designer\n', '  - name: Jonas\n    role: designer\n  - { name: Maya,   role: product-manager }   # lead\n');

/** Lines that differ between two texts, as [line number, before, after]. */
function changedLines(before: string, after: string): [number, string | undefined, string | undefined][] {
  const a = before.split('\n');
  const b = after.split('\n');
  const out: [number, string | undefined, string | undefined][] = [];
  for (let i = 0; i < Math.max(a.length, b.length); i++) if (a[i] !== b[i]) out.push([i + 1, a[i], b[i]]);
  return out;
}

describe('applyEdits', () => {
  const cases: { name: string; ops: EditOp[]; diff: [number, string | undefined, string | undefined][] }[] = [
    { name: 'a plain scalar with a trailing comment', ops: [{ op: 'set', path: ['stage'], value: 'prototyping' }], diff: [[6, 'stage: validation   # moved after the September interviews', 'stage: prototyping   # moved after the September interviews']] },
    { name: 'a single-quoted scalar keeps its quotes', ops: [{ op: 'set', path: ['title'], value: "Rapid quotes: it's fast" }], diff: [[3, "title: 'Rapid quotes:   for small shippers'", "title: 'Rapid quotes: it''s fast'"]] },
    { name: 'a double-quoted scalar keeps its quotes and odd spacing before it', ops: [{ op: 'set', path: ['objective'], value: 'Book in a minute' }], diff: [[4, 'objective:   "Book freight in one sitting"', 'objective:   "Book in a minute"']] },
    {
      name: 'a folded block keeps its style and indentation',
      ops: [{ op: 'set', path: ['epiphany'], value: 'A firm price beats a cheap one.' }],
      diff: [
        [8, '  Small shippers want a bookable price', '  A firm price beats a cheap one.'],
        [9, '  before they hang up.', 'team:'],
        [10, 'team:', '  - { name: Maya,   role: product-manager }   # lead'],
        [11, '  - { name: Maya,   role: product-manager }   # lead', '  - name: Jonas'],
        [12, '  - name: Jonas', '    role: designer'],
        [13, '    role: designer', ''],
        [14, '', 'keyResults:'],
        [15, 'keyResults:', '  - { id: k1, metric: "Days to book", baseline: 30, target: 3 }'],
        [16, '  - { id: k1, metric: "Days to book", baseline: 30, target: 3 }', '  - id: k2'],
        [17, '  - id: k2', "    metric: 'Share self-serve'"],
        [18, "    metric: 'Share self-serve'", '    baseline: 20'],
        [19, '    baseline: 20', '    target: 60'],
        [20, '    target: 60', '    current: 24 # last month'],
        [21, '    current: 24 # last month', 'tags: [a,  b]'],
        [22, 'tags: [a,  b]', '# trailing comment'],
        [23, '# trailing comment', ''],
        [24, '', undefined],
      ],
    },
    { name: 'a number inside a block map keeps its comment', ops: [{ op: 'set', path: ['keyResults', 1, 'current'], value: 31 }], diff: [[21, '    current: 24 # last month', '    current: 31 # last month']] },
    { name: 'a new key in a flow map', ops: [{ op: 'set', path: ['keyResults', 0, 'current'], value: 12 }], diff: [[16, '  - { id: k1, metric: "Days to book", baseline: 30, target: 3 }', '  - { id: k1, metric: "Days to book", baseline: 30, target: 3, current: 12 }']] },
    { name: 'a new top-level key goes after the last entry, before trailing comments', ops: [{ op: 'set', path: ['releasedOn'], value: '2026-11-20' }], diff: [[23, '# trailing comment', 'releasedOn: 2026-11-20'], [24, '', '# trailing comment'], [25, undefined, '']] },
    {
      name: 'a list item in the style of its last neighbour (block)',
      ops: [{ op: 'append', path: ['team'], item: { name: 'Priya', role: 'engineering-lead' } }],
      diff: [[14, '', '  - name: Priya'], [15, 'keyResults:', '    role: engineering-lead'], ...shifted(15, 24, 2)],
    },
    {
      name: 'a list item in the style of its last neighbour (flow)',
      ops: [{ op: 'append', path: ['team'], item: { name: 'Priya', role: 'engineering-lead' } }],
      diff: [[14, '', '  - { name: Priya, role: engineering-lead }'], ...shifted(14, 24, 1)],
    },
    {
      name: 'a map list item after a block map in block style',
      ops: [{ op: 'append', path: ['keyResults'], item: { id: 'k3', metric: 'NPS', baseline: 10, target: 40 } }],
      diff: [[22, 'tags: [a,  b]', '  - id: k3'], [23, '# trailing comment', '    metric: NPS'], [24, '', '    baseline: 10'], [25, undefined, '    target: 40'], [26, undefined, 'tags: [a,  b]'], [27, undefined, '# trailing comment'], [28, undefined, '']],
    },
    { name: 'a flow list item', ops: [{ op: 'append', path: ['tags'], item: 'c, d' }], diff: [[22, 'tags: [a,  b]', 'tags: [a,  b, "c, d"]']] },
    { name: 'a new list', ops: [{ op: 'append', path: ['ideas'], item: { text: 'Quote from a photo', date: '2026-07-09' } }], diff: [[23, '# trailing comment', 'ideas:'], [24, '', '  - { text: Quote from a photo, date: 2026-07-09 }'], [25, undefined, '# trailing comment'], [26, undefined, '']] },
    {
      name: 'a new key right after the one it belongs with, past its trailing comment',
      ops: [{ op: 'set', path: ['stageSince'], value: '2026-10-01', after: 'stage' }],
      diff: [[7, 'epiphany: >-', 'stageSince: 2026-10-01'], ...shifted(7, 24, 1)],
    },
    {
      name: 'a new key right after a folded block',
      ops: [{ op: 'set', path: ['epiphanyOn'], value: '2026-10-01', after: 'epiphany' }],
      diff: [[10, 'team:', 'epiphanyOn: 2026-10-01'], ...shifted(10, 24, 1)],
    },
    { name: 'a new key in a flow map, after the one named', ops: [{ op: 'set', path: ['keyResults', 0, 'current'], value: 12, after: 'metric' }], diff: [[16, '  - { id: k1, metric: "Days to book", baseline: 30, target: 3 }', '  - { id: k1, metric: "Days to book", current: 12, baseline: 30, target: 3 }']] },
    { name: 'a string that looks like a number is quoted', ops: [{ op: 'set', path: ['stage'], value: '123' }], diff: [[6, 'stage: validation   # moved after the September interviews', 'stage: "123"   # moved after the September interviews']] },
  ];

  it.each(cases)('changes only $name', ({ name, ops, diff }) => {
    const before = name.includes('(flow)') ? FLOW_LAST : HAND_WRITTEN;
    const after = applyEdits(before, ops);
    expect(changedLines(before, after)).toEqual(diff);
  });

  it('removes a key with its value, lines and all, and nothing else; an absent key is no change', () => {
    const before = 'id: h\nstatus: validated   # forced\nstatusOverride:\n  status: validated\n  reason: "Signed LOI"   # see the CRM\n  date: 2026-11-01\nclaims:\n  - { id: c1, text: A }\n';
    expect(applyEdits(before, [{ op: 'unset', path: ['statusOverride'] }])).toBe('id: h\nstatus: validated   # forced\nclaims:\n  - { id: c1, text: A }\n');
    expect(applyEdits('id: h\nstatusOverride: { status: validated, reason: r, date: 2026-11-01 }\n', [{ op: 'unset', path: ['statusOverride'] }])).toBe('id: h\n');
    expect(applyEdits('id: h\r\nnotes: x\r\nstatus: testing\r\n', [{ op: 'unset', path: ['notes'] }])).toBe('id: h\r\nstatus: testing\r\n');
    expect(applyEdits('id: h\nnotes: x', [{ op: 'unset', path: ['notes'] }])).toBe('id: h\n');
    expect(applyEdits(before, [{ op: 'unset', path: ['notes'] }])).toBe(before);
    expect(() => applyEdits('{ id: h, notes: x }\n', [{ op: 'unset', path: ['notes'] }])).toThrow(/remove it by hand/);
  });

  it('keeps CRLF line endings', () => {
    const crlf = 'id: a\r\nteam:\r\n  - { name: A, role: designer }\r\n';
    expect(applyEdits(crlf, [{ op: 'append', path: ['team'], item: { name: 'B', role: 'engineer' } }])).toBe('id: a\r\nteam:\r\n  - { name: A, role: designer }\r\n  - { name: B, role: engineer }\r\n');
  });

  it('writes multi-line text without losing a character', () => {
    const note = 'She said: "no subscription".\nThen #2: pay per load — maybe 10%.\n\n  indented line';
    const after = applyEdits('id: a\nnote: x\n', [{ op: 'set', path: ['note'], value: note }]);
    expect(after.startsWith('id: a\nnote: ')).toBe(true);
    expect(applyEdits(after, [{ op: 'set', path: ['id'], value: 'a' }])).toBe(after);
  });

  it('refuses an edit that would also change other fields through an anchor', () => {
    expect(() => applyEdits('objective: &o Grow\nepiphany: *o\n', [{ op: 'set', path: ['objective'], value: 'New' }])).toThrow(/would not read back/);
  });

  it('keeps a comment after a block scalar header, and CRLF inside the block', () => {
    expect(applyEdits('a: >-  # why\n  old text\nb: 1\n', [{ op: 'set', path: ['a'], value: 'new text' }])).toBe('a: >-  # why\n  new text\nb: 1\n');
    expect(applyEdits('a: |-\r\n  one\r\n  two\r\nb: 1\r\n', [{ op: 'set', path: ['a'], value: 'three\nfour' }])).toBe('a: |-\r\n  three\r\n  four\r\nb: 1\r\n');
  });

  it('refuses to drop a comment inside an empty list', () => {
    expect(() => applyEdits('ideas: [ # none yet\n  ]\n', [{ op: 'append', path: ['ideas'], item: { text: 't' } }])).toThrow(/comment/);
  });

  it('refuses to edit a file with YAML errors', () => {
    expect(() => applyEdits('id: [a\n', [{ op: 'set', path: ['id'], value: 'b' }])).toThrow(/YAML errors/);
  });
});

function shifted(from: number, to: number, by: number): [number, string | undefined, string | undefined][] {
  const lines = HAND_WRITTEN.split('\n');
  const out: [number, string | undefined, string | undefined][] = [];
  for (let n = from + 1; n <= to + by; n++) out.push([n, lines[n - 1], lines[n - 1 - by]]);
  return out;
}

describe('adding the first entry to an empty value', () => {
  const P1 = { id: 'P1', joined: '2026-01-05' };
  const idea = { text: 'Quote from a photo' };
  // Each case is written with LF; it is also run with CRLF, with a byte-order mark, and both.
  const cases: { name: string; before: string; ops: EditOp[]; after: string }[] = [
    {
      name: 'an empty flow list with a comment keeps the comment on the key line',
      before: 'id: a\nfeedbackGroup: []   # nobody yet\nstage: immersion\n',
      ops: [{ op: 'append', path: ['feedbackGroup'], item: P1 }],
      after: 'id: a\nfeedbackGroup:   # nobody yet\n  - { id: P1, joined: 2026-01-05 }\nstage: immersion\n',
    },
    {
      name: 'an empty flow list without a comment',
      before: 'id: a\nideas: []\nstage: immersion\n',
      ops: [{ op: 'append', path: ['ideas'], item: idea }],
      after: 'id: a\nideas:\n  - { text: Quote from a photo }\nstage: immersion\n',
    },
    {
      name: 'an empty flow list with spaces inside',
      before: 'id: a\nteam: [ ]  # who?\n',
      ops: [{ op: 'append', path: ['team'], item: { name: 'Maya', role: 'designer' } }],
      after: 'id: a\nteam:  # who?\n  - { name: Maya, role: designer }\n',
    },
    {
      name: 'an empty list with trailing spaces, which stay',
      before: 'id: a\nhistory: []   \nstage: immersion\n',
      ops: [{ op: 'append', path: ['history'], item: { stage: 'immersion', date: '2026-01-05' } }],
      after: 'id: a\nhistory:   \n  - { stage: immersion, date: 2026-01-05 }\nstage: immersion\n',
    },
    {
      name: 'a comment with trailing spaces',
      before: 'id: a\nideas: [] # none yet  \n',
      ops: [{ op: 'append', path: ['ideas'], item: idea }],
      after: 'id: a\nideas: # none yet  \n  - { text: Quote from a photo }\n',
    },
    {
      name: 'a tab before the comment',
      before: 'id: a\nideas: []\t# none yet\n',
      ops: [{ op: 'append', path: ['ideas'], item: idea }],
      after: 'id: a\nideas:\t# none yet\n  - { text: Quote from a photo }\n',
    },
    {
      name: 'two entries in one edit',
      before: 'id: a\nfeedbackGroup: []   # nobody yet\n',
      ops: [
        { op: 'append', path: ['feedbackGroup'], item: P1 },
        { op: 'append', path: ['feedbackGroup'], item: { id: 'P2', joined: '2026-01-05' } },
      ],
      after: 'id: a\nfeedbackGroup:   # nobody yet\n  - { id: P1, joined: 2026-01-05 }\n  - { id: P2, joined: 2026-01-05 }\n',
    },
    {
      name: 'a list inside a list item, indented under its key',
      before: 'personas:\n  - name: Ana\n    jobs: []  # to find out\n  - name: Ben\n',
      ops: [{ op: 'append', path: ['personas', 0, 'jobs'], item: 'book a truck' }],
      after: 'personas:\n  - name: Ana\n    jobs:  # to find out\n      - book a truck\n  - name: Ben\n',
    },
    {
      name: 'a list that is the first key of a list item',
      before: 'personas:\n  - jobs: []  # to find out\n    name: Ana\n',
      ops: [{ op: 'append', path: ['personas', 0, 'jobs'], item: 'book a truck' }],
      after: 'personas:\n  - jobs:  # to find out\n      - book a truck\n    name: Ana\n',
    },
    {
      name: 'an empty list on the line under its key',
      before: 'id: a\nideas:\n  []  # none yet\nstage: immersion\n',
      ops: [{ op: 'append', path: ['ideas'], item: idea }],
      after: 'id: a\nideas:\n  # none yet\n  - { text: Quote from a photo }\nstage: immersion\n',
    },
    {
      name: 'a list in a flow map stays flow',
      before: 'id: a\nm: { tags: [] }  # flow\n',
      ops: [{ op: 'append', path: ['m', 'tags'], item: 'x' }],
      after: 'id: a\nm: { tags: [ x ] }  # flow\n',
    },
    {
      name: 'a key with no value but a comment',
      before: 'id: a\nideas:   # none yet\nstage: immersion\n',
      ops: [{ op: 'append', path: ['ideas'], item: idea }],
      after: 'id: a\nideas:   # none yet\n  - { text: Quote from a photo }\nstage: immersion\n',
    },
    {
      name: 'a key set to ~ with a comment',
      before: 'id: a\nideas: ~  # none yet\n',
      ops: [{ op: 'append', path: ['ideas'], item: idea }],
      after: 'id: a\nideas:  # none yet\n  - { text: Quote from a photo }\n',
    },
    {
      name: 'the last line without a line break',
      before: 'id: a\nideas: [] # none yet',
      ops: [{ op: 'append', path: ['ideas'], item: idea }],
      after: 'id: a\nideas: # none yet\n  - { text: Quote from a photo }',
    },
    {
      name: 'an empty flow map with a comment becomes a block map',
      before: 'id: x1\nlearning: {}   # after the test\nstatus: running\n',
      ops: [
        { op: 'set', path: ['learning', 'observed'], value: 'Six of ten booked' },
        { op: 'set', path: ['learning', 'learned'], value: 'Price first,\nthen the form' },
      ],
      after: 'id: x1\nlearning:   # after the test\n  observed: Six of ten booked\n  learned: |-\n    Price first,\n    then the form\nstatus: running\n',
    },
    {
      name: 'a value set on a key with no value but a comment',
      before: 'id: a\nreleasedOn:   # not yet\n',
      ops: [{ op: 'set', path: ['releasedOn'], value: '2026-11-20' }],
      after: 'id: a\nreleasedOn: 2026-11-20   # not yet\n',
    },
  ];
  const variants = [
    { name: 'LF', apply: (text: string) => text },
    { name: 'CRLF', apply: (text: string) => text.replace(/\n/g, '\r\n') },
    { name: 'BOM', apply: (text: string) => `\uFEFF${text}` },
    { name: 'BOM and CRLF', apply: (text: string) => `\uFEFF${text.replace(/\n/g, '\r\n')}` },
  ];
  const table = cases.flatMap((c) => variants.map((v) => ({ ...c, variant: v.name, before: v.apply(c.before), after: v.apply(c.after) })));

  it.each(table)('$name ($variant)', ({ before, ops, after }) => {
    const edited = applyEdits(before, ops);
    expect(edited).toBe(after);
    // It reads back as the file before, with the entries added.
    const expected = parse(before) as Record<string, unknown>;
    for (const op of ops) {
      const parent = op.path.slice(0, -1).reduce<Record<string | number, unknown>>((node, seg) => node[seg] as Record<string | number, unknown>, expected);
      const key = op.path.at(-1)!;
      if (op.op === 'append') parent[key] = [...((parent[key] as unknown[] | null) ?? []), op.item];
      else if (op.op === 'set') parent[key] = op.value;
    }
    expect(parse(edited)).toEqual(expected);
  });
});
