import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import stringWidth from 'string-width';
import { beforeAll, describe, expect, it } from 'vitest';
import { escapeTroubles, plain } from '../ansi.js';
import { runPdx, tempDir, writeTree } from '../helpers.js';
import { hasTmux, Terminal } from '../tty.js';

// A repo whose titles and values are CJK and emoji, wide in a terminal (two columns a
// character) and longer in UTF-16 than on screen: what a `.length`-measured table cuts short.
const CJK_TITLE = '即時見積もり・小口貨物 for small shippers';
const EMOJI_TITLE = '🚚 Freight for owner-operators';
const FILES = {
  'pdx.yaml': 'version: 1\nname: 港湾 Freight — 🚚 team\n',
  'discovery/initiatives/instant-quotes.yaml': [
    'id: instant-quotes',
    `title: ${CJK_TITLE}`,
    'objective: 小口の荷主が一度の操作で混載貨物を予約できる, in one sitting instead of waiting two days for a quote',
    'risk: market',
    'stage: hypothesis',
    'team:',
    '  - { name: 佐藤 花子, role: product-manager }',
    '  - { name: Jonas Berg 🎨, role: designer }',
    'history:',
    '  - { stage: immersion, date: 2026-01-05, by: 佐藤 花子 }',
    '  - { stage: epiphany, date: 2026-01-19, by: 佐藤 花子, reason: 荷主は最安値より即時の確定価格を選ぶ }',
    '  - { stage: hypothesis, date: 2026-02-02, by: 佐藤 花子 }',
    'ideas:',
    '  - { text: 見積もりを一分以内に, date: 2026-01-06 }',
    'epiphany: 荷主は最安値より即時の確定価格を選ぶ — a firm price in under a minute beats a cheaper one tomorrow',
    '',
  ].join('\n'),
  'discovery/initiatives/freight.yaml': [
    'id: freight',
    `title: ${EMOJI_TITLE}`,
    'objective: Owner-operators 👩‍🔧 get paid the same day',
    'risk: technical',
    'stage: epiphany',
    'team: []',
    'history:',
    '  - { stage: immersion, date: 2026-01-12 }',
    '  - { stage: epiphany, date: 2026-03-02 }',
    'ideas: []',
    '',
  ].join('\n'),
  'discovery/hypotheses/instant-quotes/instant-quotes-customer.yaml': [
    'id: instant-quotes-customer',
    'initiative: instant-quotes',
    'kind: customer',
    'statement: 小口の荷主は見積もりを二日も待てない',
    'status: testing',
    'created: 2026-02-03',
    'claims:',
    '  - { id: c1, text: 荷主は見積もりを即時に欲しい }',
    '',
  ].join('\n'),
  'discovery/experiments/instant-quotes/iq-concierge.yaml': [
    'id: iq-concierge',
    'title: 手作業の即時見積もり',
    'initiative: instant-quotes',
    'type: concierge',
    'hypotheses: [instant-quotes-customer]',
    'testCard: { believe: 荷主は即時の価格で予約する, verify: 十社に手作業で見積もる, measure: 予約の数, rightIf: 十社中五社が予約する }',
    'status: running',
    'started: 2026-02-09',
    'plannedDays: 10',
    '',
  ].join('\n'),
};
const AS_OF = '2026-03-16';

/** The lines wider than `width` terminal columns. */
const tooWide = (lines: string[], width: number) => lines.filter((line) => stringWidth(plain(line)) > width);

let dir = '';
beforeAll(() => {
  dir = tempDir();
  writeTree(dir, FILES);
});

/** What each command must show whole, and the flag it marks in text: checked at every width. */
const SHOWS: Record<string, { args: string[]; words: string; marks?: RegExp }> = {
  report: { args: ['report', '--as-of', AS_OF], words: 'instant-quotes freight 港湾 🚚', marks: /! instant-quotes/ },
  'initiative list': { args: ['initiative', 'list'], words: `${CJK_TITLE} ${EMOJI_TITLE}` },
  'initiative show': { args: ['initiative', 'show', 'instant-quotes'], words: `${CJK_TITLE} 佐藤 花子 Jonas Berg 🎨` },
  'hypothesis list': { args: ['hypothesis', 'list'], words: 'instant-quotes-customer instant-quotes customer testing' },
};

