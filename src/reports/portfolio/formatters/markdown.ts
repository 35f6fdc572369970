import { escapeMarkdown as md } from '../../../format/safe-text.js';
import { MEASURE_NAMES } from '../../formatters/index.js';
import { MONEY_HEAD, PEOPLE_HEAD, STAGE_COLUMNS, daysCell, mixNote, moneyRows, peopleRows, paceCell, paceLine, peopleCell, percent, readinessShort, stageCell, title, type PortfolioFormatter } from './index.js';

const row = (cells: (string | number)[]) => `| ${cells.map((c) => md(String(c))).join(' | ')} |`;
const table = (head: string[], rows: (string | number)[][]) => (rows.length === 0 ? '_none_' : [row(head), `| ${head.map(() => '---').join(' | ')} |`, ...rows.map(row)].join('\n'));

/** The portfolio as Markdown, for a wiki page or a pull request comment. */
export const formatPortfolioMarkdown: PortfolioFormatter = (p) => {
  const ok = p.sources.filter((s) => s.status === 'ok');
  const out = [`# ${md(title(p))}`, ''];
  for (const n of p.notices) out.push(`> ${md(n)}`, '');
  if (p.failed.length > 0 || p.invalid.length > 0) {
    out.push('## Sources to fix', '');
    for (const f of p.failed) out.push(`- **${md(f.source)}** (${md(f.origin)}) was skipped: ${md(f.error)}`);
    for (const s of p.invalid) {
      out.push(`- **${md(s.source)}**: ${s.count} problem${s.count === 1 ? '' : 's'} in its records, left out of its numbers; run \`pdx validate\` there`);
      for (const x of s.first) out.push(`  - ${md(`${s.source}: ${x.file}:${x.line ?? 1}`)} ${md(x.severity)}: ${md(x.message)}`);
      if (s.count > s.first.length) out.push(`  - … and ${s.count - s.first.length} more`);
    }
    out.push('');
  }
  const money = moneyRows(p);
  out.push('## Investment mix', '', table(PEOPLE_HEAD, peopleRows(p)), '', ...(money ? ['Budget:', '', table(MONEY_HEAD, money), ''] : []), md(mixNote(p)), '');
  for (const w of p.investment.warnings) out.push(`> **Warning:** ${md(w)}`, '');
  out.push('## Teams', '', table(['source', 'team', 'kind', 'stage', 'days', 'pace (average vs target)', 'readiness', 'people'], p.teams.map((x) => [x.source, x.id, x.kind, stageCell(x), daysCell(x), paceCell(x), readinessShort(x), peopleCell(x)])), '');
  if (p.teams.some((x) => x.overdue)) out.push('`!` past its stage\'s check-in threshold: time to check in.', '');
  const notReady = p.gateReadiness.filter((g) => !g.ready && g.next !== null);
  out.push('## Gate readiness', '', ...(notReady.length === 0 ? [p.gateReadiness.length === 0 ? '_no initiative in discovery_' : '_every initiative in discovery is ready for its next stage_'] : notReady.flatMap((g) => [`- **${md(g.id)}** → ${md(g.next ?? '')}`, ...g.missing.map((m) => `  - ${md(m)}`)])), '');
  out.push('## Funnel', '', table(['source', ...STAGE_COLUMNS], [...ok.map((s) => [s.name, ...STAGE_COLUMNS.map((c) => s.funnel[c])]), ['overall', ...STAGE_COLUMNS.map((c) => p.overall.funnel[c])]]), '');
  out.push('## Pace', '', 'Each team against its own source\'s target, per measure: never summed across measures.', '', table(['source', 'measure', 'teams', 'pace'], [...ok.flatMap((s) => s.pace.map((m) => [s.name, MEASURE_NAMES[m.measure], m.teams, paceLine(m)])), ...p.overall.pace.map((m) => ['overall', MEASURE_NAMES[m.measure], m.teams, paceLine(m)])]), '');
  out.push('## Products', '');
  if (p.products.length === 0) out.push('_no initiative handed off yet_');
  for (const d of p.products) {
    out.push(`- **${md(d.domain)}**${d.name ? ` ${md(d.name)}` : ''}`);
    for (const x of d.products) {
      out.push(`  - **${md(x.id)}** ${md(x.title)}: handed off on ${md(x.handedOffOn)}${x.forced ? ' (forced)' : ''}`);
      for (const e of x.expansions) out.push(`    - expansion **${md(e.id)}** ${md(e.title)}: ${md(e.stage)}${e.domain ? `, a product of ${md(e.domain)}` : ''}`);
    }
  }
  out.push('', '## OKRs', '', table(['domain', 'objective', 'period', 'progress', 'stale key results'], p.okrs.map((o) => [o.domain, o.objective, o.period, percent(o.progress), o.keyResults.filter((k) => k.stale).length])), '');
  return out.join('\n');
};
