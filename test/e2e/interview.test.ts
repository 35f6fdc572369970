import { chmodSync, cpSync, existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ENTER, INTERRUPT, git, gitPdxRepo, runPdx, tempDir, treeHash, writeTree, type Step, pdxOk } from '../helpers.js';
import { typedThenCtrlC } from '../harness.js';

/**
 * `pdx evidence add` at a scripted terminal: which questions it asks, in which order and with
 * which choices, what a wrong answer does, and the drafts that keep typed words.
 */

const Q = {
  initiative: 'Initiative:',
  customer: 'Customer (pseudonymous id, e.g. C-017):',
  source: 'Source:',
  note: 'What did you see or hear?',
  hypothesis: 'Which hypothesis does it bear on?',
  claim: 'Which of its claims?',
  verdict: 'Does it support or refute the claim?',
  segment: 'Which customer segment are they in?',
  quote: 'Their own words, verbatim (Enter to skip):',
};

const pdx = pdxOk;

/** Two initiatives; quotes has a current customer hypothesis, an invalidated one and a superseded one (with its successor). */
let base = '';
async function repo(): Promise<string> {
  const dir = tempDir('pdx-interview-');
  cpSync(base, dir, { recursive: true });
  return dir;
}

const evidenceFiles = (dir: string, initiative = 'quotes') => (existsSync(join(dir, 'discovery/evidence', initiative)) ? readdirSync(join(dir, 'discovery/evidence', initiative)) : []);
const read = (dir: string, file: string) => readFileSync(join(dir, file), 'utf8');
const draftOf = (dir: string, name = 'evidence-add.json') => JSON.parse(read(dir, `.pdx/drafts/${name}`)) as { command: string; answers: { question: string; answer: unknown }[]; typing?: { question: string; text: unknown } };

beforeAll(async () => {
  base = await gitPdxRepo();
  const hypothesis = (id: string, kind: string, statement: string, claims: string[], more = '') =>
    `id: ${id}\ninitiative: quotes\nkind: ${kind}\nstatement: ${statement}\nstatus: ${more.includes('invalidated') ? 'invalidated' : 'draft'}\n${more.replace('invalidated', '')}claims:\n${claims.map((text, i) => `  - { id: c${i + 1}, text: ${text} }\n`).join('')}`;
  writeTree(base, {
    'discovery/initiatives/payouts.yaml': 'id: payouts\ntitle: Payouts\nstage: immersion\nhistory:\n  - { stage: immersion, date: 2026-11-02 }\n',
    'discovery/initiatives/quotes.yaml': 'id: quotes\ntitle: Quotes\nstage: immersion\nhistory:\n  - { stage: immersion, date: 2026-11-02 }\n',
    'discovery/hypotheses/quotes/quotes-customer.yaml': hypothesis('quotes-customer', 'customer', 'Small shippers lose a day to quotes', ['They quote by phone', 'A day is lost per load']),
    'discovery/hypotheses/quotes/quotes-product.yaml': hypothesis('quotes-product', 'product', 'Dropped idea', ['x'], 'invalidated'),
    'discovery/hypotheses/quotes/quotes-pricing.yaml': hypothesis('quotes-pricing', 'pricing', 'Flat fee', ['y']),
    'discovery/hypotheses/quotes/quotes-pricing-2.yaml': hypothesis('quotes-pricing-2', 'pricing', 'A margin on each load', ['Margin is fine'], 'supersedes: quotes-pricing\n'),
  });
  git(base, 'add', '-A');
  git(base, 'commit', '-qm', 'records');
});

