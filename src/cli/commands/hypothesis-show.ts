import { findRecord } from '../../authoring/plan.js';
import { safeLine } from '../../format/safe-text.js';
import { paragraph, renderTable } from '../../format/table.js';
import type { Context } from '../context.js';
import { askHypothesis } from '../ids.js';
import { openForRead, print, type ReadFlags } from '../read.js';

/** `pdx hypothesis show [ID]`: the statement, and each claim with the evidence on it. */
export async function hypothesisShow(ctx: Context, given: string | undefined, flags: ReadFlags): Promise<number> {
  const session = await openForRead(ctx, flags);
  const { ws } = session;
  const id = await askHypothesis(ctx, ws, given, (h) => `pdx hypothesis show ${h}`);
  const { data, file } = findRecord(ws.records, 'hypothesis', id);
  const evidence = ws.records.evidence.filter((e) => e.data.hypothesis === id).map((e) => e.data);
  const claims = data.claims.map((c) => {
    const on = evidence.filter((e) => e.claim === c.id);
    return { ...c, supports: on.filter((e) => e.verdict === 'supports').length, refutes: on.filter((e) => e.verdict === 'refutes').length, neutral: on.filter((e) => e.verdict === 'neutral').length, customers: [...new Set(on.map((e) => e.customer))] };
  });
  const options = { color: ctx.color, width: ctx.columns };
  // Prose wrapped to the terminal: paragraph escapes what it prints.
  return print(ctx, session, { ...data, file, claims }, () =>
    [
      paragraph([`${data.id}  (${data.kind} hypothesis of ${data.initiative}, ${data.status}${data.statusSince ? ` since ${data.statusSince}` : ''}; ${safeLine(file)})`], options, 2),
      paragraph([data.statement], options),
      data.supersedes ? paragraph([`supersedes: ${data.supersedes}`], options) : '',
      '',
      renderTable(['claim', 'text', 'for', 'against', 'neutral', 'customers'], claims.map((c) => [c.id, c.text, String(c.supports), String(c.refutes), String(c.neutral), c.customers.join(', ')]), options),
    ]
      .filter((line) => line !== '')
      .join('\n'),
  );
}
