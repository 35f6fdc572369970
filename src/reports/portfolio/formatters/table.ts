import { safeLine } from '../../../format/safe-text.js';
import { paragraph, renderTable, type Cell } from '../../../format/table.js';
import { MEASURE_NAMES } from '../../formatters/index.js';
import type { Portfolio } from '../types.js';
import { MONEY_HEAD, PEOPLE_HEAD, funnelLine, mixNote, moneyRows, paceLine, paceShort, peopleRows, peopleCell, percent, readinessShort, stageCell, title, type PortfolioFormatter } from './index.js';

/** What a head of product must fix first: sources that failed, then sources with invalid records. */
export function sourceTroubles(p: Portfolio): string[] {
  return [
    ...p.failed.map((f) => `! ${f.source} (${f.origin}) was skipped: ${f.error}`),
    ...p.invalid.flatMap((s) => [
      `! ${s.source}: ${s.count} problem${s.count === 1 ? '' : 's'} in its records, left out of its numbers; run pdx validate there`,
      ...s.first.map((x) => `    ${s.source}: ${x.file}:${x.line ?? 1}  ${x.severity}  ${x.message}`),
      ...(s.count > s.first.length ? [`    … and ${s.count - s.first.length} more`] : []),
    ]),
  ];
}

/** The initiatives whose next gate does not pass yet. */
const notReady = (p: Portfolio) => p.gateReadiness.filter((g) => !g.ready && g.next !== null);

/** The portfolio at a terminal: fitted tables, flagged rows marked in text as well as colour. */
export const formatPortfolioTable: PortfolioFormatter = (p, { color, width }) => {
  const t = (head: string[], rows: Cell[][]) => renderTable(head, rows, { color, width });
  const par = (...parts: Cell[]) => paragraph(parts, { color, width }, 2);
  const warning = (text: string) => par({ text: safeLine(text), style: 'yellow' });
  const heading = (text: string, note = '') => par({ text, style: 'bold' }, ...(note ? [{ text: `  (${note})`, style: 'dim' as const }] : []));
  const ok = p.sources.filter((s) => s.status === 'ok');
  const lines = [
    heading(title(p)),
    ...p.notices.map((n) => warning(`! ${n}`)),
    ...sourceTroubles(p).map((line) => (line.startsWith('!') ? warning(line) : par(safeLine(line)))),
    '',
    heading('Investment mix', 'discovery vs product management'),
    t(PEOPLE_HEAD, peopleRows(p)),
    ...((money) => (money ? [t(MONEY_HEAD, money)] : []))(moneyRows(p)),
    par({ text: `  ${mixNote(p)}`, style: 'dim' }),
    ...p.investment.warnings.map((w) => warning(`! ${w}`)),
    '',
    heading('Teams', '! past its stage\'s check-in threshold'),
    // Six columns, so the table fits 80 columns: a domain's stage cell says `domain`, a product's `handed off`.
    t(['source', 'team', 'stage, days', 'pace vs target', 'readiness', 'people'], p.teams.map((x) => {
      const row: Cell[] = [x.source, x.id, x.days === null ? stageCell(x) : `${x.overdue ? '! ' : ''}${stageCell(x)}, ${x.days} days`, paceShort(x), readinessShort(x), peopleCell(x)];
      return x.overdue ? row.map((c) => ({ text: typeof c === 'string' ? c : c.text, style: 'yellow' as const })) : row;
    })),
    '',
    heading('Gate readiness', 'what each initiative in discovery lacks for its next stage'),
    ...(notReady(p).length === 0 ? [par({ text: p.gateReadiness.length === 0 ? '  no initiative in discovery' : '  every initiative in discovery is ready for its next stage', style: 'dim' })] : notReady(p).flatMap((g) => [par({ text: `  ${safeLine(g.id)}`, style: 'bold' }, ` → ${g.next}`), ...g.missing.map((m) => par(`    - ${safeLine(m)}`))])),
    '',
    heading('Funnel', 'initiatives per stage, and those graduated to product management'),
    ...ok.map((s) => par(`  ${s.name}  `, funnelLine(s.funnel))),
    par({ text: '  overall  ', style: 'bold' }, funnelLine(p.overall.funnel)),
    '',
    heading('Pace', 'each team against its own source\'s target, per measure: never summed across measures'),
    t(['source', 'measure', 'teams', 'pace'], [...ok.flatMap((s) => s.pace.map((m) => [s.name, MEASURE_NAMES[m.measure], String(m.teams), paceLine(m)])), ...p.overall.pace.map((m): Cell[] => [{ text: 'overall', style: 'bold' }, MEASURE_NAMES[m.measure], String(m.teams), paceLine(m)])]),
    '',
    heading('Products', 'handed to product management, with their expansions'),
    ...(p.products.length === 0
      ? [par({ text: '  no initiative handed off yet', style: 'dim' })]
      : p.products.flatMap((d) => [
          par({ text: `  ${safeLine(d.domain)}`, style: 'bold' }, d.name ? `  ${safeLine(d.name)}` : ''),
          ...(d.products.length === 0 ? [par({ text: '    no product yet', style: 'dim' })] : []),
          ...d.products.flatMap((x) => [
            par(`    ${safeLine(x.id)}  ${safeLine(x.title)}`, { text: `  handed off ${x.handedOffOn}${x.forced ? ' (forced)' : ''}`, style: 'dim' }),
            ...x.expansions.map((e) => par(`      └ ${safeLine(e.id)}  ${safeLine(e.title)}`, { text: `  ${e.stage}${e.domain ? `, a product of ${safeLine(e.domain)}` : ''}`, style: 'dim' })),
          ]),
        ])),
    '',
    heading('OKRs', 'progress per domain'),
    t(['domain', 'objective', 'period', 'progress', 'stale key results'], p.okrs.map((o) => [o.domain, o.objective, o.period, percent(o.progress), String(o.keyResults.filter((k) => k.stale).length)])),
  ];
  return `${lines.join('\n')}\n`;
};
