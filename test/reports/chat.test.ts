import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { KnownBlock } from '@slack/types';
import { describe, expect, it } from 'vitest';
import type { Report } from '../../src/reports/build.js';
import { formatSlack, SLACK_LIMITS, SLACK_TOTAL_CHARS, type SlackBlock, type SlackMessage } from '../../src/reports/formatters/slack.js';
import { formatTeams, TEAMS_MAX_BYTES, type TeamsMessage } from '../../src/reports/formatters/teams.js';
import { EXAMPLES, PROJECT, runPdx } from '../helpers.js';

/** Each of pdx's blocks is one of Slack's own (`@slack/types`, from Slack's Node SDK): a wrong type or field name fails the typecheck. */
type Assignable<A, B> = [A] extends [B] ? true : false;
const blocksAreSlacks: Assignable<SlackBlock, KnownBlock> = true;

const EXAMPLE: Report = JSON.parse(readFileSync(join(PROJECT, 'test/fixtures/report-examples.json'), 'utf8'));
const OPTIONS = { color: false, width: 80 };

const HOSTILE_TEXT = ['<!channel> ping', '<https://evil.example|click here>', '[click](https://evil.example)', '**bold** _it_ `code`', '<at>Boss</at>', 'bell\x07 esc\x1b[31m rtl\u202e zw\u200b & amp'].join(' · ');
const LONG = 'x'.repeat(10_000);

/** The examples' report turned hostile: 200 initiatives moving, stale and not ready, every text a trap, some 10 000 characters long. */
function hostile(): Report {
  const r = structuredClone(EXAMPLE);
  const ids = Array.from({ length: 200 }, (_, i) => `initiative-${String(i).padStart(3, '0')}`);
  r.name = `${HOSTILE_TEXT} ${LONG}`;
  r.problems = [{ file: 'a.yaml', severity: 'error', code: 'x', message: HOSTILE_TEXT }];
  r.stageMoves = ids.map((id, i) => ({ initiative: id, from: 'immersion', to: 'epiphany', date: `2026-11-${String(1 + (i % 27)).padStart(2, '0')}`, by: i % 2 ? HOSTILE_TEXT : LONG, pivot: false, forced: i % 3 === 0 }));
  r.whatWeHeard.claimsChanged = ids.map((id, i) => ({ initiative: id, hypothesis: `${id}-customer`, claim: 'c1', text: i % 2 ? HOSTILE_TEXT : `${HOSTILE_TEXT} ${LONG}`, before: 0, after: 1 }));
  r.stale.experiments = ids.map((id) => ({ id: `${id}-x`, owner: id, started: '2026-10-01', plannedDays: 10, daysRunning: 57 }));
  r.stale.hypotheses = ids.map((id) => ({ id: `${id}-h`, lastEvidence: null, days: null }));
  r.gateReadiness = ids.map((id, i) => ({ initiative: id, stage: 'immersion', next: 'epiphany', ready: i % 4 === 0, missing: i % 4 === 0 ? [] : [`${HOSTILE_TEXT} ${LONG}`] }));
  return r;
}

const slack = async (r: Report, link?: string) => JSON.parse(await formatSlack(r, { ...OPTIONS, link })) as SlackMessage;
const teams = async (r: Report, link?: string) => JSON.parse(await formatTeams(r, { ...OPTIONS, link })) as TeamsMessage;
const texts = (m: SlackMessage) => m.blocks.flatMap((b) => (b.type === 'header' || b.type === 'section' ? [b.text.text] : b.type === 'context' ? b.elements.map((e) => e.text) : []));

/** Every limit of Slack's Block Kit reference that the digest's blocks are subject to. */
function expectInsideSlackLimits(m: SlackMessage) {
  expect(Object.keys(m).sort()).toEqual(['blocks', 'text']);
  expect(m.text.length).toBeGreaterThan(0);
  expect(m.blocks.length).toBeLessThanOrEqual(SLACK_LIMITS.blocks);
  for (const b of m.blocks) {
    if (b.type === 'header') {
      expect(b.text.type).toBe('plain_text');
      expect(b.text.text.length).toBeLessThanOrEqual(150);
    } else if (b.type === 'section') {
      expect(b.text.type).toBe('mrkdwn');
      expect(b.text.text.length).toBeGreaterThan(0);
      expect(b.text.text.length).toBeLessThanOrEqual(3000);
    } else if (b.type === 'context') {
      expect(b.elements.length).toBeGreaterThan(0);
      expect(b.elements.length).toBeLessThanOrEqual(10);
    } else expect(b.type).toBe('divider');
  }
  expect(texts(m).join('').length).toBeLessThanOrEqual(SLACK_TOTAL_CHARS);
}

