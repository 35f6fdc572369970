import { findRecord } from '../../authoring/plan.js';
import { safeLine } from '../../format/safe-text.js';
import { paragraph, type Cell } from '../../format/table.js';
import type { Context } from '../context.js';
import { openForRead, print, type ReadFlags } from '../read.js';

/** `pdx evidence show ID`: one record whole — the note, the customer's own words, and the claim it bears on, by its text. */
export async function evidenceShow(ctx: Context, id: string, flags: ReadFlags): Promise<number> {
  const session = await openForRead(ctx, flags);
  const { ws } = session;
  const { data, file } = findRecord(ws.records, 'evidence', id);
  const hypothesis = data.hypothesis === undefined ? undefined : ws.records.hypothesis.find((h) => h.data.id === data.hypothesis);
  const claimText = hypothesis?.data.claims.find((c) => c.id === data.claim)?.text;
  const options = { color: ctx.color, width: ctx.columns };
  const field = (name: string, value: string | undefined): string => (value === undefined ? '' : paragraph([{ text: `${name}: `, style: 'dim' } as Cell, value], options, 2));
  const head = [
    paragraph([{ text: data.id, style: 'bold' }, `  (${data.source} on ${data.date}, ${data.initiative}; ${safeLine(file)})`], options, 2),
    field('customer', data.segment === undefined ? data.customer : `${data.customer} (${data.segment})`),
    field('bears on', data.hypothesis === undefined ? 'no hypothesis (an immersion note)' : `${data.hypothesis} ${data.claim}${claimText === undefined ? '' : ` — ${claimText}`}: ${data.verdict}`),
    field('tags', data.tags?.join(', ')),
    field('by', data.by),
  ].filter((line) => line !== '');
  const body = [paragraph([data.note], options), ...(data.quote === undefined ? [] : [paragraph([`“${data.quote}”`], options, 1)])];
  return print(ctx, session, { ...data, file, ...(claimText === undefined ? {} : { claimText }) }, () => [...head, '', body.join('\n\n')].join('\n'));
}
