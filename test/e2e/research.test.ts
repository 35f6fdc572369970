import { cpSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { git, gitPdxRepo, runPdx, tempDir, writeTree } from '../helpers.js';

/**
 * The research repository on a small repo whose answers are counted by hand: evidence list's
 * filters, search (case and accents ignored, words highlighted), evidence show, customer show,
 * and the warning for a segment the customer hypothesis does not name. Today is 2026-12-01.
 */

const evidence = (id: string, initiative: string, fields: string) => [`discovery/evidence/${initiative}/${id}.yaml`, `id: ${id}\ninitiative: ${initiative}\n${fields}`] as const;

/** `cafe` with its accent written as a character of its own (NFD), as some keyboards and pastes give it. */
const DECOMPOSED = 'cafe\u0301';

let base = '';
beforeAll(async () => {
  base = await gitPdxRepo();
  writeTree(base, {
    'discovery/initiatives/quotes.yaml':
      'id: quotes\ntitle: Quotes\nstage: immersion\nhistory:\n  - { stage: immersion, date: 2026-09-01 }\nfeedbackGroup:\n  - { id: C-1, segment: brokers, joined: 2026-10-01 }\ncustomers:\n  - { id: C-1, payingSince: 2026-11-01, churnedOn: 2026-11-20 }\n',
    'discovery/initiatives/payouts.yaml':
      'id: payouts\ntitle: Payouts\nstage: immersion\nhistory:\n  - { stage: immersion, date: 2026-09-01 }\nideas:\n  - { text: Pay carriers at the Café counter }\ncustomers:\n  - { id: C-1, payingSince: 2026-11-15 }\n',
    'discovery/hypotheses/quotes/quotes-customer.yaml':
      'id: quotes-customer\ninitiative: quotes\nkind: customer\nstatement: Small shippers lose a day to quotes\nstatus: testing\nsegments: [small shippers, brokers]\nclaims:\n  - { id: c1, text: They quote by phone }\n  - { id: c2, text: A day is lost per load }\n',
    'discovery/hypotheses/quotes/quotes-pricing.yaml': 'id: quotes-pricing\ninitiative: quotes\nkind: pricing\nstatement: A flat fee per load\nstatus: draft\nclaims:\n  - { id: c1, text: Shippers pay a flat fee }\n',
    'discovery/experiments/quotes/quotes-concierge.yaml':
      'id: quotes-concierge\ninitiative: quotes\ntype: concierge\nhypotheses: [quotes-customer]\ntestCard: { believe: b, verify: v, measure: m, rightIf: r }\nstatus: concluded\nstarted: 2026-10-01\nconcluded: 2026-10-20\nresult: validated\nlearning:\n  observed: Shippers booked 8 of 10 quotes from the Café\n  learned: Speed matters more than price\n  next: Build the booking page for the cafe\n',
    ...Object.fromEntries([
      evidence('e1', 'quotes', 'date: 2026-11-28\nsource: interview\ncustomer: C-1\nsegment: brokers\nhypothesis: quotes-customer\nclaim: c1\nverdict: supports\ntags: [pricing, phone]\nnote: Calls brokers every morning\nquote: I spend mornings at the CAFÉ on the phone\n'),
      evidence('e2', 'quotes', 'date: 2026-11-20\nsource: interview\ncustomer: C-2\nsegment: small shippers\nhypothesis: quotes-customer\nclaim: c1\nverdict: refutes\ntags: [phone]\nnote: Books online only\n'),
      evidence('e3', 'quotes', 'date: 2026-11-10\nsource: survey\ncustomer: C-1\nsegment: brokers\nhypothesis: quotes-customer\nclaim: c2\nverdict: supports\nnote: Loses half a day per load\n'),
      evidence('e4', 'quotes', `date: 2026-10-01\nsource: observation\ncustomer: C-3\ntags: [pricing]\nnote: Dispatcher keeps a paper list of ${DECOMPOSED} suppliers\n`),
      evidence('e5', 'quotes', 'date: 2026-11-25\nsource: interview\ncustomer: C-4\nsegment: enterprise\nhypothesis: quotes-pricing\nclaim: c1\nverdict: neutral\nnote: Would rather pay per month\n'),
      evidence('p1', 'payouts', 'date: 2026-11-30\nsource: interview\ncustomer: C-1\nsegment: carriers\nnote: Wants payouts the same day\nquote: Paid on Friday, broke by Monday\n'),
    ]),
  });
  git(base, 'add', '-A');
  git(base, 'commit', '-qm', 'research fixture');
});

async function json<T>(...args: string[]): Promise<T> {
  const result = await runPdx([...args, '--json'], { cwd: base });
  expect(result.code, `pdx ${args.join(' ')}\n${result.stderr}`).toBe(0);
  return JSON.parse(result.stdout) as T;
}
const ids = async (...args: string[]) => (await json<{ id: string }[]>('evidence', 'list', ...args)).map((e) => e.id);

describe('pdx evidence list', () => {
  it.each([
    [[], ['p1', 'e1', 'e5', 'e2', 'e3', 'e4']],
    [['--initiative', 'quotes'], ['e1', 'e5', 'e2', 'e3', 'e4']],
    [['--hypothesis', 'quotes-customer'], ['e1', 'e2', 'e3']],
    [['--hypothesis', 'quotes-customer', '--claim', 'c1'], ['e1', 'e2']],
    [['--hypothesis', 'quotes-customer', '--verdict', 'supports'], ['e1', 'e3']],
    [['--verdict', 'refutes'], ['e2']],
    [['--customer', 'C-1'], ['p1', 'e1', 'e3']],
    [['--segment', 'brokers'], ['e1', 'e3']],
    [['--segment', 'BROKERS'], ['e1', 'e3']],
    [['--tag', 'phone'], ['e1', 'e2']],
    [['--tag', 'pricing'], ['e1', 'e4']],
    [['--tag', 'phone', '--tag', 'pricing'], ['e1']],
    [['--since', '1w'], ['p1', 'e1', 'e5']],
    [['--since', '7d'], ['p1', 'e1', 'e5']],
    [['--as-of', '2026-11-21'], ['e2', 'e3', 'e4']],
    [['--as-of', '2026-11-21', '--since', '2w'], ['e2', 'e3']],
    [['--customer', 'C-1', '--initiative', 'payouts'], ['p1']],
    [['--customer', 'C-9'], []],
  ])('%j', async (args, expected) => {
    expect(await ids(...args)).toEqual(expected);
  });

  it('prints a table with what was heard (the quote when there is one) and a count; a misspelt initiative is named', async () => {
    const table = await runPdx(['evidence', 'list', '--customer', 'C-1'], { cwd: base, columns: 200 });
    expect(table.code, table.stderr).toBe(0);
    expect(table.stdout).toMatch(/│ 2026-11-28 │ e1 +│ C-1 +│ brokers +│ quotes-customer c1 │ supports │ pricing phone │ “I spend mornings at the CAFÉ on the phone” +│/);
    expect(table.stdout).toMatch(/│ 2026-11-10 │ e3 .*│ Loses half a day per load +│/);
    expect(table.stdout.trimEnd().split('\n').at(-1)).toBe('3 evidence records');
    const wrong = await runPdx(['evidence', 'list', '--initiative', 'quote'], { cwd: base });
    expect([wrong.code, wrong.stderr]).toEqual([2, expect.stringContaining('quotes')]);
  });
});

describe('pdx search', () => {
  type Hit = { kind: string; id: string; file: string; field: string; text: string; matches: { start: number; end: number }[] };
  const found = (hits: Hit[]) => hits.map((h) => `${h.kind} ${h.id} ${h.field}`);

  it('cafe finds Café, CAFÉ and a decomposed café in notes, quotes, ideas and learning cards; CAFÉ finds the same, plain cafe too', async () => {
    const expected = ['evidence e1 quote', 'evidence e4 note', 'experiment quotes-concierge learning.observed', 'experiment quotes-concierge learning.next', 'initiative payouts ideas[0].text'];
    const hits = await json<Hit[]>('search', 'cafe');
    expect(found(hits)).toEqual(expected);
    expect(found(await json<Hit[]>('search', 'CAFÉ'))).toEqual(expected);
    const quote = hits[0]!;
    expect(quote.file).toBe('discovery/evidence/quotes/e1.yaml');
    expect(quote.matches).toEqual([{ start: quote.text.indexOf('CAFÉ'), end: quote.text.indexOf('CAFÉ') + 4 }]);
    // The accent written as its own character stays inside the match.
    const note = hits[1]!;
    expect(note.text.slice(note.matches[0]!.start, note.matches[0]!.end)).toBe(DECOMPOSED);
  });

  it('every word must be in the field: hypotheses by statement and claim, and a count of records', async () => {
    expect(found(await json<Hit[]>('search', 'flat', 'fee'))).toEqual(['hypothesis quotes-pricing statement', 'hypothesis quotes-pricing claims[0].text']);
    expect(found(await json<Hit[]>('search', 'phone'))).toEqual(['evidence e1 quote', 'hypothesis quotes-customer claims[0].text']);
    expect(await json<Hit[]>('search', 'phone', 'friday')).toEqual([]);
    // Words are text, never patterns.
    expect(await json<Hit[]>('search', 'phone)')).toEqual([]);
    expect(found(await json<Hit[]>('search', 'a.day'))).toEqual([]);
    const text = await runPdx(['search', 'flat fee'], { cwd: base });
    expect(text.stdout).toBe('discovery/hypotheses/quotes/quotes-pricing.yaml  hypothesis quotes-pricing  statement\n  A flat fee per load\ndiscovery/hypotheses/quotes/quotes-pricing.yaml  hypothesis quotes-pricing  claims[0].text\n  Shippers pay a flat fee\n2 matches in 1 record\n');
    expect((await runPdx(['search', 'nowhere'], { cwd: base })).stdout).toBe('no matches for "nowhere"\n');
  });

  it('at a terminal with colour the words are in inverse, each escape closed before the line ends; piped there is none', async () => {
    const coloured = await runPdx(['search', 'cafe', 'mornings'], { cwd: base, env: { NO_COLOR: undefined, FORCE_COLOR: '1' } });
    expect(coloured.code, coloured.stderr).toBe(0);
    expect(coloured.stdout).toContain('I spend \x1b[7mmornings\x1b[27m at the \x1b[7mCAFÉ\x1b[27m on the phone');
    for (const line of coloured.stdout.split('\n')) expect(line.split('\x1b[7m').length).toBe(line.split('\x1b[27m').length);
    expect((await runPdx(['search', 'cafe'], { cwd: base })).stdout).not.toContain('\x1b');
  });

  it('blank words are a usage error', async () => {
    const blank = await runPdx(['search', ' '], { cwd: base });
    expect([blank.code, blank.stderr]).toEqual([2, expect.stringContaining('pdx: pdx search needs words to find')]);
  });
});

describe('pdx evidence show and pdx customer show', () => {
  it('evidence show prints the note, the quote apart, and the claim by its text', async () => {
    const shown = await runPdx(['evidence', 'show', 'e1'], { cwd: base, columns: 120 });
    expect(shown.code, shown.stderr).toBe(0);
    expect(shown.stdout).toContain('customer: C-1 (brokers)');
    expect(shown.stdout).toContain('bears on: quotes-customer c1 — They quote by phone: supports');
    expect(shown.stdout).toContain('tags: pricing, phone');
    expect(shown.stdout).toMatch(/\n\nCalls brokers every morning\n\n“I spend mornings at the CAFÉ on the phone”\n$/);
    expect(await json('evidence', 'show', 'e1')).toMatchObject({ id: 'e1', file: 'discovery/evidence/quotes/e1.yaml', quote: 'I spend mornings at the CAFÉ on the phone', claimText: 'They quote by phone' });
    expect((await runPdx(['evidence', 'show', 'e9'], { cwd: base })).code).toBe(2);
  });

  it('customer show gathers one customer across initiatives: evidence oldest first, feedback group, paying history', async () => {
    const history = await json<Record<string, unknown>>('customer', 'show', 'C-1');
    expect(history).toMatchObject({
      customer: 'C-1',
      feedbackGroups: [{ initiative: 'quotes', segment: 'brokers', joined: '2026-10-01' }],
      paying: [
        { initiative: 'payouts', payingSince: '2026-11-15' },
        { initiative: 'quotes', payingSince: '2026-11-01', churnedOn: '2026-11-20' },
      ],
    });
    expect((history.evidence as { id: string; verdict?: string }[]).map((e) => [e.id, e.verdict])).toEqual([['e3', 'supports'], ['e1', 'supports'], ['p1', undefined]]);
    const text = await runPdx(['customer', 'show', 'C-1'], { cwd: base, columns: 200 });
    expect(text.stdout).toMatch(/^C-1  3 evidence, in 2 initiatives: payouts, quotes\n/);
    expect(text.stdout).toMatch(/│ 2026-11-30 │ payouts +│ interview │ +│ +│ “Paid on Friday, broke by Monday” +│\n│ +│ +│ +│ +│ +│ Wants payouts the same day +│/);
    expect(text.stdout).toMatch(/│ quotes +│ 2026-11-01 +│ 2026-11-20 +│/);
    const unknown = await runPdx(['customer', 'show', 'C-11'], { cwd: base });
    expect([unknown.code, unknown.stderr]).toEqual([2, expect.stringMatching(/^pdx: no record names customer C-11 \(did you mean `C-1`\?\)/)]);
  });
});

describe('segments', () => {
  it('validate warns, at the segment, when it is not one of the customer hypothesis’s segments, or there are none', async () => {
    const result = await runPdx(['validate', '--json'], { cwd: base });
    expect(result.code, result.stdout).toBe(0);
    const problems = (JSON.parse(result.stdout) as { warnings: { file: string; line: number; code: string; message: string }[] }).warnings;
    expect(problems.map((p) => [p.file, p.line, p.code])).toEqual([
      ['discovery/evidence/payouts/p1.yaml', 6, 'evidence/segment'],
      ['discovery/evidence/quotes/e5.yaml', 6, 'evidence/segment'],
    ]);
    expect(problems[1]!.message).toBe("segment `enterprise` is not one of the segments of `quotes`'s customer hypothesis (its segments: small shippers, brokers)");
    expect(problems[0]!.message).toContain('`payouts` has no current customer hypothesis with `segments`');
  });

  it('evidence add --segment warns when the whole repo is read and the segment is not one of them, and writes it', async () => {
    const dir = tempDir('pdx-research-');
    cpSync(base, dir, { recursive: true });
    const ok = await runPdx(['evidence', 'add', '--initiative', 'quotes', '--customer', 'C-5', '--source', 'interview', '--note', 'n', '--segment', 'small shippers', '--quote', 'Too slow', '--tag', 'speed'], { cwd: dir });
    expect([ok.code, ok.stderr]).toEqual([0, '']);
    // Named by its hypothesis, the whole repo is read: the segment is checked there and then, and still written.
    const other = await runPdx(['evidence', 'add', '--hypothesis', 'quotes-customer', '--claim', 'c1', '--verdict', 'supports', '--customer', 'C-6', '--source', 'interview', '--note', 'n', '--segment', 'enterprise'], { cwd: dir });
    expect([other.code, other.stderr]).toEqual([0, 'warning: segment "enterprise" is not one of quotes\'s customer segments (small shippers, brokers)\n']);
    const blank = await runPdx(['evidence', 'add', '--initiative', 'quotes', '--customer', 'C-7', '--source', 'interview', '--note', 'n', '--quote', ' '], { cwd: dir });
    expect([blank.code, blank.stderr]).toEqual([2, expect.stringContaining('pdx: --quote is blank')]);
    expect(await ids('--segment', 'enterprise')).toEqual(['e5']);
    expect(await runPdx(['evidence', 'list', '--tag', 'speed', '--segment', 'small shippers', '--json'], { cwd: dir }).then((r) => JSON.parse(r.stdout).map((e: { quote: string }) => e.quote))).toEqual(['Too slow']);
  });
});