/** No mention, channel ping, link or raw control character can come from the records: the only `<` in mrkdwn is pdx's own link. */
function expectNoInjection(m: SlackMessage, link?: string) {
  // The header is plain_text, which Slack never reads as mrkdwn: the rest is.
  const all = [m.text, ...texts(m).slice(1)].join('\n');
  const angles = all.match(/<[^>]*>/g) ?? [];
  expect(angles).toEqual(link ? [expect.stringMatching(/^<https:\/\/ci\.example\/[^<>|]*\|open>$/)] : []);
  expect(all).not.toMatch(/[\x00-\x09\x0b-\x1f\x7f\u202e\u200b]/);
  expect(all).toContain('&lt;!channel&gt;');
  expect(all).toContain('&lt;https://evil.example|click here&gt;');
  expect(all).toContain('\\e[31m');
  expect(all).toContain('\\u202e');
  expect(all).toMatch(/&amp; amp/);
}

describe('report --format slack', () => {
  it("is a webhook body of Slack's own block types: the examples' pace per measure, moves newest first, learnings, stale work and readiness", async () => {
    expect(blocksAreSlacks).toBe(true);
    const m = await slack(EXAMPLE);
    expectInsideSlackLimits(m);
    expect(m.blocks.map((b) => b.type)).toEqual(['header', 'context', 'section', 'section', 'section', 'section', 'section']);
    expect(m.blocks[0]).toEqual({ type: 'header', text: { type: 'plain_text', text: 'Discovery digest — Harbor Freight — product team', emoji: false } });
    const [pace, moves, learned, stale, gates] = texts(m).slice(2);
    // One line per measure, each against its own target: no figure summed across measures.
    expect(pace!.split('\n').slice(2)).toEqual([
      expect.stringMatching(/^• \*A\/B tests\* \(3 teams\): [\d.]+ each vs target 20;/),
      expect.stringMatching(/^• \*Prototype iterations\* \(1 team\): [\d.]+ each vs target 3;/),
      expect.stringMatching(/^• \*Customer touchpoints\* \(5 teams\): [\d.]+ each vs target 3;/),
    ]);
    expect(moves!.split('\n').slice(1, 3)).toEqual(['11 stage moves and 1 handoff since 2026-09-07:', '• *quotes-api*: new, in immersion on 2026-11-16, by Jonas Berg']);
    expect(moves).toContain('• *tracking-links*: handed off to shipment-visibility on ');
    expect(moves).toMatch(/\n_…and \d+ more \(pdx log\)_$/);
    expect(learned).toContain('Claims: 25 supported, 6 refuted, 5 untested.');
    expect(learned).toContain('• *cargo-protection-revenue-engine c1* ↓ *0 → -1*: One booking in four adds cover.');
    expect(stale).toMatch(/^\*What is stale\*\n• \*dock-slot-booking/);
    expect(gates).toMatch(/^\*Gate readiness\*\n1 of 6 ready for their next stage: carrier-payouts\.\n• \*cargo-protection\* \(validation → prototyping\): 3 rules to meet/);
    expect(m.text).toMatch(/^Discovery digest — Harbor Freight — product team: 11 stage moves since 2026-09-07; \d+ stale items; 1 of 6 ready/);
  });

  it('links the full report only when --link gives it, the address unable to end the link early', async () => {
    const m = await slack(EXAMPLE, 'https://ci.example/runs/42?a=1&b=%3Cx%3E%7Cy');
    expect(m.blocks.slice(-2)).toEqual([{ type: 'divider' }, { type: 'context', elements: [{ type: 'mrkdwn', text: 'Full report: <https://ci.example/runs/42?a=1&amp;b=%3Cx%3E%7Cy|open>', verbatim: true }] }]);
    expectInsideSlackLimits(m);
  });

  it('keeps a hostile repo of 200 initiatives inside every limit, cut with "…and N more", with no mention, link or control character from the records', async () => {
    const link = 'https://ci.example/runs/42';
    const m = await slack(hostile(), link);
    expectInsideSlackLimits(m);
    expectNoInjection(m, link);
    expect(texts(m).filter((t) => /…and \d+ more/.test(t)).length).toBeGreaterThanOrEqual(4);
    const moves = texts(m).find((t) => t.startsWith('*Who moved stage*'))!;
    // 200 moves and the examples' one handoff: the lines shown plus the ones counted make 201.
    const shown = moves.split('\n').filter((l) => l.startsWith('• ')).length;
    expect(Number(/…and (\d+) more/.exec(moves)![1]) + shown).toBe(201);
    const header = m.blocks[0]!;
    expect(header.type === 'header' && header.text.text.length <= 150 && header.text.text.endsWith('…')).toBe(true);
  });

  it('shows fewer lines per list when escaping makes eight too long for a section: "<" becomes "&lt;"', async () => {
    const r = hostile();
    r.whatWeHeard.claimsChanged = r.whatWeHeard.claimsChanged.map((c) => ({ ...c, text: '<'.repeat(10_000) }));
    const m = await slack(r);
    expectInsideSlackLimits(m);
    const learned = texts(m).find((t) => t.startsWith('*What we learned*'))!;
    const shown = learned.split('\n').filter((l) => l.startsWith('• ')).length;
    // Eight clipped lines of 160 characters, each `<` written as four, are over 3,000.
    expect(shown).toBeGreaterThan(0);
    expect(shown).toBeLessThan(8);
    expect(learned).toContain('&lt;&lt;');
  });
});