describe.skipIf(!hasTmux)('tables and text at a colour terminal', () => {
  for (const width of [40, 80, 120, 200]) {
    describe(`${width} columns`, () => {
      for (const [name, { args, words, marks }] of Object.entries(SHOWS)) {
        it(`${name}: no escape sequence cut or left open, no line wider than the terminal, CJK and emoji whole`, async () => {
          // One terminal a command: each test stays short on a loaded machine.
          const terminal = new Terminal(dir, args, { width, height: 50, color: true, record: true });
          try {
            expect(await terminal.exitCode()).toBe(0);
            // Every byte pdx wrote, as the terminal received it.
            const output = await terminal.output();
            expect(output).toMatch(/\x1b\[1m/);
            expect(escapeTroubles(output)).toEqual([]);
            expect(tooWide(output.split(/\r?\n/), width)).toEqual([]);
            // What the terminal shows, lines it had to wrap joined again: no fragment of an escape
            // sequence shown as text, no line too wide, nothing cut off with an ellipsis. (Balance
            // is checked on the bytes above: tmux's own capture with -e does not close a colour
            // at the end of a line, but carries it to the next.)
            const screen = terminal.history();
            expect(screen).not.toMatch(/\[[0-9;]*m|\b(?:22|39|90)m\b|\\e\[/);
            expect(tooWide(screen.split('\n'), width)).toEqual([]);
            expect(screen.replaceAll('"…"', '')).not.toContain('…');
            // Every word is on screen whole (a line may break after a hyphen, and a run of CJK
            // wider than its column anywhere: it reads on across the line break).
            const text = screen.replace(/[│┌┐└┘├┤┬┴┼─]/g, ' ');
            const squashed = text.replace(/\s+/g, '');
            for (const word of words.split(/ |(?<=-)/)) expect(stringWidth(word) > word.length ? squashed : text).toContain(word);
            // Where a title fits its cell, it is on one line.
            if (name === 'initiative list' && width >= 120) {
              expect(screen).toContain(`│ ${CJK_TITLE} `);
              expect(screen).toContain(`│ ${EMOJI_TITLE} `);
            }
            if (marks) expect(screen).toMatch(marks);
          } finally {
            terminal.close();
          }
        });
      }
    });
  }
});

describe('the same commands piped', () => {
  it('print no escape sequence at all, with FORCE_COLOR unset, and whole lines whatever their length', async () => {
    for (const args of [...Object.values(SHOWS).map((show) => show.args), ['experiment', 'list']]) {
      const result = await runPdx(args, { cwd: dir, env: { NO_COLOR: undefined, FORCE_COLOR: undefined } });
      expect(result.code).toBe(0);
      expect(result.stdout).not.toContain('\x1b');
      expect(result.stdout.replaceAll(`"…"`, "")).not.toContain("…");
    }
    const list = await runPdx(['initiative', 'list'], { cwd: dir, env: { NO_COLOR: undefined } });
    expect(list.stdout).toMatch(new RegExp(`│ ${CJK_TITLE} +│`));
    const report = await runPdx(['report', '--as-of', AS_OF], { cwd: dir });
    // Past its stage's threshold, marked by `!` where colour is not there to do it.
    expect(report.stdout).toMatch(/│ ! instant-quotes +│ hypothesis +│ 2026-02-02 │ 42 +│ 30 +│/);
    expect(report.stdout).toMatch(/│ freight +│ epiphany +│ 2026-03-02 │ 14 +│ 30 +│/);
  });
});

describe('report --out at a narrow terminal', () => {
  it('writes the tables whole, one line a row, without colour: a file has no width', async () => {
    const result = await runPdx(['report', '--as-of', AS_OF, '--out', 'report.txt'], { cwd: dir, tty: [], columns: 40, env: { NO_COLOR: undefined } });
    expect(result.code).toBe(0);
    const text = readFileSync(join(dir, 'report.txt'), 'utf8');
    expect(text).not.toContain('\x1b');
    expect(text).toMatch(/│ ! instant-quotes +│ hypothesis +│ 2026-02-02 │ 42 +│ 30 +│/);
  });
});

describe('experiment list at a terminal', () => {
  it('says `running (overdue)` of an experiment past its planned days, in colour and in text, at any width', async () => {
    for (const columns of [40, 80, 120]) {
      const result = await runPdx(['experiment', 'list'], { cwd: dir, tty: [], columns, env: { NO_COLOR: undefined }, today: AS_OF });
      expect(result.code).toBe(0);
      expect(escapeTroubles(result.stdout)).toEqual([]);
      expect(tooWide(result.stdout.split('\n'), columns)).toEqual([]);
      expect(result.stdout).toContain('\x1b[33mrunning (overdue)\x1b[39m');
    }
    // Not yet overdue on its tenth day.
    const early = await runPdx(['experiment', 'list'], { cwd: dir, today: '2026-02-19' });
    expect(early.stdout).toMatch(/│ running +│/);
  });
});
