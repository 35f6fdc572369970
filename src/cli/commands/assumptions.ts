import { findRecord } from '../../authoring/plan.js';
import { tableParts } from '../../format/table.js';
import { strengthTableOf } from '../../gates/rules/strong-evidence.js';
import { assumptions as listAssumptions } from '../../reports/metrics/assumptions.js';
import type { Context } from '../context.js';
import { openForRead, print, type ReadFlags } from '../read.js';

/**
 * `pdx assumptions [--initiative ID]`: every current claim with its importance, evidence and
 * balance of verdicts, riskiest first (important and weakly known), strength as the
 * strong-evidence rule judges it.
 */
export async function assumptions(ctx: Context, flags: ReadFlags & { initiative?: string }): Promise<number> {
  // Claims' texts are short and kept in every record: no long text is shown.
  const session = await openForRead(ctx, flags, { texts: false });
  const { ws } = session;
  if (flags.initiative !== undefined) findRecord(ws.records, 'initiative', flags.initiative, '--initiative');
  const rows = listAssumptions(ws.records, strengthTableOf(ws.settings), flags.initiative);
  return print(ctx, session, rows, () => {
    if (rows.length === 0) return flags.initiative === undefined ? 'no current claims yet: pdx hypothesis add' : `${flags.initiative} has no current claims yet: pdx hypothesis add --initiative ${flags.initiative}`;
    const one = flags.initiative !== undefined || new Set(rows.map((r) => r.initiative)).size === 1;
    return tableParts(
      ['importance', 'known', ...(one ? [] : ['initiative']), 'claim', 'text', 'evidence', 'strong', 'for', 'against', 'neutral'],
      rows.map((r) => [
        r.importance,
        r.strongest === 'none' ? 'no evidence' : r.strongest,
        ...(one ? [] : [r.initiative]),
        `${r.hypothesis} ${r.claim}`,
        r.text,
        String(r.evidence),
        String(r.strong),
        String(r.balance.supports),
        String(r.balance.refutes),
        String(r.balance.neutral),
      ]),
      { color: ctx.color, width: ctx.columns },
    );
  });
}