describe('report --format teams', () => {
  it("is the webhook's message envelope around an Adaptive Card, with the examples' sections", async () => {
    const m = await teams(EXAMPLE, 'https://ci.example/runs/42');
    expect(m.type).toBe('message');
    expect(m.attachments).toHaveLength(1);
    expect(m.attachments[0]).toMatchObject({ contentType: 'application/vnd.microsoft.card.adaptive', contentUrl: null });
    const card = m.attachments[0].content;
    expect(card).toMatchObject({ type: 'AdaptiveCard', version: '1.4', $schema: 'http://adaptivecards.io/schemas/adaptive-card.json', actions: [{ type: 'Action.OpenUrl', title: 'Full report', url: 'https://ci.example/runs/42' }] });
    expect(card.body.filter((e) => e.type === 'TextBlock').map((e) => e.type === 'TextBlock' && e.text)).toEqual(['Pace per week', 'Who moved stage', 'What we learned', 'What is stale', 'Gate readiness']);
    expect((await teams(EXAMPLE)).attachments[0].content).not.toHaveProperty('actions');
  });

  it('keeps a hostile repo under the size limit, every record text in a TextRun (never Markdown), control characters shown escaped', async () => {
    const json = await formatTeams(hostile(), OPTIONS);
    expect(Buffer.byteLength(json)).toBeLessThanOrEqual(TEAMS_MAX_BYTES);
    expect(TEAMS_MAX_BYTES).toBeLessThan(28 * 1024);
    const card = (JSON.parse(json) as TeamsMessage).attachments[0].content;
    // A TextBlock's text is Markdown to Teams: only pdx's own five titles are in one.
    expect(card.body.filter((e) => e.type === 'TextBlock').map((e) => e.type === 'TextBlock' && e.text)).toEqual(['Pace per week', 'Who moved stage', 'What we learned', 'What is stale', 'Gate readiness']);
    const runs = card.body.flatMap((e) => (e.type === 'RichTextBlock' ? e.inlines.map((i) => i.text) : [])).join('\n');
    expect(runs).toContain('[click](https://evil.example)');
    expect(runs).toContain('\\e[31m');
    expect(runs).not.toMatch(/[\x00-\x09\x0b-\x1f\x7f\u202e\u200b]/);
    expect(json).not.toMatch(/[\x7f\u202e\u200b]/);
    expect(runs).toMatch(/…and \d+ more \(pdx log\)/);
  });
});

