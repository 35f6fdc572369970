import { safeLine, shorten } from '../../format/safe-text.js';
import { isoWeek } from '../../model/dates.js';
import type { Report } from '../build.js';
import { MEASURE_NAMES, balanceMove, count, paceMeasures, paceWords } from './index.js';

/**
 * The chat digest that `--format slack` and `--format teams` post to a channel each week: what
 * changed and what needs someone, short enough to read in the channel (the whole report is a link
 * away). One model, two renderings: each platform escapes the text its own way, so `text` here is
 * always as the records have it, control characters not yet shown escaped.
 */

/** A run of text in a line: `strong` for pdx's own emphasis (an id, a number), never from the records. */
export interface Span {
  text: string;
  strong?: boolean;
}
export type Line = Span[];

export interface DigestSection {
  title: string;
  /** A sentence above the list (pdx's words and numbers), or null. */
  lead: string | null;
  lines: Line[];
  /** Lines left out to keep the post short: said as `…and N more`. */
  more: number;
  /** Where the rest is (`pdx report`), said after `…and N more`. */
  rest: string;
}

export interface Digest {
  /** `Discovery digest — Freight team` */
  title: string;
  /** `Week 2026-W48 · as of 2026-11-27 · window 2026-09-07 to 2026-11-27 (12w)` */
  subtitle: string;
  /** Problems that kept records out of the numbers, or null. */
  warning: string | null;
  sections: DigestSection[];
  /** The digest in one plain sentence: the notification's text. */
  summary: string;
  /** The full report's address (`--link`), or null. */
  link: string | null;
}

/** How long one value from the records may be in a line of the digest, in characters; longer ones end in `…`. */
const VALUE_CHARS = 160;

/** A value from the records on one line: at most `max` characters, then `…` (`shorten`), every control and format character shown escaped. */
function clip(text: string, max = VALUE_CHARS): string {
  return safeLine(shorten(text, max));
}

const plain = (text: string): Span => ({ text });
const strong = (text: string): Span => ({ text, strong: true });
/** A record's value, clipped and made safe. */
const value = (text: string, max?: number): Span => ({ text: clip(text, max) });
const id = (text: string): Span => ({ text: clip(text, 80), strong: true });

function section(title: string, lead: string | null, lines: Line[], maxItems: number, rest: string): DigestSection {
  return { title, lead, lines: lines.slice(0, maxItems), more: Math.max(0, lines.length - maxItems), rest };
}

/**
 * The digest of a report, each list cut to `maxItems` lines (the formatters lower it until the
 * post fits its platform's limits).
 */
