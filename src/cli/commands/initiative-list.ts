import { renderTable } from '../../format/table.js';
import type { Context } from '../context.js';
import { stageAsOf } from '../../model/history.js';
import { daysBetween } from '../../model/dates.js';
import { openForRead, print, type ReadFlags } from '../read.js';

/** `pdx initiative list`: id, title, stage, days in stage, risk, team size. */
export async function initiativeList(ctx: Context, flags: ReadFlags & { stage?: string }): Promise<number> {
  const session = await openForRead(ctx, flags);
  const { ws } = session;
  const today = ctx.today;
  const rows = ws.records.initiative
    .filter((r) => flags.stage === undefined || r.data.stage === flags.stage)
    .sort((a, b) => a.data.id.localeCompare(b.data.id))
    .map((r) => {
      const i = r.data;
      const entered = stageAsOf(r, today).enteredOn;
      return { id: i.id, title: i.title, stage: i.stage, enteredOn: entered ?? null, days: entered ? daysBetween(entered, today) : null, risk: i.risk, team: i.team.length };
    });
  return print(ctx, session, rows, () =>
    renderTable(['id', 'title', 'stage', 'days in stage', 'risk', 'team'], rows.map((r) => [r.id, r.title, r.stage, r.days === null ? '?' : String(r.days), r.risk, String(r.team)]), { color: ctx.color, width: ctx.columns }),
  );
}
