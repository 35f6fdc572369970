import { renderTable, type Cell } from '../../format/table.js';
import { daysBetween } from '../../model/dates.js';
import { abCompact } from '../../model/ab-text.js';
import { analyseExperiment, directionOf } from '../../model/ab-test.js';
import { significanceOf } from '../../model/settings.js';
import type { Context } from '../context.js';
import { openForRead, print, type ReadFlags } from '../read.js';

/**
 * `pdx experiment list`: every experiment with its owner, status, dates and result. A running
 * experiment past its planned days says `running (overdue)`, in yellow at a terminal.
 */
export async function experimentList(ctx: Context, flags: ReadFlags & { initiative?: string; domain?: string; status?: string }): Promise<number> {
  const session = await openForRead(ctx, flags);
  const { ws } = session;
  const experiments = ws.records.experiment
    .map((r) => r.data)
    .sort((a, b) => a.id.localeCompare(b.id))
    .filter((x) => (flags.initiative === undefined || x.initiative === flags.initiative) && (flags.domain === undefined || x.domain === flags.domain) && (flags.status ?? x.status) === x.status);
  const significance = significanceOf(ws.config);
  const okrs = ws.records.okr.map((o) => o.data);
  const rows = experiments.map((x) => ({ id: x.id, owner: (x.initiative ?? x.domain)!, type: x.type, status: x.status, started: x.started ?? null, concluded: x.concluded ?? null, result: x.result ?? null, decision: x.learning?.decision ?? null, ab: abCompact(analyseExperiment(x, significance, directionOf(x, okrs))) ?? null }));
  // The A/B column only when some experiment has counts: lists without A/B tests keep their width.
  const withAb = rows.some((r) => r.ab !== null);
  // As the report's stale work counts them: running for more days than planned.
  const overdue = experiments.map((x) => x.status === 'running' && x.started !== undefined && x.plannedDays !== undefined && daysBetween(x.started, ctx.today) > x.plannedDays);
  const status = (r: (typeof rows)[number], i: number): Cell => (overdue[i] ? { text: `${r.status} (overdue)`, style: 'yellow' } : r.status);
  return print(ctx, session, rows, () =>
    renderTable(
      ['id', 'initiative/domain', 'type', 'status', 'started', 'concluded', 'result', ...(withAb ? ['lift, p'] : [])],
      rows.map((r, i) => [r.id, r.owner, r.type, status(r, i), r.started ?? '', r.concluded ?? '', r.result ?? '', ...(withAb ? [r.ab ?? ''] : [])]),
      { color: ctx.color, width: ctx.columns },
    ),
  );
}
