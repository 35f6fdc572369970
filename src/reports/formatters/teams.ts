import { toJson } from '../../format/safe-text.js';
import type { ReportFormatter } from './index.js';
import { digestOf, ITEM_CAPS, moreText, type Digest, type Line, type Span } from './digest.js';

/**
 * `pdx report --format teams`: the weekly digest as the body a Teams webhook takes (a Workflows
 * "post to a channel when a webhook request is received" flow, or an old incoming-webhook
 * connector): a message with one Adaptive Card attachment. pdx sends nothing itself.
 *
 * Text from the records is only ever in `TextRun`s of a `RichTextBlock`, which no host reads as
 * Markdown: a hypothesis saying `[click](https://…)` or `**bold**` shows those characters. pdx's
 * own section titles are `TextBlock`s (no record text in them).
 */

export const CARD_VERSION = '1.4';
export const CARD_SCHEMA = 'http://adaptivecards.io/schemas/adaptive-card.json';
/**
 * Teams refuses a webhook message over about 28 KB (HTTP 413), and others found it lower in
 * practice: the digest keeps its whole body under this many bytes of JSON.
 */
export const TEAMS_MAX_BYTES = 20_000;

interface TextRun {
  type: 'TextRun';
  text: string;
  weight?: 'Bolder';
  size?: 'Large' | 'Medium';
  italic?: boolean;
  isSubtle?: boolean;
  color?: 'Attention';
}
type CardElement =
  | { type: 'RichTextBlock'; inlines: TextRun[]; spacing?: 'Small' | 'None' }
  | { type: 'TextBlock'; text: string; weight: 'Bolder'; size: 'Medium'; wrap: true; separator: true; spacing: 'Medium' };
export interface AdaptiveCard {
  type: 'AdaptiveCard';
  version: typeof CARD_VERSION;
  $schema: typeof CARD_SCHEMA;
  body: CardElement[];
  actions?: { type: 'Action.OpenUrl'; title: string; url: string }[];
  msteams: { width: 'Full' };
}
export interface TeamsMessage {
  type: 'message';
  attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive'; contentUrl: null; content: AdaptiveCard }];
}

const run = (s: Span, extra: Partial<TextRun> = {}): TextRun => ({ type: 'TextRun', text: s.text, ...(s.strong ? { weight: 'Bolder' } : {}), ...extra });
const rich = (inlines: TextRun[], spacing?: 'Small' | 'None'): CardElement => ({ type: 'RichTextBlock', inlines, ...(spacing ? { spacing } : {}) });
const bullet = (l: Line) => rich([{ type: 'TextRun', text: '• ' }, ...l.map((s) => run(s))], 'Small');

function teamsMessage(d: Digest): TeamsMessage {
  const body: CardElement[] = [
    rich([{ type: 'TextRun', text: d.title, weight: 'Bolder', size: 'Large' }]),
    rich([{ type: 'TextRun', text: d.subtitle, isSubtle: true }], 'None'),
    ...(d.warning ? [rich([{ type: 'TextRun', text: d.warning, color: 'Attention' }])] : []),
    ...d.sections.flatMap((s): CardElement[] => [
      // pdx's own words only: a TextBlock, which hosts read as Markdown.
      { type: 'TextBlock', text: s.title, weight: 'Bolder', size: 'Medium', wrap: true, separator: true, spacing: 'Medium' },
      ...(s.lead ? [rich([{ type: 'TextRun', text: s.lead }], 'Small')] : []),
      ...s.lines.map(bullet),
      ...(s.more > 0 ? [rich([{ type: 'TextRun', text: moreText(s), italic: true, isSubtle: true }], 'Small')] : []),
    ]),
  ];
  const card: AdaptiveCard = { type: 'AdaptiveCard', version: CARD_VERSION, $schema: CARD_SCHEMA, body, ...(d.link ? { actions: [{ type: 'Action.OpenUrl', title: 'Full report', url: d.link }] } : {}), msteams: { width: 'Full' } };
  return { type: 'message', attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', contentUrl: null, content: card }] };
}

export const formatTeams: ReportFormatter<string> = (r, options) => {
  let json = '';
  // The longest lists that fit: fewer lines per section until the message is under the size limit.
  for (const maxItems of ITEM_CAPS) {
    json = `${toJson(teamsMessage(digestOf(r, { link: options.link, maxItems })))}\n`;
    if (Buffer.byteLength(json) <= TEAMS_MAX_BYTES) break;
  }
  return json;
};
