import { findRecord } from '../../authoring/plan.js';
import { listEvidence, type EvidenceQuery, type EvidenceRow } from '../../engine/research.js';
import { shorten } from '../../format/safe-text.js';
import { tableParts } from '../../format/table.js';
import type { Context } from '../context.js';
import { openForRead, print, type ReadFlags } from '../read.js';

export type EvidenceListFlags = ReadFlags & Omit<EvidenceQuery, 'asOf' | 'tags'> & { tag?: string[]; asOf?: string };

/** The longest note or quote shown in the table; `evidence show` prints it whole. */
const EXCERPT = 120;

/**
 * `pdx evidence list`: the evidence matching every filter, newest first, with what was heard
 * (the quote when there is one, else the note), shortened; `--json` gives every field.
 */
export async function evidenceList(ctx: Context, flags: EvidenceListFlags): Promise<number> {
  // Texts apart: the table shows a note only when there is no quote, and only its start.
  const session = await openForRead(ctx, flags, { texts: 'apart' });
  const { ws } = session;
  // A misspelt initiative or hypothesis is named, not answered with an empty list.
  if (flags.initiative !== undefined) findRecord(ws.records, 'initiative', flags.initiative, '--initiative');
  if (flags.hypothesis !== undefined) findRecord(ws.records, 'hypothesis', flags.hypothesis, '--hypothesis');
  const rows = listEvidence(ws.records, { ...flags, tags: flags.tag, asOf: flags.asOf ?? ctx.today });
  // The rows' texts are read in file order, the texts file's own, in one pass forward: `--json`
  // prints them whole; the table shows a note only when there is no quote, and only its start.
  const inFileOrder = <T>(wanted: EvidenceRow[], read: (row: EvidenceRow) => T): Map<string, T> => {
    const byFile = new Map(wanted.map((row) => [row.file, row]));
    const found = new Map<string, T>();
    for (const { file } of ws.records.evidence) {
      const row = byFile.get(file);
      if (row) found.set(file, read(row));
    }
    return found;
  };
  const whole = (row: EvidenceRow): EvidenceRow => ws.repo.withTexts('evidence', row.file, row);
  const wholeRows = session.json ? inFileOrder(rows, whole) : undefined;
  const notes = session.json ? undefined : inFileOrder(rows.filter((e) => e.quote === undefined), (e) => shorten(whole(e).note, EXCERPT));
  return print(ctx, session, wholeRows ? rows.map((row) => wholeRows.get(row.file)!) : rows, function* () {
    yield* tableParts(
      ['date', 'id', 'customer', 'segment', 'on', 'verdict', 'tags', 'heard'],
      rows.map((e) => [
        e.date,
        e.id,
        e.customer,
        e.segment ?? '',
        e.hypothesis === undefined ? '' : `${e.hypothesis} ${e.claim}`,
        e.verdict ?? '',
        (e.tags ?? []).join(' '),
        e.quote === undefined ? notes!.get(e.file)! : shorten(`“${e.quote}”`, EXCERPT),
      ]),
      { color: ctx.color, width: ctx.columns },
    );
    yield `\n${rows.length} evidence ${rows.length === 1 ? 'record' : 'records'}`;
  });
}
