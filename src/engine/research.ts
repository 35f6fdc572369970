import { addDays, windowDays } from '../model/dates.js';
import type { Evidence } from '../model/evidence.js';
import { asOfSnapshot, type LoadedRecord, type Records } from '../model/records.js';

/**
 * The research repository: evidence filtered the ways a researcher asks, words found across
 * every text the team wrote, and one customer's whole history. Pure functions over loaded
 * records: commands open the workspace and print.
 */

export interface EvidenceQuery {
  initiative?: string;
  hypothesis?: string;
  claim?: string;
  customer?: string;
  segment?: string;
  /** Every one of these tags (case-insensitive). */
  tags?: string[];
  verdict?: string;
  /** A window (`4w`, `30d`) ending on `asOf`. */
  since?: string;
  /** The day to look from: later evidence did not exist yet. */
  asOf: string;
}

/** One evidence record and its file. */
export type EvidenceRow = Evidence & { file: string };

/**
 * The evidence matching every filter given, newest first (then by id). A segment matches
 * case-insensitively, as tags do: they are typed by hand.
 */
export function listEvidence(records: Records, query: EvidenceQuery): EvidenceRow[] {
  const from = query.since === undefined ? undefined : addDays(query.asOf, -(windowDays(query.since) - 1));
  const same = (a: string | undefined, b: string | undefined) => b === undefined || (a !== undefined && fold(a).text === fold(b).text);
  const wanted = (query.tags ?? []).map((t) => fold(t).text);
  return asOfSnapshot(records, query.asOf)
    .evidence.filter(({ data: e }) => {
      if (query.initiative !== undefined && e.initiative !== query.initiative) return false;
      if (query.hypothesis !== undefined && e.hypothesis !== query.hypothesis) return false;
      if (query.claim !== undefined && e.claim !== query.claim) return false;
      if (query.customer !== undefined && e.customer !== query.customer) return false;
      if (query.verdict !== undefined && e.verdict !== query.verdict) return false;
      if (!same(e.segment, query.segment)) return false;
      if (from !== undefined && e.date < from) return false;
      if (wanted.length === 0) return true;
      const tags = new Set((e.tags ?? []).map((t) => fold(t).text));
      return wanted.every((t) => tags.has(t));
    })
    .map(({ data, file }) => ({ ...data, file }))
    .sort((a, b) => b.date.localeCompare(a.date) || a.id.localeCompare(b.id));
}

/**
 * A text as search compares it: lower case, accents and other marks removed; `map[i]` is where
 * its i-th character starts in the original, `end[i]` where it ends (both undefined for plain
 * ASCII, which folds character for character).
 */
export interface Folded {
  text: string;
  map?: number[];
  end?: number[];
}

const MARKS = /\p{M}/gu;

/** `Café` → `cafe`, `ÉTÉ` → `ete`: NFD, marks stripped, lower case, with each character's place in the original. */
export function fold(original: string): Folded {
  // The common case, plain ASCII, folds character for character.
  if (/^[\x00-\x7f]*$/.test(original)) return { text: original.toLowerCase() };
  let text = '';
  const map: number[] = [];
  const end: number[] = [];
  let at = 0;
  for (const char of original) {
    const folded = char.normalize('NFD').replace(MARKS, '').toLowerCase().normalize('NFD').replace(MARKS, '');
    for (let i = 0; i < folded.length; i++) {
      map.push(at);
      end.push(at + char.length);
    }
    text += folded;
    at += char.length;
  }
  return { text, map, end };
}

/** The words of a query, folded; blank words dropped. */
export function queryWords(query: string): string[] {
  return [...new Set(fold(query).text.split(/\s+/).filter((w) => w !== ''))];
}

/**
 * Where `words` occur in `text`, as [start, end) ranges of the original text, in order and
 * merged; undefined unless every word occurs. A range never ends inside a character's marks.
 */
export function findWords(text: string, words: string[]): [number, number][] | undefined {
  const folded = fold(text);
  const ranges: [number, number][] = [];
  for (const word of words) {
    let from = folded.text.indexOf(word);
    if (from < 0) return undefined;
    while (from >= 0) {
      let end = folded.end ? folded.end[from + word.length - 1]! : from + word.length;
      // Marks written as their own characters (a decomposed `é`) stay with their letter.
      while (end < text.length && /\p{M}/u.test(text[end]!)) end++;
      ranges.push([folded.map ? folded.map[from]! : from, end]);
      from = folded.text.indexOf(word, from + word.length);
    }
  }
  ranges.sort((a, b) => a[0] - b[0]);
  const merged: [number, number][] = [];
  for (const r of ranges) {
    const last = merged[merged.length - 1];
    if (last && r[0] <= last[1]) last[1] = Math.max(last[1], r[1]);
    else merged.push([...r]);
  }
  return merged;
}

