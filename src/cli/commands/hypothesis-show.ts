import { findRecord } from '../../authoring/plan.js';
import { safeBlock, safeLine } from '../../format/safe-text.js';
import { renderTable } from '../../format/table.js';
import type { Context } from '../context.js';
import { askHypothesis } from '../ids.js';
import { openForRead, print, type ReadFlags } from '../read.js';

/** `pdx hypothesis show [ID]`: the statement, and each claim with the evidence on it. */
export async function hypothesisShow(ctx: Context, given: string | undefined, flags: ReadFlags): Promise<number> {
  const session = await openForRead(ctx, flags);
  const { ws } = session;
  const id = await askHypothesis(ctx, ws, given, (h) => `pdx hypothesis show ${h}`);
  const { data, file } = findRecord(ws.records, 'hypothesis', id, 'ID');
  const evidence = ws.records.evidence.filter((e) => e.data.hypothesis === id).map((e) => e.data);
  const claims = data.claims.map((c) => {
    const on = evidence.filter((e) => e.claim === c.id);
    return { ...c, supports: on.filter((e) => e.verdict === 'supports').length, refutes: on.filter((e) => e.verdict === 'refutes').length, neutral: on.filter((e) => e.verdict === 'neutral').length, customers: [...new Set(on.map((e) => e.customer))] };
  });
  return print(ctx, session, { ...data, file, claims }, () =>
    [
      `${data.id}  (${data.kind} hypothesis of ${data.initiative}, ${data.status}; ${safeLine(file)})`,
      safeBlock(data.statement),
      data.supersedes ? `supersedes: ${data.supersedes}` : '',
      '',
      renderTable(['claim', 'text', 'for', 'against', 'neutral', 'customers'], claims.map((c) => [c.id, c.text, String(c.supports), String(c.refutes), String(c.neutral), c.customers.join(', ')]), { color: ctx.color, width: ctx.columns }),
    ]
      .filter((line) => line !== '')
      .join('\n'),
  );
}
