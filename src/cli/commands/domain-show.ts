import { listDomains, listKeyResults, listOkrs, showDomain, showOkr, type OkrDetail } from '../../engine/domains.js';
import { paragraph, renderTable, type Cell, type TableOptions } from '../../format/table.js';
import { abCell, abHead, countsWords } from '../../reports/metrics/outcomes.js';
import type { Context } from '../context.js';
import { askDomain, askOkr } from '../ids.js';
import { openForRead, print, type ReadFlags } from '../read.js';

type AsOf = { asOf?: string };

const percent = (n: number | null) => (n === null ? '—' : `${Math.round(n * 100)}%`);
const value = (n: number | null, unit: string | null) => (n === null ? '—' : `${n}${unit ? ` ${unit}` : ''}`);
const lastCheckIn = (k: { lastCheckIn: string | null; stale: boolean }): Cell => (k.stale ? { text: `${k.lastCheckIn ?? 'never'} (stale)`, style: 'yellow' } : (k.lastCheckIn ?? ''));

/** One OKR's key results: baseline → current → target, progress, last check-in, and the experiments run for each. */
function okrLines(o: OkrDetail, options: TableOptions): string[] {
  return [
    paragraph([{ text: `${o.period}  ${o.objective}`, style: 'bold' }, { text: `  (${o.okr}${o.product ? `, for ${o.product}` : ''}, ${percent(o.progress)})`, style: 'dim' }], options, 2),
    renderTable(
      ['key result', 'metric', 'baseline → current → target', 'progress', 'last check-in', 'experiments'],
      o.keyResults.map((k) => [k.id, k.metric, `${k.baseline} → ${value(k.current, null)} → ${value(k.target, k.unit)}`, percent(k.progress), lastCheckIn(k), countsWords(k.counts)]),
      options,
    ),
  ];
}

/** `pdx domain list`: every domain with its purpose, team, products, OKRs and warnings. */
export async function domainList(ctx: Context, flags: ReadFlags & AsOf): Promise<number> {
  const session = await openForRead(ctx, flags);
  const rows = listDomains(session.ws, flags.asOf ?? ctx.today);
  return print(ctx, session, rows, () =>
    renderTable(
      ['id', 'name', 'purpose', 'team', 'products', 'OKRs', 'key results', 'experiments', 'warnings'],
      rows.map((r) => [r.id, r.name, r.purpose, String(r.team), String(r.products), String(r.okrs), String(r.keyResults), String(r.experiments), r.warnings > 0 ? { text: String(r.warnings), style: 'yellow' } : '0']),
      { color: ctx.color, width: ctx.columns },
    ),
  );
}

/** `pdx domain show [D]`: name, purpose, team, products, OKRs by period with key results, recent experiments, warnings. */
export async function domainShow(ctx: Context, given: string | undefined, flags: ReadFlags & AsOf): Promise<number> {
  const session = await openForRead(ctx, flags);
  const id = await askDomain(ctx, session.ws.records, given, (d) => `pdx domain show ${d}`);
  const d = showDomain(session.ws, id, flags.asOf ?? ctx.today);
  const options = { color: ctx.color, width: ctx.columns };
  const p = (...parts: Cell[]) => paragraph(parts, options, 2);
  const heading = (text: string) => p({ text, style: 'bold' });
  return print(ctx, session, d, () =>
    [
      p({ text: d.name, style: 'bold' }, { text: `  (${d.id})`, style: 'dim' }),
      p(`purpose: ${d.purpose}`),
      ...(d.created || d.updated ? [p({ text: [d.created ? `set up ${d.created}` : '', d.updated ? `updated ${d.updated}` : ''].filter(Boolean).join(', '), style: 'dim' })] : []),
      '',
      heading('Team'),
      renderTable(['name', 'role', 'joined'], d.team.map((m) => [m.name, m.role, m.joined ?? '']), options),
      '',
      heading('Products it owns'),
      renderTable(
        ['initiative', 'title', 'handed off', 'expansions'],
        d.products.map((x) => [
          x.id,
          x.title ?? '',
          x.handedOffOn === null ? { text: 'not yet', style: 'yellow' } : x.forced ? { text: `${x.handedOffOn} (forced)`, style: 'yellow' } : x.handedOffOn,
          x.expansions.map((e) => `${e.id} (${e.domain === null ? e.stage : `a product of ${e.domain}`})`).join(', '),
        ]),
        options,
      ),
      '',
      heading('OKRs'),
      ...(d.okrs.length === 0 ? [p({ text: '  (none)', style: 'dim' })] : d.okrs.flatMap((o) => okrLines(o, options))),
      '',
      heading(`Experiments${d.experimentCount > d.experiments.length ? ` (the ${d.experiments.length} most recent of ${d.experimentCount})` : ''}`),
      renderTable(
        ['experiment', 'title', 'product', 'key result', 'status', 'result', ...abHead(d.experiments), 'started', 'concluded'],
        d.experiments.map((x) => [x.id, x.title ?? '', x.product ?? '', x.kr ?? { text: 'none', style: 'yellow' }, x.status, x.result ?? '', ...abCell(d.experiments, x), x.started ?? '', x.concluded ?? '']),
        options,
      ),
      ...(d.warnings.length > 0 ? ['', heading('Warnings'), ...d.warnings.flatMap((w) => [p({ text: `! ${w.message}`, style: 'yellow' }), p({ text: '  → ', style: 'dim' }, w.fix)])] : []),
    ].join('\n'),
  );
}