describe('pdx evidence add at a terminal', () => {
  it('starts from a valid repo', async () => {
    const result = await runPdx(['validate'], { cwd: base });
    expect([result.code, result.stdout]).toEqual([0, expect.stringContaining('no problems')]);
  });

  it('asks initiative, customer, source and note, then the current hypotheses, their claims by text and the verdict', async () => {
    const dir = await repo();
    const result = await runPdx(['evidence', 'add'], {
      cwd: dir,
      tty: [
        { ask: Q.initiative, answer: 'quotes' },
        { ask: Q.customer, answer: 'C-017' },
        { ask: Q.source, answer: 'observation' },
        { ask: Q.note, answer: 'Calls three brokers for every load' },
        { ask: Q.hypothesis, answer: 'quotes-customer' },
        { ask: Q.claim, answer: 'c1' },
        { ask: Q.verdict, answer: 'supports' },
      ],
    });
    expect(result.code, result.stderr).toBe(0);
    const [, customer, source, note, hypothesis, claim, verdict] = result.questions!;
    expect(customer).toMatchObject({ type: 'text', required: true });
    expect(source).toMatchObject({ type: 'choice', default: 'interview' });
    expect(note).toMatchObject({ type: 'text', required: true });
    // Only the current hypotheses: not the invalidated one, not the superseded one.
    expect(hypothesis).toMatchObject({ type: 'choice', choices: ['quotes-customer', 'quotes-pricing-2', ''] });
    expect(hypothesis!.names).toEqual(['customer: Small shippers lose a day to quotes', 'pricing: A margin on each load', 'none — an immersion note']);
    expect(claim).toMatchObject({ type: 'choice', choices: ['c1', 'c2'], names: ['They quote by phone', 'A day is lost per load'] });
    expect(verdict).toMatchObject({ type: 'choice', choices: ['supports', 'refutes', 'neutral'] });
    const [file] = evidenceFiles(dir);
    expect(read(dir, `discovery/evidence/quotes/${file}`)).toMatch(/initiative: quotes\n[\s\S]*source: observation\n.*\ncustomer: C-017\n(?:by: .*\n)?hypothesis: quotes-customer\nclaim: c1\n.*\nverdict: supports\n(?:by: .*\n)?note: Calls three brokers for every load\n/);
    expect(existsSync(join(dir, '.pdx/drafts/evidence-add.json'))).toBe(false);
  });

  it('asks the initiative as soon as the initiatives are read, before the rest of the repo', async () => {
    const dir = await repo();
    // Enough evidence that reading it yields to the question: the verdict cache is written only once all is read.
    const note = (i: number) => `id: e${i}\ninitiative: quotes\ndate: 2026-11-02\nsource: interview\ncustomer: C-001\nnote: n\n`;
    writeTree(dir, Object.fromEntries(Array.from({ length: 300 }, (_, i) => [`discovery/evidence/quotes/e${i}.yaml`, note(i)])));
    const cache = join(dir, '.pdx/cache/files.bin');
    rmSync(join(dir, '.pdx/cache'), { recursive: true, force: true });
    const readWhenAsked: boolean[] = [];
    const seen = () => readWhenAsked.push(existsSync(cache));
    const result = await runPdx(['evidence', 'add'], {
      cwd: dir,
      tty: [
        { ask: Q.initiative, answer: 'quotes', when: seen },
        { ask: Q.customer, answer: 'C-017', when: seen },
        { ask: Q.source, answer: 'observation' },
        { ask: Q.note, answer: 'Calls three brokers for every load' },
        { ask: Q.hypothesis, answer: '' },
      ],
    });
    expect(result.code, result.stderr).toBe(0);
    // The first question came before the whole repo was read; the next ones after.
    expect(readWhenAsked).toEqual([false, true]);
    expect(evidenceFiles(dir)).toHaveLength(301);
  });

  it('with --hypothesis alone asks no initiative (the hypothesis names it), then the claim and the verdict', async () => {
    const dir = await repo();
    const result = await runPdx(['evidence', 'add', '--hypothesis', 'quotes-customer'], {
      cwd: dir,
      tty: [
        { ask: Q.customer, answer: 'C-2' },
        { ask: Q.source, answer: ENTER },
        { ask: Q.note, answer: 'Lost a whole afternoon' },
        { ask: Q.claim, answer: 'c2' },
        { ask: Q.verdict, answer: 'refutes' },
        // An interview: the customer's own words are asked for, and may be skipped.
        { ask: Q.quote, answer: ENTER },
      ],
    });
    expect(result.code, result.stderr).toBe(0);
    expect(result.questions!.map((q) => q.message)).toEqual([Q.customer, Q.source, Q.note, Q.claim, Q.verdict, Q.quote]);
    expect(result.questions![5]).toMatchObject({ type: 'text' });
    expect(result.questions![5]!.required).toBeFalsy();
    const [file] = evidenceFiles(dir);
    expect(read(dir, `discovery/evidence/quotes/${file}`)).toMatch(/source: interview\n.*\ncustomer: C-2\nhypothesis: quotes-customer\nclaim: c2\n.*\nverdict: refutes\n/);
  });

  it('an immersion note links nothing; an initiative without hypotheses is not asked about them', async () => {
    const dir = await repo();
    const none = await runPdx(['evidence', 'add', '--initiative', 'quotes', '--customer', 'C-3', '--source', 'observation', '--note', 'Watched a dispatcher'], {
      cwd: dir,
      tty: [{ ask: Q.hypothesis, answer: '' }],
    });
    expect(none.code, none.stderr).toBe(0);
    const payouts = await runPdx(['evidence', 'add', '--initiative', 'payouts'], { cwd: dir, tty: [{ ask: Q.customer, answer: 'C-4' }, { ask: Q.source, answer: ENTER }, { ask: Q.note, answer: 'Paid late twice' }, { ask: Q.quote, answer: ENTER }] });
    expect(payouts.code, payouts.stderr).toBe(0);
    for (const [initiative, file] of [['quotes', evidenceFiles(dir)[0]], ['payouts', evidenceFiles(dir, 'payouts')[0]]]) {
      expect(read(dir, `discovery/evidence/${initiative}/${file}`)).not.toMatch(/hypothesis:|claim:|verdict:/);
    }
  });

  it('asks again for a value that turns out wrong, never exits: a customer id, a claim the picked hypothesis lacks', async () => {
    const dir = await repo();
    const result = await runPdx(['evidence', 'add', '--initiative', 'quotes', '--claim', 'c2', '--verdict', 'neutral'], {
      cwd: dir,
      tty: [
        { ask: Q.customer, answer: 'Jane Doe' },
        { ask: Q.customer, answer: 'C-9' },
        { ask: Q.source, answer: ENTER },
        { ask: Q.note, answer: 'Shrugged at the price' },
        // Linking was asked for: there is no "none" to pick.
        { ask: Q.hypothesis, answer: 'quotes-pricing-2' },
        { ask: Q.claim, answer: 'c1' },
        { ask: Q.quote, answer: 'Seems steep' },
      ],
    });
    expect(result.code, result.stderr).toBe(0);
    expect(result.questions![1]).toMatchObject({ message: Q.customer, error: 'not a pseudonymous id: letters and digits, optionally joined by - or _, e.g. C-017' });
    expect(result.questions![4]!.choices).toEqual(['quotes-customer', 'quotes-pricing-2']);
    expect(result.stderr).toContain('hypothesis quotes-pricing-2 has no claim c2: pick one of its claims');
    const [file] = evidenceFiles(dir);
    expect(read(dir, `discovery/evidence/quotes/${file}`)).toMatch(/customer: C-9\nhypothesis: quotes-pricing-2\nclaim: c1\n.*\nverdict: neutral\n/);
    expect(read(dir, `discovery/evidence/quotes/${file}`)).toMatch(/note: Shrugged at the price\n# .*\nquote: Seems steep\n/);
  });

  it('asks the segment when the customer hypothesis names segments, the quote for an interview, the tags once the initiative uses some', async () => {
    const dir = await repo();
    writeTree(dir, { 'discovery/hypotheses/quotes/quotes-customer.yaml': read(dir, 'discovery/hypotheses/quotes/quotes-customer.yaml') + 'segments: [small shippers, brokers]\n' });
    // Flags for every value: nothing about the quote or tags is asked of a script, only the segment pick.
    const first = await runPdx(['evidence', 'add', '--initiative', 'quotes', '--customer', 'C-1', '--source', 'interview', '--note', 'n', '--tag', 'pricing', '--tag', 'phone'], {
      cwd: dir,
      tty: [{ ask: Q.hypothesis, answer: '' }, { ask: Q.segment, answer: '' }],
    });
    expect(first.code, first.stderr).toBe(0);
    expect(first.questions![1]).toMatchObject({ type: 'choice', choices: ['small shippers', 'brokers', ''] });
    const typed = await runPdx(['evidence', 'add', '--initiative', 'quotes'], {
      cwd: dir,
      tty: [
        { ask: Q.customer, answer: 'C-2' },
        { ask: Q.source, answer: ENTER },
        { ask: Q.note, answer: 'Quotes by phone all morning' },
        { ask: Q.hypothesis, answer: '' },
        { ask: Q.segment, answer: 'brokers' },
        { ask: Q.quote, answer: 'I spend my mornings on the phone' },
        { ask: /^Tags .*used so far: phone, pricing\):$/, answer: 'phone, morning' },
      ],
    });
    expect(typed.code, typed.stderr).toBe(0);
    const file = evidenceFiles(dir).find((f) => f.includes('c-2'))!;
    const text = read(dir, `discovery/evidence/quotes/${file}`);
    expect(text).toMatch(/customer: C-2\n# .*\nsegment: brokers\n/);
    expect(text).toMatch(/quote: I spend my mornings on the phone\n# .*\ntags:\n  - phone\n  - morning\n/);
    expect(text).toMatch(/note: Quotes by phone all morning\n/);
    const other = evidenceFiles(dir).find((f) => f.includes('c-1'))!;
    expect(read(dir, `discovery/evidence/quotes/${other}`)).not.toMatch(/segment:|quote:/);
    // A bad tag is refused before any question.
    const bad = await runPdx(['evidence', 'add', '--initiative', 'quotes', '--tag', 'two words'], { cwd: dir, tty: [] });
    expect([bad.code, bad.stderr]).toEqual([2, expect.stringContaining('pdx: --tag "two words" is not a short word')]);
  });

  it('checks every flag before the first question, so no answer is typed in vain', async () => {
    const dir = await repo();
    const cases: [string[], number, string][] = [
      [['--hypothesis', 'quotes-customr'], 2, 'no hypothesis with id `quotes-customr` (--hypothesis)'],
      [['--initiative', 'payouts', '--hypothesis', 'quotes-customer'], 2, 'hypothesis quotes-customer belongs to quotes, not payouts'],
      [['--hypothesis', 'quotes-customer', '--claim', 'c9'], 2, 'hypothesis quotes-customer has no claim `c9`'],
      [['--initiative', 'quote'], 2, 'did you mean `quotes`?'],
      [['--customer', 'Jane Doe'], 2, '--customer "Jane Doe" is not a pseudonymous id'],
    ];
    for (const [flags, code, message] of cases) {
      const result = await runPdx(['evidence', 'add', ...flags], { cwd: dir, tty: [] });
      expect(result.code, flags.join(' ')).toBe(code);
      expect(result.stderr).toContain(message);
      expect(result.questions).toEqual([]);
    }
    await pdx(dir, 'evidence', 'add', '--initiative', 'quotes', '--customer', 'C-1', '--source', 'interview', '--note', 'n', '--id', 'taken');
    const taken = await runPdx(['evidence', 'add', '--id', 'taken'], { cwd: dir, tty: [] });
    expect([taken.code, taken.questions]).toEqual([1, []]);
    expect(taken.stderr).toContain('evidence id `taken` is already used');
  });

  it('without a terminal behaves as before: missing values exit 2, naming their flags', async () => {
    const dir = await repo();
    const before = treeHash(dir, (path) => path.startsWith('.git'));
    const bare = await runPdx(['evidence', 'add', '--hypothesis', 'quotes-customer'], { cwd: dir });
    expect([bare.code, bare.stderr]).toEqual([2, expect.stringContaining('missing required values: --customer, --source, --note')]);
    const link = await runPdx(['evidence', 'add', '--hypothesis', 'quotes-customer', '--customer', 'C-1', '--source', 'interview', '--note', 'n'], { cwd: dir });
    expect([link.code, link.stderr]).toEqual([2, expect.stringContaining('missing: --claim, --verdict')]);
    expect(treeHash(dir, (path) => path.startsWith('.git'))).toBe(before);
  });
});

describe('drafts', () => {
  const upToNote: Step[] = [
    { ask: Q.initiative, answer: 'quotes' },
    { ask: Q.customer, answer: 'C-017' },
    { ask: Q.source, answer: 'observation' },
  ];

  it('Ctrl-C in the note keeps the answers and the half-typed line; the next evidence add resumes them', async () => {
    const dir = await repo();
    const before = treeHash(dir, (path) => path.startsWith('.git') || path.startsWith('.pdx/'));
    const stopped = await runPdx(['evidence', 'add'], { cwd: dir, tty: [...upToNote, { ask: Q.note, answer: typedThenCtrlC('They said the quote took two days') }] });
    expect(stopped.code).toBe(130);
    expect(stopped.stderr).toBe('pdx: interrupted; your answers are kept in .pdx/drafts/evidence-add.json — run pdx evidence add to resume\n');
    expect(treeHash(dir, (path) => path.startsWith('.git') || path.startsWith('.pdx/'))).toBe(before);
    expect(draftOf(dir)).toMatchObject({
      command: 'evidence add',
      answers: [
        { question: Q.initiative, answer: 'quotes' },
        { question: Q.customer, answer: 'C-017' },
        { question: Q.source, answer: 'observation' },
      ],
      typing: { question: Q.note, text: 'They said the quote took two days' },
    });
    // Only its owner may read it, and git never sees it.
    expect(statSync(join(dir, '.pdx/drafts/evidence-add.json')).mode & 0o777).toBe(0o600);
    expect(git(dir, 'status', '--porcelain')).toBe('');

    const resumed = await runPdx(['evidence', 'add'], {
      cwd: dir,
      tty: [
        { ask: /^Resume the evidence you started at \d\d:\d\d \(C-017, "They said the quote took two…"\)\?$/, answer: 'resume' },
        { ask: Q.initiative, answer: ENTER },
        { ask: Q.customer, answer: ENTER },
        { ask: Q.source, answer: ENTER },
        { ask: Q.note, answer: 'They said the quote took two days, and they booked elsewhere' },
        { ask: Q.hypothesis, answer: ENTER },
        { ask: Q.claim, answer: ENTER },
        { ask: Q.verdict, answer: 'supports' },
      ],
    });
    expect(resumed.code, resumed.stderr).toBe(0);
    const [, initiative, customer, source, note] = resumed.questions!;
    expect(initiative).toMatchObject({ default: 'quotes' });
    expect(customer).toMatchObject({ prefill: 'C-017' });
    expect(source).toMatchObject({ default: 'observation' });
    expect(note).toMatchObject({ prefill: 'They said the quote took two days' });
    const [file] = evidenceFiles(dir);
    expect(read(dir, `discovery/evidence/quotes/${file}`)).toMatch(/source: observation\n.*\ncustomer: C-017\n(?:by: .*\n)?hypothesis: quotes-customer\nclaim: c1\n.*\nverdict: supports\n(?:by: .*\n)?note: They said the quote took two days, and they booked elsewhere\n/);
    // Saved: the draft is gone.
    expect(readdirSync(join(dir, '.pdx/drafts'))).toEqual(['.gitignore']);
  });

  it('a draft started on an earlier day by the clock is offered with its day', async () => {
    const dir = await repo();
    await runPdx(['evidence', 'add'], { cwd: dir, tty: [...upToNote, { ask: Q.note, answer: typedThenCtrlC('Yesterday\'s words') }] });
    const file = join(dir, '.pdx/drafts/evidence-add.json');
    const yesterday = new Date(Date.now() - 86_400_000);
    yesterday.setHours(9, 5);
    const pad = (n: number) => String(n).padStart(2, '0');
    writeFileSync(file, JSON.stringify({ ...JSON.parse(readFileSync(file, 'utf8')), started: yesterday.toISOString() }), { mode: 0o600 });
    const day = `${yesterday.getFullYear()}-${pad(yesterday.getMonth() + 1)}-${pad(yesterday.getDate())}`;
    const offered = await runPdx(['evidence', 'add'], { cwd: dir, tty: [{ ask: new RegExp(`^Resume the evidence you started on ${day} at 09:05 \\(C-017, "Yesterday's words"\\)\\?$`), answer: 'later' }, { ask: Q.initiative, answer: INTERRUPT }] });
    expect(offered.code, offered.stderr).toBe(130);
  });

  it('a draft interrupted again keeps what it had not asked yet; declined, it is kept or deleted as chosen', async () => {
    const dir = await repo();
    await runPdx(['evidence', 'add'], { cwd: dir, tty: [...upToNote, { ask: Q.note, answer: typedThenCtrlC('First words') }] });
    // Resumed, then stopped again before the note: the note's words stay in the draft.
    const again = await runPdx(['evidence', 'add'], { cwd: dir, tty: [{ ask: /^Resume/, answer: ENTER }, { ask: Q.initiative, answer: ENTER }, { ask: Q.customer, answer: 'C-018' }, { ask: Q.source, answer: INTERRUPT }] });
    expect(again.code).toBe(130);
    expect(draftOf(dir)).toMatchObject({ answers: [{ answer: 'quotes' }, { answer: 'C-018' }, { answer: 'observation' }], typing: { text: 'First words' } });

    // Kept for later: this run's words go to a draft of their own.
    const later = await runPdx(['evidence', 'add'], { cwd: dir, tty: [{ ask: /^Resume/, answer: 'later' }, { ask: Q.initiative, answer: 'payouts' }, { ask: Q.customer, answer: typedThenCtrlC('C-5') }] });
    expect(later.stderr).toContain('your answers are kept in .pdx/drafts/evidence-add-2.json');
    expect(draftOf(dir)).toMatchObject({ typing: { text: 'First words' } });
    expect(draftOf(dir, 'evidence-add-2.json')).toMatchObject({ typing: { text: 'C-5' } });

    // The newest is offered first; deleting it offers the next.
    const chosen = await runPdx(['evidence', 'add'], {
      cwd: dir,
      tty: [
        { ask: /^Resume the evidence you started .* \(C-5\)\?$/, answer: 'discard' },
        { ask: /^Resume the evidence you started .* \(C-018, "First words"\)\?$/, answer: 'later' },
        { ask: Q.initiative, answer: INTERRUPT },
      ],
    });
    expect(chosen.stderr).toBe('pdx: interrupted; nothing was written\n');
    expect(readdirSync(join(dir, '.pdx/drafts')).sort()).toEqual(['.gitignore', 'evidence-add.json']);
  });

  it('a list interrupted on its second line comes back line by line', async () => {
    const dir = await repo();
    const stopped = await runPdx(['hypothesis', 'add', '--initiative', 'payouts', '--kind', 'market'], {
      cwd: dir,
      tty: [{ ask: 'Statement:', answer: 'Carriers want their money fast' }, { ask: 'First claim', answer: typedThenCtrlC(['Most wait 30 days', 'Half would pay']) }],
    });
    expect(stopped.code).toBe(130);
    const resumed = await runPdx(['hypothesis', 'add', '--initiative', 'payouts', '--kind', 'market'], {
      cwd: dir,
      tty: [
        { ask: 'Resume the hypothesis you started', answer: ENTER },
        { ask: 'Statement:', answer: ENTER },
        { ask: 'First claim', answer: ['Most wait 30 days', 'Half would pay a fee', ''] },
        { ask: 'Market size', answer: ENTER },
        { ask: 'Source of that estimate', answer: ENTER },
        { ask: 'Save it?', answer: true },
      ],
    });
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(resumed.questions![1]).toMatchObject({ prefill: 'Carriers want their money fast' });
    expect(resumed.questions![2]).toMatchObject({ type: 'list', prefill: ['Most wait 30 days', 'Half would pay'] });
    expect(read(dir, 'discovery/hypotheses/payouts/payouts-market.yaml')).toContain('  - { id: c1, text: Most wait 30 days }\n  - { id: c2, text: Half would pay a fee }\n');
  });

  it('a refused write keeps the answers and says how to resume them', async () => {
    const dir = await repo();
    const refused = await runPdx(['evidence', 'add', '--hypothesis', 'quotes-customer', '--claim', 'c1', '--verdict', 'supports'], {
      cwd: dir,
      env: { PDX_TEST_FAULT: 'fail@1' },
      tty: [{ ask: Q.customer, answer: 'C-1' }, { ask: Q.source, answer: ENTER }, { ask: Q.note, answer: 'Would pay for it' }, { ask: Q.quote, answer: 'I would pay today' }],
    });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/hint: .*your answers are kept in \.pdx\/drafts\/evidence-add\.json: run pdx evidence add to resume\n$/);
    expect(evidenceFiles(dir)).toEqual([]);
    expect(draftOf(dir).answers.map((a) => a.answer)).toEqual(['C-1', 'interview', 'Would pay for it', 'I would pay today']);
  });

  it('picks from a list are no words to keep; a draft belongs to its command and its arguments', async () => {
    const dir = await repo();
    const picked = await runPdx(['evidence', 'add'], { cwd: dir, tty: [{ ask: Q.initiative, answer: 'quotes' }, { ask: Q.customer, answer: INTERRUPT }] });
    expect(picked.stderr).toBe('pdx: interrupted; nothing was written\n');
    expect(existsSync(join(dir, '.pdx/drafts'))).toBe(false);
    const idea = await runPdx(['idea', 'add', 'quotes'], { cwd: dir, tty: [{ ask: 'The idea:', answer: typedThenCtrlC('Quote from a photo') }] });
    expect(idea.stderr).toBe('pdx: interrupted; your answers are kept in .pdx/drafts/idea-add.json — run pdx idea add quotes to resume\n');
    // Another initiative's idea, and evidence, are not offered it.
    expect((await runPdx(['idea', 'add', 'payouts'], { cwd: dir, tty: [{ ask: 'The idea:', answer: 'Pay on delivery' }] })).code).toBe(0);
    expect((await runPdx(['evidence', 'add', '--initiative', 'payouts'], { cwd: dir, tty: [{ ask: Q.customer, answer: 'C-1' }, { ask: Q.source, answer: ENTER }, { ask: Q.note, answer: 'n' }, { ask: Q.quote, answer: ENTER }] })).code).toBe(0);
    const resumed = await runPdx(['idea', 'add', 'quotes'], { cwd: dir, tty: [{ ask: 'Resume the idea you started', answer: 'resume' }, { ask: 'The idea:', answer: ENTER }] });
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(read(dir, 'discovery/initiatives/quotes.yaml')).toContain('text: Quote from a photo');
    expect(existsSync(join(dir, '.pdx/drafts/idea-add.json'))).toBe(false);
  });

  it('a repo made before drafts still never commits one', async () => {
    const dir = await repo();
    writeFileSync(join(dir, '.pdx/.gitignore'), 'cache\njournal\n');
    git(dir, 'commit', '-qam', 'an old gitignore');
    await runPdx(['evidence', 'add'], { cwd: dir, tty: [...upToNote, { ask: Q.note, answer: typedThenCtrlC('words') }] });
    expect(existsSync(join(dir, '.pdx/drafts/evidence-add.json'))).toBe(true);
    expect(git(dir, 'status', '--porcelain', '--untracked-files=all')).toBe('');
  });

  it('a draft that cannot be written never stops the questions, and the message says the answers were not kept', async () => {
    const dir = await repo();
    writeFileSync(join(dir, '.pdx/drafts'), 'a file where the folder goes');
    const result = await runPdx(['evidence', 'add'], { cwd: dir, tty: [...upToNote, { ask: Q.note, answer: typedThenCtrlC('words') }] });
    expect(result.code).toBe(130);
    expect(result.stderr).toBe('pdx: interrupted; nothing was written, and your answers could not be kept in .pdx/drafts/ (.pdx/drafts is a link or not a folder)\n');
  });
});

describe('long text from a file or standard input', () => {
  it('--note-file reads the note, relative to where pdx was started; a file it cannot use is named', async () => {
    const dir = await repo();
    const outside = tempDir('pdx-notes-');
    writeFileSync(join(outside, 'note.txt'), '\uFEFFFirst line\r\nsecond line, ünïcödé\n\n');
    const flags = ['--initiative', 'payouts', '--customer', 'C-1', '--source', 'interview'];
    expect((await runPdx(['-C', dir, 'evidence', 'add', ...flags, '--note-file', 'note.txt'], { cwd: outside })).code).toBe(0);
    const [file] = evidenceFiles(dir, 'payouts');
    expect(read(dir, `discovery/evidence/payouts/${file}`)).toContain('note: |-\n  First line\n  second line, ünïcödé\n');

    writeFileSync(join(outside, 'latin1.txt'), Buffer.from([0x63, 0x61, 0x66, 0xe9]));
    writeFileSync(join(outside, 'empty.txt'), '\n \n');
    writeFileSync(join(outside, 'secret.txt'), 'x');
    chmodSync(join(outside, 'secret.txt'), 0o000);
    const cases: [string[], string][] = [
      [['--note-file', 'missing.txt'], '--note-file missing.txt: cannot read it (no such file)'],
      [['--note-file', 'latin1.txt'], '--note-file latin1.txt is not UTF-8 text'],
      [['--note-file', 'empty.txt'], '--note-file empty.txt is empty'],
      [['--note-file', '.'], '--note-file . is a folder, not a file'],
      [['--note-file', 'note.txt', '--note', 'n'], '--note and --note-file both give the note: pass one of them'],
    ];
    if (process.getuid?.() !== 0) cases.push([['--note-file', 'secret.txt'], '--note-file secret.txt: cannot read it (permission denied)']);
    for (const [more, message] of cases) {
      const result = await runPdx(['-C', dir, 'evidence', 'add', ...flags, ...more], { cwd: outside });
      expect([result.code, result.stderr.split('\n')[0]], more.join(' ')).toEqual([2, `pdx: ${message}`]);
    }
    expect(evidenceFiles(dir, 'payouts')).toHaveLength(1);
  });

  it('--note - reads standard input; typed at a terminal, nothing else can be asked, and the note is kept until saved', async () => {
    const dir = await repo();
    const flags = ['--initiative', 'payouts', '--customer', 'C-1', '--source', 'interview'];
    expect((await runPdx(['evidence', 'add', ...flags, '--note', '-'], { cwd: dir, stdin: 'Piped in\nfrom a transcript\n' })).code).toBe(0);
    expect(read(dir, `discovery/evidence/payouts/${evidenceFiles(dir, 'payouts')[0]}`)).toContain('note: |-\n  Piped in\n  from a transcript\n');
    const empty = await runPdx(['evidence', 'add', ...flags, '--note', '-', '--id', 'x'], { cwd: dir, stdin: '' });
    expect([empty.code, empty.stderr]).toEqual([2, 'pdx: --note - (standard input) is empty\n']);

    // At a terminal: what is missing is named before a word is typed.
    const missing = await runPdx(['evidence', 'add', '--initiative', 'payouts', '--note', '-'], { cwd: dir, tty: [], stdin: 'never read' });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('missing required values: --customer, --source');
    expect(missing.stderr).toContain('with --note -, the terminal types it, so nothing else can be asked');
    // A write refused after the note was typed keeps it for the next evidence add.
    const refused = await runPdx(['evidence', 'add', ...flags, '--note', '-', '--id', 'typed'], { cwd: dir, tty: [], stdin: 'Typed at the terminal\n', env: { PDX_TEST_FAULT: 'fail@1' } });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('Type the note, then press Ctrl-D on a line of its own:');
    expect(draftOf(dir).answers).toEqual([{ question: Q.note, kind: 'text', answer: 'Typed at the terminal' }]);
  });
});

describe('every prompting command asks again, never exits, for an answer that turns out wrong', () => {
  it('hypothesis add: the kind comes from --supersedes or the kind fields; a first claim is needed; a bad price point is asked again', async () => {
    const dir = await repo();
    const kindless = await runPdx(['hypothesis', 'add', '--initiative', 'quotes', '--supersedes', 'quotes-pricing-2', '--statement', 'Per-load fee', '--claim', 'c'], { cwd: dir, tty: [] });
    expect(kindless.code, kindless.stderr).toBe(0);
    expect(read(dir, 'discovery/hypotheses/quotes/quotes-pricing-3.yaml')).toContain('kind: pricing');
    const bySegment = await runPdx(['hypothesis', 'add', '--initiative', 'payouts', '--segment', 'Carriers', '--statement', 's', '--claim', 'c'], { cwd: dir, tty: [] });
    expect(bySegment.code, bySegment.stderr).toBe(0);
    expect(read(dir, 'discovery/hypotheses/payouts/payouts-customer.yaml')).toContain('kind: customer');

    const result = await runPdx(['hypothesis', 'add', '--initiative', 'payouts', '--kind', 'pricing'], {
      cwd: dir,
      tty: [
        { ask: 'Statement:', answer: 'Carriers pay for instant payouts' },
        { ask: 'First claim', answer: [''] },
        { ask: 'First claim', answer: ['Carriers pay 2 percent', ''] },
        { ask: 'Price point', answer: ['Instant=2 percent of the payout', 'Free tier', ''] },
        { ask: 'Price point', answer: ['Next day=0 USD per payout', ''] },
        { ask: 'Save it?', answer: true },
      ],
    });
    expect(result.code, result.stderr).toBe(0);
    expect(result.questions!.filter((q) => q.error).map((q) => q.error)).toEqual(['an answer is needed', 'not NAME=AMOUNT UNIT, e.g. "Pay as you go=12 percent of carrier rate"']);
    expect(read(dir, 'discovery/hypotheses/payouts/payouts-pricing.yaml')).toMatch(/pricePoints:\n  - \{ name: Instant, amount: 2, unit: percent of the payout \}\n  - \{ name: Next day, amount: 0, unit: USD per payout \}\n/);

    const cases: [string[], string][] = [
      [['--initiative', 'quote'], 'did you mean `quotes`?'],
      [['--supersedes', 'quotes-customer', '--kind', 'pricing'], '--supersedes quotes-customer is a customer hypothesis, not pricing'],
      [['--segment', 'S', '--ltv', '3'], '--segment, --ltv are fields of different kinds of hypothesis (customer, revenue-engine)'],
      [['--kind', 'market', '--ltv', '3'], '--ltv is a field of revenue-engine hypotheses, not market'],
      [['--id', 'quotes-customer'], 'hypothesis id `quotes-customer` is already used'],
    ];
    for (const [flags, message] of cases) {
      const refused = await runPdx(['hypothesis', 'add', ...flags], { cwd: dir, tty: [] });
      expect(refused.stderr, flags.join(' ')).toContain(message);
      expect(refused.questions).toEqual([]);
    }
  });

  it('hypothesis add --statement-file, experiment conclude --observed-file and --learned -', async () => {
    const dir = await repo();
    writeFileSync(join(dir, 'statement.md'), 'Shippers will pay\nfor a firm price\n');
    expect((await runPdx(['hypothesis', 'add', '--initiative', 'payouts', '--kind', 'market', '--statement-file', 'statement.md', '--claim', 'c'], { cwd: dir })).code).toBe(0);
    expect(read(dir, 'discovery/hypotheses/payouts/payouts-market.yaml')).toContain('statement: |-\n  Shippers will pay\n  for a firm price\n');
    await pdx(dir, 'experiment', 'add', '--initiative', 'quotes', '--type', 'prototype', '--believe', 'b', '--verify', 'v', '--measure', 'm', '--right-if', 'r', '--start', '2026-11-20');
    writeFileSync(join(dir, 'observed.txt'), 'Seven of ten booked');
    const both = await runPdx(['experiment', 'conclude', 'quotes-prototype', '--result', 'validated', '--observed', '-', '--learned', '-', '--next', 'n'], { cwd: dir, stdin: 'x' });
    expect([both.code, both.stderr.split('\n')[0]]).toEqual([2, 'pdx: --observed - and --learned -: standard input can give only one of them']);
    const concluded = await runPdx(['experiment', 'conclude', 'quotes-prototype', '--result', 'validated', '--observed-file', 'observed.txt', '--learned', '-', '--next', 'Build it'], { cwd: dir, stdin: 'Price beats speed\n' });
    expect(concluded.code, concluded.stderr).toBe(0);
    expect(read(dir, 'discovery/experiments/quotes/quotes-prototype.yaml')).toMatch(/observed: Seven of ten booked\n\s+learned: Price beats speed\n/);
    // Concluded, it is refused before a question is asked.
    const again = await runPdx(['experiment', 'conclude', 'quotes-prototype'], { cwd: dir, tty: [] });
    expect([again.code, again.questions]).toEqual([2, []]);
    expect(again.stderr).toContain('experiment quotes-prototype is already concluded');
  });

  it('domain, OKR, paying customer and team member: the prompt refuses what the record would', async () => {
    const dir = await repo();
    await pdx(dir, 'domain', 'add', '--id', 'onboarding', '--name', 'Onboarding', '--purpose', 'p');
    const domain = await runPdx(['domain', 'add'], {
      cwd: dir,
      tty: [
        { ask: 'Domain id', answer: 'Shipper Onboarding' },
        { ask: 'Domain id', answer: 'onboarding' },
        { ask: 'Domain id', answer: 'billing' },
        { ask: 'Name:', answer: 'Billing' },
        { ask: 'Purpose', answer: 'Invoices' },
      ],
    });
    expect(domain.code, domain.stderr).toBe(0);
    expect(domain.questions!.map((q) => q.error).filter(Boolean)).toEqual(['lowercase letters and digits in words joined by single dashes, e.g. shipper-onboarding', 'domain id onboarding is already used']);
    const okr = await runPdx(['okr', 'add', '--domain', 'billing', '--objective', 'o'], { cwd: dir, tty: [{ ask: 'Period', answer: 'Q4 2026' }, { ask: 'Period', answer: '2026-Q4' }] });
    expect([okr.code, okr.questions![1]!.error]).toEqual([0, 'not a period such as 2026-Q4, 2026-H2, 2026-11 or 2026']);
    const customer = await runPdx(['customer', 'add', 'quotes', 'C-1'], { cwd: dir, tty: [{ ask: 'Paying since', answer: '2026-13-01' }, { ask: 'Paying since', answer: '2027-01-01' }, { ask: 'Paying since', answer: '2026-11-02' }] });
    expect(customer.code, customer.stderr).toBe(0);
    expect(customer.questions!.map((q) => q.error).filter(Boolean)).toEqual([expect.stringContaining('must be a real date written YYYY-MM-DD'), '2027-01-01 is after today (2026-12-01)']);
    const known = await runPdx(['customer', 'add', 'quotes', 'C-1'], { cwd: dir, tty: [] });
    expect([known.code, known.questions, known.stderr]).toEqual([2, [], 'pdx: C-1 is already a paying customer of quotes\n']);
    const asked = await runPdx(['customer', 'add', 'quotes', '--paying-since', '2026-11-03'], { cwd: dir, tty: [{ ask: 'Customer', answer: 'Jane Doe' }, { ask: 'Customer', answer: 'C-2' }] });
    expect([asked.code, asked.questions!.map((q) => q.error).filter(Boolean)]).toEqual([0, ['not a pseudonymous id: letters and digits, optionally joined by - or _, e.g. C-017']]);
    const unasked = await runPdx(['customer', 'add', 'quotes', '--paying-since', '2026-11-03'], { cwd: dir });
    expect([unasked.code, unasked.stderr.split('\n')[0]]).toEqual([2, 'pdx: missing a required value: the customer id (e.g. pdx customer add quotes C-017)']);
    await pdx(dir, 'team', 'add', 'quotes', '--name', 'Maya', '--role', 'designer');
    const team = await runPdx(['team', 'add', 'quotes', '--role', 'engineer'], { cwd: dir, tty: [{ ask: 'Name:', answer: 'Maya' }, { ask: 'Name:', answer: 'Ravi' }] });
    expect([team.code, team.questions![1]!.error]).toEqual([0, 'Maya is already on the team of quotes']);
    for (const args of [['team', 'add', 'quote'], ['idea', 'add', 'quote'], ['kr', 'add', 'billing-2026-q3']]) {
      const unknown = await runPdx(args, { cwd: dir, tty: [] });
      expect([unknown.code, unknown.questions], args.join(' ')).toEqual([2, []]);
    }
  });
});