export function digestOf(r: Report, options: { link?: string | null; maxItems: number }): Digest {
  const { maxItems } = options;
  const since = r.since;

  const paces = paceMeasures(r);
  const pace = section(
    'Pace per week',
    paces.length === 0 ? 'No initiative or domain yet.' : 'Each measure per team, against its own target:',
    paces.map((m) => [strong(MEASURE_NAMES[m.measure]), plain(` (${count(m.teams, 'team')}): ${paceWords(m)}`)]),
    Number.POSITIVE_INFINITY,
    'pdx report',
  );

  const handoffs = r.products.flatMap((d) => d.products.filter((p) => p.handedOffOn >= since).map((p) => ({ ...p, domain: d.domain })));
  // Newest first (a handoff among the moves by its day): when the list is cut, what is left out is the oldest.
  const moveLines: Line[] = [
    ...r.stageMoves.map((m) => ({ date: m.date, line: [
      id(m.initiative),
      plain(m.from === null ? `: new, in ${m.to} on ${m.date}` : `: ${m.from} → ${m.to} on ${m.date}`),
      ...(m.pivot ? [plain(' (pivot)')] : []),
      ...(m.forced ? [plain(' (forced past its gate)')] : []),
      ...(m.by ? [plain(', by '), value(m.by, 60)] : []),
    ] })),
    ...handoffs.map((p) => ({ date: p.handedOffOn, line: [id(p.id), plain(': handed off to '), value(p.domain, 80), plain(` on ${p.handedOffOn}${p.forced ? ' (forced)' : ''}`)] })),
  ].map((x, i) => ({ ...x, i })).sort((a, b) => b.date.localeCompare(a.date) || b.i - a.i).map((x) => x.line);
  const moved = section(
    'Who moved stage',
    moveLines.length === 0 ? `No stage moves since ${since}.` : `${count(r.stageMoves.length, 'stage move')}${handoffs.length > 0 ? ` and ${count(handoffs.length, 'handoff')}` : ''} since ${since}:`,
    moveLines,
    maxItems,
    'pdx log',
  );

  const changed = r.whatWeHeard.claimsChanged;
  const learned = section(
    'What we learned',
    `Claims: ${r.claims.supported} supported, ${r.claims.refuted} refuted, ${r.claims.untested} untested. ${r.learnings.invalidatedHypotheses} invalidated ${r.learnings.invalidatedHypotheses === 1 ? 'hypothesis' : 'hypotheses'}, ${count(r.learnings.invalidatedExperiments, 'invalidated experiment')}, ${count(r.learnings.pivots, 'pivot')}. Customers heard since ${since}: ${r.customersHeard}.${changed.length > 0 ? ` Claims whose balance of evidence changed:` : ''}`,
    changed.map((c): Line => [id(`${c.hypothesis} ${c.claim}`), plain(` ${c.before > c.after ? '↓' : '↑'} `), strong(balanceMove(c.before, c.after)), plain(': '), value(c.text)]),
    maxItems,
    'pdx report',
  );

  const staleLines: Line[] = [
    ...r.stale.experiments.map((x): Line => [id(x.id), plain(' ('), value(x.owner, 80), plain(`): running ${x.daysRunning} days, planned ${x.plannedDays}`)]),
    ...r.stale.hypotheses.map((h): Line => [id(h.id), plain(h.lastEvidence === null ? ': in testing, no evidence yet' : `: in testing, last evidence ${h.lastEvidence}${h.days === null ? '' : ` (${h.days} days ago)`}`)]),
    ...r.stageAging.filter((s) => s.overdue).map((s): Line => [id(s.initiative), plain(`: ${s.days} days in ${s.stage}, time to check in (after ${s.warnAfterDays})`)]),
    ...r.domains.flatMap((d) => d.warnings.filter((w) => w.kind === 'stale-kr').map((w): Line => [id(d.domain), plain(': '), value(w.message)])),
  ];
  const stale = section('What is stale', staleLines.length === 0 ? 'Nothing is stale.' : null, staleLines, maxItems, 'pdx report');

  const gates = r.gateReadiness.filter((g) => g.next !== null);
  const ready = gates.filter((g) => g.ready);
  const notReady = gates.filter((g) => !g.ready);
  const readiness = section(
    'Gate readiness',
    gates.length === 0 ? 'No initiative in discovery.' : `${ready.length} of ${gates.length} ready for their next stage${ready.length > 0 && maxItems > 0 ? `: ${ready.slice(0, maxItems).map((g) => clip(g.initiative, 80)).join(', ')}${ready.length > maxItems ? ` and ${ready.length - maxItems} more` : ''}` : ''}.`,
    notReady.map((g): Line => [id(g.initiative), plain(` (${g.stage} → ${g.next}): `), plain(g.missing.length === 0 ? 'not ready' : `${count(g.missing.length, 'rule')} to meet, first: `), ...(g.missing.length > 0 ? [value(g.missing[0]!, 120)] : [])]),
    maxItems,
    'pdx gate',
  );

  const name = r.name.trim() === '' ? 'pdx' : r.name;
  return {
    title: `Discovery digest — ${clip(name, 100)}`,
    subtitle: `Week ${isoWeek(r.asOf)} · as of ${r.asOf} · window ${r.since} to ${r.asOf} (${r.window})`,
    warning: r.problems.length > 0 ? `${count(r.problems.length, 'problem')} in the records left out of these numbers: run pdx validate.` : null,
    sections: [pace, moved, learned, stale, readiness],
    summary: `${count(r.stageMoves.length, 'stage move')} since ${since}; ${count(staleLines.length, 'stale item')}; ${ready.length} of ${gates.length} ready for their next stage.`,
    link: options.link ?? null,
  };
}


/** `…and 12 more (pdx log)`. */
export const moreText = (s: DigestSection) => `…and ${s.more} more (${s.rest})`;

/** The item caps the formatters try, largest first, until the post fits its limits. */
export const ITEM_CAPS = [8, 5, 3, 1, 0];