const CHROMIUM = '/usr/bin/chromium';
/** Without a browser the card test is skipped on a developer's machine, never in CI (`.ci/run` installs chromium and sets PDX_CI). */
const NO_BROWSER = !existsSync(CHROMIUM) && !process.env.PDX_CI;

describe.skipIf(NO_BROWSER)("the Teams card in Microsoft's Adaptive Cards renderer (headless Chromium)", () => {
  it('parses with no validation event, renders every section, and runs no record text through Markdown', async () => {
    const cards = [(await teams(EXAMPLE, 'https://ci.example/runs/42')).attachments[0].content, (await teams(hostile())).attachments[0].content];
    const { chromium } = await import('playwright-core');
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--headless', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'] });
    try {
      const page = await browser.newPage();
      await page.setContent('<!doctype html><html><body></body></html>');
      await page.addScriptTag({ path: join(PROJECT, 'node_modules/adaptivecards/dist/adaptivecards.min.js') });
      // Every text the renderer sends to Markdown is marked, so what reached it can be seen in the page.
      const seen = (await page.evaluate(`((all) => {
        const AC = globalThis.AdaptiveCards;
        const markdown = [];
        AC.AdaptiveCard.onProcessMarkdown = (text, result) => {
          markdown.push(text);
          result.outputHtml = \`<span class="md">\${text.replace(/[&<>]/g, '')}</span>\`;
          result.didProcess = true;
        };
        return all.map((json) => {
          const card = new AC.AdaptiveCard();
          const context = new AC.SerializationContext();
          card.parse(json, context);
          const events = Array.from({ length: context.eventCount }, (_, i) => context.getEventAt(i).message);
          const validation = card.validateProperties().validationEvents.map((e) => e.message);
          const element = card.render();
          document.body.appendChild(element);
          return { events, validation, markdown: [...markdown.splice(0)], text: element.innerText, links: element.querySelectorAll('a').length, buttons: [...element.querySelectorAll('button')].map((b) => b.textContent) };
        });
      })(${JSON.stringify(cards)})`)) as { events: string[]; validation: string[]; markdown: string[]; text: string; links: number; buttons: string[] }[];
      for (const card of seen) {
        expect(card.events).toEqual([]);
        expect(card.validation).toEqual([]);
        expect(card.markdown).toEqual(['Pace per week', 'Who moved stage', 'What we learned', 'What is stale', 'Gate readiness']);
        expect(card.links).toBe(0);
      }
      expect(seen[0]!.text).toContain('quotes-api: new, in immersion on 2026-11-16, by Jonas Berg');
      expect(seen[0]!.buttons).toEqual(['Full report']);
      expect(seen[1]!.text).toContain('[click](https://evil.example)');
      expect(seen[1]!.text).toContain('<!channel> ping');
    } finally {
      await browser.close();
    }
  });
});

describe('pdx report --format slack|teams', () => {
  it('prints the digest of the examples, and refuses a --link that is no http(s) address or is given to another format', async () => {
    const ok = await runPdx(['-C', EXAMPLES, 'report', '--format', 'slack', '--as-of', '2026-11-27', '--link', 'https://ci.example/runs/1']);
    expect(ok.code).toBe(0);
    expectInsideSlackLimits(JSON.parse(ok.stdout));
    const card = await runPdx(['-C', EXAMPLES, 'report', '--format', 'teams', '--as-of', '2026-11-27']);
    expect(card.code).toBe(0);
    expect(JSON.parse(card.stdout).attachments[0].content.type).toBe('AdaptiveCard');
    for (const [args, message] of [
      [['--format', 'slack', '--link', 'javascript:alert(1)'], 'pdx: --link "javascript:alert(1)" is not an http or https address'],
      [['--format', 'teams', '--link', 'ci/runs/1'], 'pdx: --link "ci/runs/1" is not an address: give an absolute http or https URL'],
      [['--format', 'html', '--link', 'https://ci.example/'], 'pdx: --link is for --format slack or teams, not html'],
    ] as const) {
      const bad = await runPdx(['-C', EXAMPLES, 'report', ...args]);
      expect(bad.code, bad.stderr).toBe(2);
      expect(bad.stdout).toBe('');
      expect(bad.stderr).toContain(message);
    }
  });
});