/** One field of one record in which every word of a search was found. */
export interface SearchHit {
  kind: 'evidence' | 'hypothesis' | 'initiative' | 'experiment';
  /** The record's id (for an idea, its initiative's). */
  id: string;
  file: string;
  /** Where in the record: `note`, `quote`, `statement`, `claims[1].text`, `ideas[0].text`, `learning.learned`. */
  field: string;
  text: string;
  /** [start, end) ranges of `text` the words were found at. */
  matches: [number, number][];
}

/**
 * Every field the team wrote in words — evidence notes and quotes, ideas, hypothesis statements
 * and claims, learning cards (observed, learned, next) — in which every word of `query` occurs,
 * case- and accent-insensitively. In file order, fields in the order of their record. `whole`
 * gives a record with its long texts (when the records were loaded lean): it is asked for one
 * record at a time, and only the texts that match are kept.
 */
export function search(records: Records, query: string, whole: <R extends LoadedRecord>(record: R) => R = (record) => record): SearchHit[] {
  const words = queryWords(query);
  if (words.length === 0) return [];
  const hits: SearchHit[] = [];
  // Most fields hold none of the words: plain ASCII is tested in place (no lower-cased copy of
  // every note), and only a field that may match is folded and its ranges found.
  const tests = words.map((w) => new RegExp(w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'i'));
  const look = (record: LoadedRecord, id: string, field: string, text: string | undefined) => {
    if (text === undefined) return;
    if (/^[\x00-\x7f]*$/.test(text) && !tests.every((t) => t.test(text))) return;
    const matches = findWords(text, words);
    if (matches) hits.push({ kind: record.kind as SearchHit['kind'], id, file: record.file, field, text, matches });
  };
  for (const lean of records.evidence) {
    const r = whole(lean);
    look(r, r.data.id, 'note', r.data.note);
    look(r, r.data.id, 'quote', r.data.quote);
  }
  for (const lean of records.hypothesis) {
    const r = whole(lean);
    look(r, r.data.id, 'statement', r.data.statement);
    r.data.claims.forEach((c, i) => look(r, r.data.id, `claims[${i}].text`, c.text));
  }
  for (const r of records.initiative) r.data.ideas.forEach((idea, i) => look(r, r.data.id, `ideas[${i}].text`, idea.text));
  for (const lean of records.experiment) {
    const r = whole(lean);
    const card = r.data.learning;
    if (card) for (const key of ['observed', 'learned', 'next'] as const) look(r, r.data.id, `learning.${key}`, card[key]);
  }
  return hits.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
}

/** Everything the team heard from and did with one customer, across initiatives. */
export interface CustomerHistory {
  customer: string;
  /** Their evidence, oldest first. */
  evidence: EvidenceRow[];
  feedbackGroups: { initiative: string; file: string; segment?: string; joined: string }[];
  paying: { initiative: string; file: string; payingSince: string; churnedOn?: string }[];
}

/** One customer's history; undefined when no record names them. */
export function customerHistory(records: Records, customer: string): CustomerHistory | undefined {
  const evidence = records.evidence
    .filter((e) => e.data.customer === customer)
    .map(({ data, file }) => ({ ...data, file }))
    .sort((a, b) => a.date.localeCompare(b.date) || a.id.localeCompare(b.id));
  const feedbackGroups: CustomerHistory['feedbackGroups'] = [];
  const paying: CustomerHistory['paying'] = [];
  for (const { data, file } of records.initiative) {
    for (const p of data.feedbackGroup) if (p.id === customer) feedbackGroups.push({ initiative: data.id, file, ...(p.segment === undefined ? {} : { segment: p.segment }), joined: p.joined });
    for (const c of data.customers) if (c.id === customer) paying.push({ initiative: data.id, file, payingSince: c.payingSince, ...(c.churnedOn === undefined ? {} : { churnedOn: c.churnedOn }) });
  }
  if (evidence.length === 0 && feedbackGroups.length === 0 && paying.length === 0) return undefined;
  return { customer, evidence, feedbackGroups, paying };
}

/** Every customer id the records name: for a did-you-mean. */
export function customerIds(records: Records): string[] {
  const ids = new Set<string>();
  for (const e of records.evidence) ids.add(e.data.customer);
  for (const { data } of records.initiative) for (const p of [...data.feedbackGroup, ...data.customers]) ids.add(p.id);
  return [...ids].sort();
}
