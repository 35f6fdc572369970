import { search as searchRecords, type SearchHit } from '../../engine/research.js';
import { safeLine } from '../../format/safe-text.js';
import { paragraph, type Cell } from '../../format/table.js';
import { usageError } from '../../errors.js';
import type { Context } from '../context.js';
import { openForRead, print, type ReadFlags } from '../read.js';

/** Characters of context shown each side of the first match in a long text. */
const CONTEXT = 100;

/**
 * `pdx search TEXT`: every note, quote, idea, hypothesis statement and claim, and learning card
 * holding every word, case and accents ignored; each hit with its file and record id, its words
 * highlighted at a terminal. `--json` gives the whole texts and the match ranges.
 */
export async function search(ctx: Context, words: string[], flags: ReadFlags): Promise<number> {
  const query = words.join(' ');
  if (!/\S/.test(query)) throw usageError('pdx search needs words to find', 'e.g. pdx search "call back"');
  // Texts apart: each record's are read as the search reaches it, and only the matches kept.
  const session = await openForRead(ctx, flags, { texts: 'apart' });
  const hits = searchRecords(session.ws.records, query, session.ws.whole);
  const options = { color: ctx.color, width: ctx.columns };
  return print(ctx, session, hits.map((h) => ({ ...h, matches: h.matches.map(([start, end]) => ({ start, end })) })), () => {
    if (hits.length === 0) return `no matches for "${safeLine(query)}"`;
    const records = new Set(hits.map((h) => `${h.kind}:${h.id}`)).size;
    const blocks = hits.map((h) => [paragraph([{ text: safeLine(h.file), style: 'dim' }, `  ${h.kind} ${h.id}  ${h.field}`], options, 2), paragraph(['  ', ...highlighted(h)], options, 2)].join('\n'));
    return `${blocks.join('\n')}\n${hits.length} ${hits.length === 1 ? 'match' : 'matches'} in ${records} ${records === 1 ? 'record' : 'records'}`;
  });
}

/** The hit's text, shortened around its first match when long, as pieces: the words found in inverse (at a terminal), the rest plain. */
function highlighted(hit: SearchHit): Cell[] {
  const { text, matches } = hit;
  let from = 0;
  let to = text.length;
  if (text.length > 3 * CONTEXT) {
    from = startOfWord(text, Math.max(0, matches[0]![0] - CONTEXT));
    to = Math.max(matches[0]![1], Math.min(text.length, matches[0]![1] + CONTEXT));
    while (to < text.length && /[\p{M}\uDC00-\uDFFF]/u.test(text[to]!)) to++;
  }
  const pieces: Cell[] = from > 0 ? ['…'] : [];
  let at = from;
  for (const [start, end] of matches) {
    if (end <= from || start >= to) continue;
    const [s, e] = [Math.max(start, from), Math.min(end, to)];
    if (s > at) pieces.push(flat(text.slice(at, s)));
    pieces.push({ text: flat(text.slice(s, e)), style: 'inverse' });
    at = e;
  }
  if (at < to) pieces.push(flat(text.slice(at, to)));
  if (to < text.length) pieces.push('…');
  return pieces;
}

/** A start that does not cut a word, a character's marks or a surrogate pair. */
function startOfWord(text: string, at: number): number {
  const space = text.lastIndexOf(' ', at);
  let start = space >= 0 && at - space < 20 ? space + 1 : at;
  while (start < text.length && /[\p{M}\uDC00-\uDFFF]/u.test(text[start]!)) start++;
  return start;
}

/** Line breaks shown as spaces: a hit is one paragraph. */
function flat(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ');
}
