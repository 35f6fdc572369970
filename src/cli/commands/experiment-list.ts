import { renderTable } from '../../format/table.js';
import type { Context } from '../context.js';
import { openForRead, print, type ReadFlags } from '../read.js';

/** `pdx experiment list`: every experiment with its owner, status, dates and result. */
export async function experimentList(ctx: Context, flags: ReadFlags & { initiative?: string; domain?: string; status?: string }): Promise<number> {
  const session = await openForRead(ctx, flags);
  const { ws } = session;
  const rows = ws.records.experiment
    .map((r) => r.data)
    .sort((a, b) => a.id.localeCompare(b.id))
    .filter((x) => (flags.initiative === undefined || x.initiative === flags.initiative) && (flags.domain === undefined || x.domain === flags.domain) && (flags.status ?? x.status) === x.status)
    .map((x) => ({ id: x.id, owner: (x.initiative ?? x.domain)!, type: x.type, status: x.status, started: x.started ?? null, concluded: x.concluded ?? null, result: x.result ?? null, decision: x.learning?.decision ?? null }));
  return print(ctx, session, rows, () =>
    renderTable(
      ['id', 'initiative/domain', 'type', 'status', 'started', 'concluded', 'result'],
      rows.map((r) => [r.id, r.owner, r.type, r.status, r.started ?? '', r.concluded ?? '', r.result ?? '']),
      { color: ctx.color, width: ctx.columns },
    ),
  );
}
