import { escapeMarkdown as md } from '../../format/safe-text.js';
import type { ReportFormatter } from './index.js';
import { DASH_NOTE, MEASURE_NAMES, MEASURE_TEAMS, balanceMove, count, hasDash, historyValues, paceMeasures, paceWords, percent, recentWeeks, riskiest, riskyLine, sparkline, weekCell } from './index.js';
import { abCell, abHead, countsWords } from '../metrics/outcomes.js';
import { budgetLine, investmentMix, MIX_NOTE, mixLine, mixRows } from '../metrics/investment-mix.js';

/** Markup pdx itself puts in a cell, passed through unescaped. */
class Markup {
  constructor(readonly text: string) {}
}
type MdCell = string | number | Markup;

const cell = (c: MdCell) => (c instanceof Markup ? c.text : md(String(c)));
const row = (cells: MdCell[]) => `| ${cells.map(cell).join(' | ')} |`;
const table = (head: string[], rows: MdCell[][]) => (rows.length === 0 ? '_none_' : [row(head), row(head.map(() => new Markup('---'))), ...rows.map(row)].join('\n'));

/** Experiments per key result, domain experiments without one, and each domain's warnings with their fixes. */
function outcomesMarkdown(r: Parameters<ReportFormatter>[0]): string[] {
  const out = ['## Experiments per key result', ''];
  if (r.outcomes.keyResults.length === 0) out.push('_no key result yet_', '');
  for (const k of r.outcomes.keyResults) {
    out.push(`**${md(k.kr)}** (${md(k.domain)}, ${md(k.period)}): ${countsWords(k.counts)}`, '');
    if (k.experiments.length > 0) out.push(table(['experiment', 'title', 'result', ...abHead(k.experiments)], k.experiments.map((x) => [x.id, x.title ?? '', x.result ?? x.status, ...abCell(k.experiments, x)])), '');
  }
  if (r.outcomes.unlinked.length > 0) {
    out.push(`> **Output without an outcome:** ${count(r.outcomes.unlinked.length, 'domain experiment')} with no key result.`, '');
    out.push(table(['experiment', 'domain', 'title', 'result', ...abHead(r.outcomes.unlinked)], r.outcomes.unlinked.map((x) => [x.id, x.domain, x.title ?? '', x.result ?? x.status, ...abCell(r.outcomes.unlinked, x)])), '');
  }
  const warned = r.domains.filter((d) => d.warnings.length > 0);
  if (warned.length > 0) {
    out.push('## Domains', '', 'What each domain team lacks, and the command that supplies it:', '');
    for (const d of warned) out.push(`**${md(d.domain)}** (${md(d.name)})`, '', ...d.warnings.map((w) => `- ${md(w.message)}: \`${w.fix.replace(/`/g, "'")}\``), '');
  }
  return out;
}

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

/** Investment: the people (and the budget, when any team has one) per system, then a row per team. */
function investmentSection(r: Parameters<ReportFormatter>[0]): string[] {
  const mix = investmentMix(r.investment);
  const budget = budgetLine(mix);
  const { head, rows } = mixRows(mix);
  const sentence = (text: string) => `${text[0]!.toUpperCase()}${text.slice(1)}.`;
  return ['## Investment', '', `${sentence(MIX_NOTE)}`, '', `- ${md(sentence(mixLine(mix)))}`, ...(budget ? [`- ${md(sentence(budget))}`] : []), '', ...(rows.length > 0 ? [table(head, rows), ''] : [])];
}

/** A review document to paste into a wiki or a pull request. */
export const formatMarkdown: ReportFormatter<string> = (r) => {
  const e = r.experimentsPerWeek;
  const weeks = recentWeeks(r);
  const out = [
    `# Discovery health — ${md(r.name) || 'report'}, as of ${r.asOf}`,
    '',
    ...(r.vision ? [`**Vision:** ${md(r.vision.replace(/\s+/g, ' '))}`, ''] : []),
    `Window: ${r.since} to ${r.asOf} (${r.window}).`,
    ...(r.problems.length > 0 ? ['', `> ${r.problems.length} problem(s) in the records were left out of these numbers; run \`pdx validate\`.`] : []),
    ...r.notices.map((n) => `> ${md(n)}`),
    '',
    '## Pace per week',
    '',
    'Each measure per team, against the target of one team:',
    '',
    ...(paceMeasures(r).length === 0 ? ['- no initiative or domain yet'] : paceMeasures(r).map((m) => `- ${MEASURE_NAMES[m.measure]} (${m.teams} ${MEASURE_TEAMS[m.measure]}): ${paceWords(m, 'long')}. \`${sparkline(m.weeks.map((w) => (w.teams === 0 ? 0 : w.count / w.teams)))}\``)),
    '',
    table(['team', 'measure', ...weeks.map((w) => w.label), 'average', 'target'], e.byTeam.map((t) => [t.team, MEASURE_NAMES[t.measure], ...weeks.map((w) => weekCell(t, w.index)), t.average, t.target])),
    ...(hasDash(r, weeks) ? ['', `_${DASH_NOTE}_`] : []),
    ...(e.handedOff.length > 0 ? ['', `Handed off to a domain, no longer paced as discovery: ${e.handedOff.map(md).join(', ')}.`] : []),
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
    ...investmentSection(r),
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
      // One compact line per key result: where it started, where it must go, and every check-in of the window.
      ...o.keyResults.map((k) => `- ${md(k.metric)}: baseline ${k.baseline}, target ${k.target}${k.unit ? ` ${md(k.unit)}` : ''}; ${k.history.length === 0 ? 'no check-ins in the window' : `check-ins ${historyValues(k.history)} (${k.history.map((c) => `${c.date}: ${c.value}`).join(', ')})`}`),
      '',
    ]),
    ...outcomesMarkdown(r),
    '## Stale work',
    '',
    table(['running experiment', 'started', 'planned days', 'days running'], r.stale.experiments.map((x) => [x.id, x.started, x.plannedDays, x.daysRunning])),
    '',
    table(['hypothesis in testing', 'last evidence', 'days'], r.stale.hypotheses.map((h) => [h.id, h.lastEvidence ?? 'none', h.days ?? '—'])),
    '',
  ];
  return out.join('\n');
};
