import { escapeMarkdown as md, safeLine } from './safe-text.js';
import { paragraph, type Cell } from './table.js';

interface EntryBase {
  /** The day of the decision, or null when neither a record nor git dates it. */
  date: string | null;
  /** Where the date comes from: the record itself, the day git saw it set, or nowhere. */
  dated: 'record' | 'git' | 'unknown';
  /** The initiative it belongs to (null for a domain's experiment). */
  initiative: string | null;
  domain: string | null;
  /** The record file, relative to the repo. */
  file: string;
}

/** A stage move from an initiative's history (`start`, `advance`, `skip`, `pivot`: a move back), or a stage set by hand. */
export interface StageLogEntry extends EntryBase {
  kind: 'stage';
  move: 'start' | 'advance' | 'skip' | 'pivot' | 'by-hand';
  from: string | null;
  to: string;
  forced: boolean;
  reason: string | null;
  failedRules: string[];
  by: string | null;
}

/** An initiative handed to product management (`pdx handoff`): the domain it went to, who, and for a forced one why and past which rules. */
export interface HandoffLogEntry extends EntryBase {
  kind: 'handoff';
  forced: boolean;
  reason: string | null;
  failedRules: string[];
  by: string | null;
}

/** A hypothesis's current status (not draft), dated by `statusSince` or by git. */
export interface StatusLogEntry extends EntryBase {
  kind: 'status';
  hypothesis: string;
  status: string;
  statement: string;
}

/** A hypothesis superseding an earlier one, dated by its `created`; `chain` is the line from the first one to it. */
export interface SupersedeLogEntry extends EntryBase {
  kind: 'supersede';
  hypothesis: string;
  supersedes: string;
  chain: string[];
}

/** A concluded experiment's learning card: its result, decision, what was learned and what comes next. */
export interface DecisionLogEntry extends EntryBase {
  kind: 'decision';
  experiment: string;
  title: string | null;
  result: string | null;
  decision: string | null;
  learned: string;
  next: string;
  /** An A/B test's numbers (lift, interval, p-value, verdict), when it was concluded with counts. */
  numbers?: string;
  /** A result recorded against the numbers, with its reason. */
  override?: string;
}

export type LogEntry = StageLogEntry | HandoffLogEntry | StatusLogEntry | SupersedeLogEntry | DecisionLogEntry;

/** `pdx log`: every decision, newest first. */
export interface DecisionLog {
  initiative: string | null;
  /** The first day shown (`--since`), or null for all of it. */
  since: string | null;
  entries: LogEntry[];
  notices: string[];
}

const MOVES = { start: 'started in', advance: 'moved', skip: 'skipped ahead', pivot: 'pivoted back', 'by-hand': 'stage set by hand' } as const;

/** What happened, in one line of plain text (not yet escaped). */
function headline(e: LogEntry): string {
  const git = e.dated === 'git' ? ' (the day git saw it)' : '';
  switch (e.kind) {
    case 'stage': {
      const path = e.from === null ? e.to : `${e.from} → ${e.to}`;
      const forced = e.forced ? `, forced${e.failedRules.length > 0 ? ` past ${e.failedRules.join(', ')}` : ''}` : '';
      return `${MOVES[e.move]} ${path}${forced}${e.by ? ` by ${e.by}` : ''}${git}`;
    }
    case 'handoff': {
      const forced = e.forced ? `, forced${e.failedRules.length > 0 ? ` past ${e.failedRules.join(', ')}` : ''}` : '';
      return `handed off to domain ${e.domain ?? '(none named)'}${forced}${e.by ? ` by ${e.by}` : ''}`;
    }
    case 'status':
      return `hypothesis ${e.hypothesis} ${e.status}${git}`;
    case 'supersede':
      return `hypothesis ${e.hypothesis} supersedes ${e.supersedes}`;
    case 'decision':
      return `experiment ${e.experiment} concluded${e.result ? ` ${e.result}` : ''}${e.decision ? `: ${e.decision}` : ''}`;
  }
}

/** The words under the headline: a move's reason, a chain, a learning card. */
function details(e: LogEntry): [string, string][] {
  switch (e.kind) {
    case 'stage':
    case 'handoff':
      return e.reason ? [['why', e.reason]] : [];
    case 'status':
      return [];
    case 'supersede':
      return e.chain.length > 2 ? [['line', e.chain.join(' → ')]] : [];
    case 'decision':
      return [...(e.numbers ? [['numbers', e.numbers] as [string, string]] : []), ...(e.override ? [['against the numbers', e.override] as [string, string]] : []), ['learned', e.learned], ['next', e.next]];
  }
}

/** The initiative, or the domain for a domain's experiment (a handoff's domain is where it went, in its headline). */
const owner = (e: LogEntry) => e.initiative ?? e.domain ?? '';

/**
 * The terminal view: one line per decision (date, initiative, what), its reasons indented under it, within the width;
 * in parts, which joined are the whole text: a long log is made and printed a few hundred entries at a time.
 */
export function* logTextParts(log: DecisionLog, { color, width }: { color: boolean; width: number }): Generator<string> {
  const lines: string[] = log.notices.map((n) => paragraph([{ text: `! ${safeLine(n)}`, style: 'yellow' }], { color, width }, 2));
  if (log.entries.length === 0) lines.push(paragraph([{ text: log.since ? `no decisions since ${log.since}` : 'no decisions recorded yet', style: 'dim' }], { color, width }));
  let ownerWidth = 0;
  for (const e of log.entries) ownerWidth = Math.max(ownerWidth, owner(e).length);
  let first = true;
  const part = () => {
    const text = `${first ? '' : '\n'}${lines.join('\n')}`;
    first = false;
    lines.length = 0;
    return text;
  };
  for (const [i, e] of log.entries.entries()) {
    const head: Cell[] = [{ text: `${e.date ?? 'undated   '}  `, style: 'dim' }, { text: `${safeLine(owner(e)).padEnd(ownerWidth)}  `, style: 'bold' }, safeLine(headline(e))];
    lines.push(paragraph(head, { color, width }, 14));
    for (const [label, text] of details(e)) lines.push(paragraph([`            ${label}: `, safeLine(text)], { color, width }, 14));
    if (i % PART_ENTRIES === PART_ENTRIES - 1) yield part();
  }
  if (lines.length > 0 || first) yield part();
}

/** Entries of the log made and printed at a time. */
const PART_ENTRIES = 256;

/** A review document: one list item per decision, its reasons nested under it. */
export function formatLogMarkdown(log: DecisionLog): string {
  const scope = [log.initiative ? `initiative ${md(log.initiative)}` : 'every initiative and domain', log.since ? `since ${log.since}` : 'all of it'].join(', ');
  const out = ['# Decision log', '', `Newest first; ${scope}.`, ''];
  out.push(...log.notices.map((n) => `> ${md(n)}`), ...(log.notices.length > 0 ? [''] : []));
  if (log.entries.length === 0) out.push('_none_');
  for (const e of log.entries) {
    out.push(`- **${e.date ?? 'undated'}** · ${md(owner(e))} · ${md(headline(e))}`);
    for (const [label, text] of details(e)) out.push(`  - ${label}: ${md(text)}`);
  }
  return `${out.join('\n')}\n`;
}
