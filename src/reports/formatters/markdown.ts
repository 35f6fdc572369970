import { escapeMarkdown as md } from '../../format/safe-text.js';
import type { ReportFormatter } from './index.js';
import { balanceMove, count, paceByKind, paceWords, percent, riskiest, riskyLine, sparkline } from './index.js';

/** Markup pdx itself puts in a cell, passed through unescaped. */
class Markup {
  constructor(readonly text: string) {}
}
type MdCell = string | number | Markup;

const cell = (c: MdCell) => (c instanceof Markup ? c.text : md(String(c)));
const row = (cells: MdCell[]) => `| ${cells.map(cell).join(' | ')} |`;
const table = (head: string[], rows: MdCell[][]) => (rows.length === 0 ? '_none_' : [row(head), row(head.map(() => new Markup('---'))), ...rows.map(row)].join('\n'));

/** Products: each domain with its products (handed off on DATE) and each product's expansions with their stage, as nested lists. */
function productsSection(r: Parameters<ReportFormatter>[0]): string[] {
  const lines = ['## Products', '', 'Initiatives handed to product management, by domain, with their expansions (minimum viable expansions) and their stage:', ''];
  if (r.products.length === 0) return [...lines, '_no initiative handed off yet_', ''];
  for (const d of r.products) {
    lines.push(`- **${md(d.domain)}**${d.name ? ` — ${md(d.name)}` : ''}`);
    for (const product of d.products) {
      lines.push(`  - **${md(product.id)}** ${md(product.title)}: handed off on ${product.handedOffOn}${product.forced ? ' (forced)' : ''}`);
      for (const x of product.expansions) lines.push(`    - expansion ${md(x.id)} ${md(x.title)}: ${x.stage}${x.domain ? `, a product of ${md(x.domain)}` : ''}`);
    }
  }
  return [...lines, ''];
}

/** A review document to paste into a wiki or a pull request. */
export const formatMarkdown: ReportFormatter = (r) => {
  const e = r.experimentsPerWeek;
  const out = [
    `# Discovery health — ${md(r.name) || 'report'}, as of ${r.asOf}`,
    '',
    `Window: ${r.since} to ${r.asOf} (${r.window}).`,
    ...(r.problems.length > 0 ? ['', `> ${r.problems.length} problem(s) in the records were left out of these numbers; run \`pdx validate\`.`] : []),
    ...r.notices.map((n) => `> ${md(n)}`),
    '',
    '## Experiments per week',
    '',
    'Concluded per team, against the target of one team:',
    '',
    ...(paceByKind(r).length === 0 ? ['- no initiative or domain yet'] : paceByKind(r).map((k) => `- ${k.name[0]!.toUpperCase()}${k.name.slice(1)} (${k.pace.teams}): ${paceWords(k.pace, 'long')}. \`${sparkline(k.weeks.map((w) => w.concluded))}\``)),
    '',
    table(['team', 'kind', 'average', 'target', 'weekly'], e.byTeam.map((t) => [t.team, t.kind, t.average, t.target, sparkline(t.weeks.map((w) => w.concluded))])),
    '',
    '## Time in stage',
    '',
    'Days in the current stage; past the threshold is a prompt to check in, not a deadline.',
    '',
    table(['initiative', 'stage', 'since', 'days', 'check in after', ''], r.stageAging.map((s) => [s.initiative, s.stage, s.enteredOn ?? 'unknown', s.days ?? '—', s.warnAfterDays, s.overdue ? new Markup('**time to check in**') : ''])),
    '',
    '## Gate readiness',
    '',
    table(['initiative', 'stage', 'next', 'missing'], r.gateReadiness.map((g) => [g.initiative, g.stage, g.next ?? '—', g.ready ? 'ready' : g.missing.join('; ')])),
    '',
    ...productsSection(r),
    '## What we learned',
    '',
    `Claims: ${r.claims.supported} supported, ${r.claims.refuted} refuted, ${r.claims.untested} untested. Learnings: ${r.learnings.invalidatedHypotheses} invalidated hypotheses and ${r.learnings.invalidatedExperiments} invalidated experiments; ${count(r.learnings.pivots, 'pivot')} back to an earlier stage. Customers heard in the window: ${r.customersHeard}.`,
    '',
    table(['kind', 'draft', 'testing', 'validated', 'invalidated'], Object.entries(r.hypotheses).map(([kind, s]) => [kind, s.draft!, s.testing!, s.validated!, s.invalidated!])),
    '',
    '## What we heard',
    '',
    `Quotes logged since ${r.since}, at most three per initiative, what customers did (observation, analytics, experiment) before what they said:`,
    '',
    // One blockquote each, a blank line between them, so that no two quotes run together.
    ...(r.whatWeHeard.quotes.length === 0 ? ['_none_'] : r.whatWeHeard.quotes.flatMap((q, i) => [...(i > 0 ? [''] : []), `> “${md(q.quote.replace(/\s+/g, ' '))}” — ${md(q.customer)}, ${q.source}, ${q.date} (${md(q.initiative)})`])),
    '',
    'Claims whose balance of evidence (supports − refutes) changed in the window:',
    '',
    table(['claim', 'hypothesis', 'balance'], r.whatWeHeard.claimsChanged.map((x) => [`${x.claim} ${x.text}`, x.hypothesis, balanceMove(x.before, x.after)])),
    '',
    '## Riskiest assumptions',
    '',
    ...((risky) => (risky.total === 0 ? [r.assumptions.length === 0 ? '_no current claims yet_' : 'Every important claim has strong evidence.'] : [...risky.shown.map((a) => `- ${md(riskyLine(a))}`), ...(risky.total > risky.shown.length ? [`- …and ${risky.total - risky.shown.length} more: \`pdx assumptions\``] : [])]))(riskiest(r)),
    '',
    '## OKRs',
    '',
    ...r.okrs.flatMap((o) => [
      `**${md(o.objective)}** (${md(o.domain)}, ${md(o.period)}): ${percent(o.progress)}`,
      '',
      table(['key result', 'baseline', 'target', 'current', 'progress', 'last check-in'], o.keyResults.map((k) => [k.metric, k.baseline, k.target, k.current ?? '—', percent(k.progress), `${k.lastCheckIn ?? 'never'}${k.stale ? ' (stale)' : ''}`])),
      '',
    ]),
    '## Stale work',
    '',
    table(['running experiment', 'started', 'planned days', 'days running'], r.stale.experiments.map((x) => [x.id, x.started, x.plannedDays, x.daysRunning])),
    '',
    table(['hypothesis in testing', 'last evidence', 'days'], r.stale.hypotheses.map((h) => [h.id, h.lastEvidence ?? 'none', h.days ?? '—'])),
    '',
  ];
  return out.join('\n');
};