/** `pdx okr list [--domain D] [--period P]`: every OKR with its progress and key results. */
export async function okrList(ctx: Context, flags: ReadFlags & AsOf & { domain?: string; period?: string }): Promise<number> {
  const session = await openForRead(ctx, flags);
  const list = listOkrs(session.ws, { asOf: flags.asOf ?? ctx.today, domain: flags.domain, period: flags.period });
  const rows = list.map((o) => ({ id: o.okr, domain: o.domain, period: o.period, objective: o.objective, progress: o.progress, keyResults: o.keyResults.length, stale: o.keyResults.filter((k) => k.stale).length }));
  return print(ctx, session, rows, () =>
    renderTable(
      ['id', 'domain', 'period', 'objective', 'key results', 'progress', 'stale'],
      rows.map((r) => [r.id, r.domain, r.period, r.objective, String(r.keyResults), percent(r.progress), r.stale > 0 ? { text: String(r.stale), style: 'yellow' } : '0']),
      { color: ctx.color, width: ctx.columns },
    ),
  );
}

/** `pdx okr show [OKR]`: the objective and its key results, with the experiments run for each. */
export async function okrShow(ctx: Context, given: string | undefined, flags: ReadFlags & AsOf): Promise<number> {
  const session = await openForRead(ctx, flags);
  const id = await askOkr(ctx, session.ws.records, given, (o) => `pdx okr show ${o}`);
  const o = showOkr(session.ws, id, flags.asOf ?? ctx.today);
  const options = { color: ctx.color, width: ctx.columns };
  const all = o.keyResults.flatMap((k) => k.experiments);
  const experiments = o.keyResults.flatMap((k) => k.experiments.map((x) => [k.id, x.id, x.title ?? '', x.status, x.result ?? '', ...abCell(all, x)] as Cell[]));
  return print(ctx, session, o, () =>
    [
      paragraph([{ text: o.objective, style: 'bold' }, { text: `  (${o.okr}: ${o.domain}, ${o.period}${o.product ? `, for ${o.product}` : ''}; ${percent(o.progress)})`, style: 'dim' }], options, 2),
      ...okrLines(o, options).slice(1),
      '',
      paragraph([{ text: 'Experiments per key result', style: 'bold' }], options),
      renderTable(['key result', 'experiment', 'title', 'status', 'result', ...abHead(all)], experiments, options),
    ].join('\n'),
  );
}

/** `pdx kr list [--domain D] [--okr O]`: every key result with its OKR, domain, period, progress, last check-in and stale flag. */
export async function krList(ctx: Context, flags: ReadFlags & AsOf & { domain?: string; okr?: string }): Promise<number> {
  const session = await openForRead(ctx, flags);
  const { keyResults } = listKeyResults(session.ws, { asOf: flags.asOf ?? ctx.today, domain: flags.domain, okr: flags.okr });
  return print(ctx, session, keyResults, () =>
    renderTable(
      ['id', 'metric', 'OKR', 'domain', 'period', 'baseline → current → target', 'progress', 'last check-in'],
      keyResults.map((k) => [k.id, k.metric, k.okr, k.domain, k.period, `${k.baseline} → ${value(k.current, null)} → ${value(k.target, k.unit)}`, percent(k.progress), lastCheckIn(k)]),
      { color: ctx.color, width: ctx.columns },
    ),
  );
}
