import { safeLine } from '../../../format/safe-text.js';
import { paragraph, renderTable, type Cell } from '../../../format/table.js';
import { MEASURE_NAMES } from '../../formatters/index.js';
import type { Portfolio } from '../types.js';
import { STAGE_COLUMNS, daysCell, mixHead, mixNote, mixRows, paceCell, paceLine, peopleCell, percent, readinessLines, stageCell, title, type PortfolioFormatter } from './index.js';

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
    t(mixHead(p), mixRows(p)),
    par({ text: `  ${mixNote(p)}`, style: 'dim' }),
    ...p.investment.warnings.map((w) => warning(`! ${w}`)),
    '',
    heading('Teams', '! past its stage\'s check-in threshold'),
    t(['source', 'team', 'kind', 'stage', 'days', 'pace (average vs target)', 'readiness', 'people'], p.teams.map((x) => {
      const row: Cell[] = [x.source, x.id, x.kind, stageCell(x), daysCell(x), paceCell(x), readinessLines(x).map(safeLine).join('\n'), peopleCell(x)];
      return x.overdue ? row.map((c) => ({ text: typeof c === 'string' ? c : c.text, style: 'yellow' as const })) : row;
    })),
    '',
    heading('Funnel', 'initiatives per stage, and those graduated to product management'),
    t(['source', ...STAGE_COLUMNS], [...ok.map((s) => [s.name, ...STAGE_COLUMNS.map((c) => String(s.funnel[c]))]), [{ text: 'overall', style: 'bold' }, ...STAGE_COLUMNS.map((c) => String(p.overall.funnel[c]))]]),
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
