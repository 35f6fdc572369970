import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { localToday } from '../../src/cli/context.js';
import { runPdx, tempDir } from '../helpers.js';
import { hasTmux, Terminal } from '../tty.js';

/**
 * A new user's first session, in a real terminal (tmux) with the built binary: `pdx init` in an
 * empty folder, an initiative, a hypothesis and two pieces of evidence linked to a claim by
 * picking it (no id typed), a note interrupted with Ctrl-C and resumed with its words intact,
 * then `advance`. The steps share one repo and run in order; each is its own test, so that
 * none comes near its timeout on a loaded machine.
 */
describe.skipIf(!hasTmux)('a new user, from pdx init to advance, at a terminal', () => {
  const dir = tempDir('pdx-walkthrough-');
  const file = (path: string) => readFileSync(join(dir, path), 'utf8');
  const evidence = () => (existsSync(join(dir, 'discovery/evidence/instant-quotes')) ? readdirSync(join(dir, 'discovery/evidence/instant-quotes')).sort() : []);

  /** Runs `pdx args` in the terminal; `drive` types into it; returns the exit code and the last screen. */
  async function session(args: string[], drive: (t: Terminal) => Promise<void>): Promise<{ code: number; screen: string }> {
    rmSync(join(dir, '.pdx-test-exit'), { force: true });
    const terminal = new Terminal(dir, args);
    try {
      await drive(terminal);
      const code = await terminal.exitCode();
      return { code, screen: terminal.screen() };
    } finally {
      terminal.close();
      rmSync(join(dir, '.pdx-test-exit'), { force: true });
    }
  }

  /** Waits for the question, then types the answer and presses Enter. */
  async function answer(t: Terminal, question: string | RegExp, text: string): Promise<void> {
    await t.waitFor(question);
    if (text !== '') t.type(text);
    t.press('Enter');
  }

  it('pdx init asks the team name and makes the repo; initiative add asks its title and outcome', async () => {
    const init = await session(['init'], (t) => answer(t, 'Product team or organisation name', 'Acme Freight'));
    expect(init.code, init.screen).toBe(0);
    expect(file('pdx.yaml')).toContain('Acme Freight');
    expect(existsSync(join(dir, '.git'))).toBe(true);
    expect(file('.pdx/.gitignore')).toContain('drafts');

    const initiative = await session(['initiative', 'add'], async (t) => {
      await answer(t, 'Title of the initiative:', 'Instant quotes');
      await answer(t, 'Business outcome sought', 'Book a load in one sitting');
    });
    expect(initiative.code, initiative.screen).toBe(0);
    expect(file('discovery/initiatives/instant-quotes.yaml')).toMatch(/title: Instant quotes\n[\s\S]*objective: Book a load in one sitting\n[\s\S]*stage: immersion\n/);
  });

  it('hypothesis add walks through kind, statement, claims and segments, shows the record and saves it', async () => {
    const { code, screen } = await session(['hypothesis', 'add'], async (t) => {
      await answer(t, 'Initiative:', '');
      await answer(t, 'Kind:', '');
      await answer(t, 'Statement:', 'Small shippers lose a day to every quote');
      await answer(t, 'First claim', 'They quote by phone');
      await answer(t, 'Another claim', 'A day is lost per load');
      await t.waitFor(/Another claim[^\n]*\n[^\n]*Another claim/);
      t.press('Enter');
      await answer(t, 'Customer segment', 'Furniture makers');
      await t.waitFor(/Another segment/);
      t.press('Enter');
      await answer(t, 'Save it?', '');
    });
    expect(code, screen).toBe(0);
    expect(file('discovery/hypotheses/instant-quotes/instant-quotes-customer.yaml')).toMatch(
      /kind: customer\nstatement: Small shippers lose a day to every quote\n[\s\S]*claims:\n  - \{ id: c1, text: They quote by phone \}\n  - \{ id: c2, text: A day is lost per load \}\n[\s\S]*segments:\n  - Furniture makers\n/,
    );
  });

  it('evidence add links the note to a claim picked by its text', async () => {
    const { code, screen } = await session(['evidence', 'add'], async (t) => {
      await answer(t, 'Initiative:', '');
      await answer(t, 'Customer (pseudonymous id', 'C-017');
      await answer(t, 'Source:', '');
      await answer(t, 'What did you see or hear?', 'Calls three brokers for every load');
      expect(await t.waitFor('Which hypothesis does it bear on?')).toContain('customer: Small shippers lose a day to every quote');
      t.press('Enter');
      const claims = await t.waitFor('Which of its claims?');
      expect(claims).toContain('They quote by phone');
      expect(claims).toContain('A day is lost per load');
      t.press('Enter');
      await answer(t, 'Does it support or refute the claim?', '');
      // The customer hypothesis names a segment, and an interview has the customer's own words.
      expect(await t.waitFor('Which customer segment are they in?')).toContain('Furniture makers');
      t.press('Enter');
      await answer(t, 'Their own words, verbatim', 'I ring three brokers, every single load');
    });
    expect(code, screen).toBe(0);
    const [first] = evidence();
    expect(file(`discovery/evidence/instant-quotes/${first}`)).toMatch(/customer: C-017\n# .*\nsegment: Furniture makers\nhypothesis: instant-quotes-customer\nclaim: c1\n.*\nverdict: supports\n(?:by: .*\n)?note: Calls three brokers for every load\n/);
    expect(file(`discovery/evidence/instant-quotes/${first}`)).toMatch(/segment: Furniture makers\n[\s\S]*quote: I ring three brokers, every single load\n/);
  });

  it('Ctrl-C halfway through a note keeps the words; the next evidence add resumes them intact', async () => {
    const stopped = await session(['evidence', 'add'], async (t) => {
      await answer(t, 'Initiative:', '');
      await answer(t, 'Customer (pseudonymous id', 'C-018');
      await answer(t, 'Source:', '');
      await t.waitFor('What did you see or hear?');
      t.type('They said the quote took two days');
      await t.waitFor('They said the quote took two days');
      t.press('C-c');
    });
    expect(stopped.code).toBe(130);
    expect(stopped.screen).toContain('pdx: interrupted; your answers are kept in .pdx/drafts/evidence-add.json — run pdx evidence add to resume');
    expect(evidence()).toHaveLength(1);

    const resumed = await session(['evidence', 'add'], async (t) => {
      await answer(t, /Resume the evidence you started at \d\d:\d\d \(C-018, "They said the quote took two…"\)\?/, '');
      await answer(t, 'Initiative:', '');
      // The answers are back on their lines: Enter keeps them, typing goes on from the end.
      await t.waitFor(/Customer \(pseudonymous id, e\.g\. C-017\): C-018/);
      t.press('Enter');
      await answer(t, 'Source:', '');
      await t.waitFor(/What did you see or hear\? They said the quote took two days/);
      t.type(', so they booked elsewhere');
      t.press('Enter');
      await answer(t, 'Which hypothesis does it bear on?', '');
      await t.waitFor('Which of its claims?');
      t.press('Down', 'Enter');
      await t.waitFor('Does it support or refute the claim?');
      t.press('Enter');
      await answer(t, 'Which customer segment are they in?', '');
      await answer(t, 'Their own words, verbatim', '');
    });
    expect(resumed.code, resumed.screen).toBe(0);
    const second = evidence().find((name) => name.includes('c-018'))!;
    expect(file(`discovery/evidence/instant-quotes/${second}`)).toMatch(/customer: C-018\n# .*\nsegment: Furniture makers\nhypothesis: instant-quotes-customer\nclaim: c2\n.*\nverdict: supports\n(?:by: .*\n)?note: They said the quote took two days, so they booked elsewhere\n/);
    expect(readdirSync(join(dir, '.pdx/drafts'))).toEqual(['.gitignore']);
  });

  it('status says where the initiative is and, for each thing its next gate lacks, the command that supplies it', async () => {
    const status = await session(['status'], async () => {});
    expect(status.code, status.screen).toBe(0);
    expect(status.screen).toMatch(/instant-quotes +immersion for 0 days +epiphany needs 2 things/);
    expect(status.screen).toMatch(/✗ ideas +0 ideas recorded, of 3 needed\n +→ pdx idea add instant-quotes --text "…"/);
    expect(status.screen).toMatch(/✗ immersion +2 evidence records logged, of 5 needed\n +→ pdx evidence add --initiative instant-quotes/);
  });

  it('advance shows what the gate lacks and changes nothing', async () => {
    const early = await session(['advance', 'instant-quotes'], async () => {});
    expect(early.code, early.screen).toBe(1);
    expect(early.screen).toMatch(/0 ideas recorded, of 3 needed/);
    expect(early.screen).toMatch(/2 evidence records logged, of 5 needed/);
    expect(file('discovery/initiatives/instant-quotes.yaml')).toContain('stage: immersion');
  });

  // Logged by flags, as a script would; the binary takes the calendar's today, so these do too.
  const today = localToday();

  it('three ideas and three more interviews are logged by flags', async () => {
    for (const text of ['Quote from a photo', 'Book with the quote', 'Compare three carriers']) {
      expect((await runPdx(['idea', 'add', 'instant-quotes', '--text', text], { cwd: dir, today })).code).toBe(0);
    }
    for (const customer of ['C-019', 'C-020', 'C-021']) {
      expect((await runPdx(['evidence', 'add', '--initiative', 'instant-quotes', '--customer', customer, '--source', 'interview', '--note', 'Quotes by phone'], { cwd: dir, today })).code).toBe(0);
    }
    expect(evidence()).toHaveLength(5);
  });

  it('advance then moves the initiative to epiphany', async () => {
    const moved = await session(['advance', 'instant-quotes'], async () => {});
    expect(moved.code, moved.screen).toBe(0);
    expect(file('discovery/initiatives/instant-quotes.yaml')).toMatch(new RegExp(`stage: epiphany\n[\\s\\S]*history:\n  - \\{ stage: immersion, date: ${today}(?:, by: [^}]*)? \\}\n  - \\{ stage: epiphany, date: ${today}\\b`));
    expect((await runPdx(['validate'], { cwd: dir, today })).code).toBe(0);
  });
});
