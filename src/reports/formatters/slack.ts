import { toJson } from '../../format/safe-text.js';
import type { ReportFormatter } from './index.js';
import { digestOf, ITEM_CAPS, moreText, type Digest, type DigestSection, type Line } from './digest.js';

/**
 * `pdx report --format slack`: the weekly digest as the body an incoming webhook takes
 * (`curl --data @digest.json`): `text`, the notification's words, and Block Kit `blocks`.
 * pdx sends nothing itself.
 */

/** The Block Kit this formatter writes: a subset of Slack's own types (`test/reports/chat.test.ts` holds it to `@slack/types`). */
export interface PlainText {
  type: 'plain_text';
  text: string;
  emoji: boolean;
}
export interface Mrkdwn {
  type: 'mrkdwn';
  text: string;
  verbatim: boolean;
}
export type SlackBlock = { type: 'header'; text: PlainText } | { type: 'section'; text: Mrkdwn } | { type: 'context'; elements: Mrkdwn[] } | { type: 'divider' };
export interface SlackMessage {
  text: string;
  blocks: SlackBlock[];
}

/** Slack's limits (docs.slack.dev, Block Kit reference): blocks in a message, a header's text, a section's text. */
export const SLACK_LIMITS = { blocks: 50, header: 150, section: 3000, contextElements: 10 } as const;
/**
 * The text of all blocks together: Slack refuses a message well below the 50 × 3000 the
 * per-block limits allow (`msg_blocks_too_long`, seen from about 13 000 characters), so the
 * digest keeps under this many.
 */
export const SLACK_TOTAL_CHARS = 12_000;

/**
 * Text for mrkdwn: `&`, `<` and `>` as entities, as Slack asks, so no text from the records can
 * make a mention (`<!channel>`, `<@U123>`) or a link (`<https://…|click>`). Control characters
 * were already shown escaped when the digest was made.
 */
const escapeMrkdwn = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

const line = (spans: Line) => spans.map((s) => (s.strong ? `*${escapeMrkdwn(s.text)}*` : escapeMrkdwn(s.text))).join('');

function sectionText(s: DigestSection): string {
  return [`*${escapeMrkdwn(s.title)}*`, ...(s.lead ? [escapeMrkdwn(s.lead)] : []), ...s.lines.map((l) => `• ${line(l)}`), ...(s.more > 0 ? [`_${escapeMrkdwn(moreText(s))}_`] : [])].join('\n');
}

/** A link for mrkdwn: the address (already an absolute http(s) URL) with `|` and the three entities escaped, so it cannot end early. */
const linkText = (url: string, label: string) => `<${escapeMrkdwn(url.replace(/\|/g, '%7C'))}|${escapeMrkdwn(label)}>`;

/** Text already made safe, cut to `max` UTF-16 units (what Slack counts) with `…`. */
const cut = (text: string, max: number) => (text.length <= max ? text : `${text.slice(0, max - 1).replace(/[\ud800-\udbff]$/, '')}…`);

const mrkdwn = (text: string): Mrkdwn => ({ type: 'mrkdwn', text, verbatim: true });

function slackMessage(d: Digest): SlackMessage {
  const context = [escapeMrkdwn(d.subtitle), ...(d.warning ? [`:warning: ${escapeMrkdwn(d.warning)}`] : [])];
  const blocks: SlackBlock[] = [
    { type: 'header', text: { type: 'plain_text', text: cut(d.title, SLACK_LIMITS.header), emoji: false } },
    { type: 'context', elements: context.map(mrkdwn) },
    ...d.sections.map((s): SlackBlock => ({ type: 'section', text: mrkdwn(sectionText(s)) })),
    ...(d.link ? ([{ type: 'divider' }, { type: 'context', elements: [mrkdwn(`Full report: ${linkText(d.link, 'open')}`)] }] satisfies SlackBlock[]) : []),
  ];
  return { text: escapeMrkdwn(`${d.title}: ${d.summary}`), blocks };
}

const blockChars = (b: SlackBlock) => (b.type === 'header' || b.type === 'section' ? b.text.text.length : b.type === 'context' ? b.elements.reduce((n, e) => n + e.text.length, 0) : 0);

/** Whether a message is inside Slack's limits. */
function fitsSlack(m: SlackMessage): boolean {
  return (
    m.blocks.length <= SLACK_LIMITS.blocks &&
    m.blocks.every((b) => (b.type === 'section' ? b.text.text.length <= SLACK_LIMITS.section : b.type === 'header' ? b.text.text.length <= SLACK_LIMITS.header : b.type === 'context' ? b.elements.length <= SLACK_LIMITS.contextElements : true)) &&
    m.blocks.reduce((n, b) => n + blockChars(b), 0) <= SLACK_TOTAL_CHARS
  );
}

export const formatSlack: ReportFormatter<string> = (r, options) => {
  let message: SlackMessage | undefined;
  // The longest lists that fit: fewer lines per section until the whole message is inside the limits.
  for (const maxItems of ITEM_CAPS) {
    message = slackMessage(digestOf(r, { link: options.link, maxItems }));
    if (fitsSlack(message)) break;
  }
  return `${toJson(message)}\n`;
};
