import { Chalk } from 'chalk';
import { safeLine } from '../../format/safe-text.js';
import { paragraph, renderTable, type Cell } from '../../format/table.js';
import type { ReportFormatter } from './index.js';
import { DASH_NOTE, MEASURE_NAMES, balanceMove, count, hasDash, historyValues, paceMeasures, paceWords, percent, recentWeeks, riskiest, riskyLine, sparkline, valueSparkline, weekCell } from './index.js';
import { countsWords } from '../metrics/outcomes.js';
import { budgetLine, investmentMix, MIX_NOTE, mixLine, mixRows } from '../metrics/investment-mix.js';

/** One line per measure: `  A/B tests, domain teams (2)  ▁█▁  3.5 each vs target 20; 0 of 2 at target (up from 2)`. */
function paceLines(r: Parameters<ReportFormatter>[0]): string[] {
  const measures = paceMeasures(r).map((m) => ({ ...m, label: `${MEASURE_NAMES[m.measure]} (${count(m.teams, 'team')})` }));
  if (measures.length === 0) return ['  no initiative or domain yet'];
  const width = Math.max(...measures.map((m) => m.label.length));
  return measures.map((m) => `  ${m.label.padEnd(width)}  ${sparkline(m.weeks.map((w) => (w.teams === 0 ? 0 : w.count / w.teams)))}  ${paceWords(m)}`);
}

/**
 * Domains on outcomes: each key result with the experiments run for it (counts by result, then
 * each one's title, result and, for an A/B test with counts, its lift and p-value), the domain experiments that name no key result, and what each
 * domain lacks, each with its fix.
 */
function outcomeLines(r: Parameters<ReportFormatter>[0], p: (...parts: Cell[]) => string, warning: (text: string) => string): string[] {
  const lines = [p({ text: 'Experiments per key result', style: 'bold' }, { text: '  (what each domain ran to move its outcomes)', style: 'dim' })];
  if (r.outcomes.keyResults.length === 0) lines.push(p({ text: '  no key result yet', style: 'dim' }));
  for (const k of r.outcomes.keyResults) {
    lines.push(p(`  ${safeLine(k.kr)}`, { text: ` (${safeLine(k.domain)}, ${safeLine(k.period)}): `, style: 'dim' }, countsWords(k.counts)));
    for (const x of k.experiments) lines.push(p(`    ${safeLine(x.id)}`, x.title ? `  ${safeLine(x.title)}` : '', { text: `  ${x.result ?? x.status}`, style: x.result === 'validated' ? 'green' : x.result === 'invalidated' ? 'red' : 'dim' }, x.ab ? `  ${x.ab}` : ''));
  }
  if (r.outcomes.unlinked.length > 0) {
    lines.push(warning(`! Output without an outcome: ${count(r.outcomes.unlinked.length, 'domain experiment')} with no key result`));
    for (const x of r.outcomes.unlinked) lines.push(p(`    ${safeLine(x.id)}`, { text: ` (${safeLine(x.domain)})`, style: 'dim' }, x.title ? `  ${safeLine(x.title)}` : '', `  ${x.result ?? x.status}`, x.ab ? `  ${x.ab}` : ''));
  }
  const warned = r.domains.filter((d) => d.warnings.length > 0);
  if (warned.length > 0) {
    lines.push('', p({ text: 'Domains', style: 'bold' }, { text: '  (what each domain team lacks, and the command that supplies it)', style: 'dim' }));
    for (const d of warned) {
      lines.push(p(`  ${safeLine(d.domain)}`, { text: `  ${safeLine(d.name)}`, style: 'dim' }));
      for (const w of d.warnings) lines.push(warning(`    ! ${safeLine(w.message)}`), p({ text: '      → ', style: 'dim' }, safeLine(w.fix)));
    }
  }
  return lines;
}

/** Products: each domain's products (handed off on DATE) and, under each, its expansions with their stage. */
function productLines(r: Parameters<ReportFormatter>[0], p: (...parts: Cell[]) => string, t: (head: string[], rows: Cell[][]) => string): string[] {
  const head = p({ text: 'Products', style: 'bold' }, { text: '  (handed to product management, by domain, with their expansions)', style: 'dim' });
  if (r.products.length === 0) return [head, p({ text: '  no initiative handed off yet', style: 'dim' })];
  const expansion = (x: { id: string; stage: string; domain: string | null }) => `${x.id} (${x.stage}${x.domain ? `, a product of ${x.domain}` : ''})`;
  return [
    head,
    t(['domain', 'product', 'handed off', 'expansions'], r.products.flatMap((d) => d.products.map((product, i) => [
      i === 0 ? { text: d.name ? `${d.domain}\n${d.name}` : d.domain, style: 'bold' as const } : '',
      `${product.id}\n${product.title}`,
      `${product.handedOffOn}${product.forced ? ' (forced)' : ''}`,
      product.expansions.length === 0 ? '—' : product.expansions.map(expansion).join('\n'),
    ]))),
  ];
}

/** Investment: the people (and the budget, when any team has one) in discovery and in product management, then each team. */
function investmentLines(r: Parameters<ReportFormatter>[0], p: (...parts: Cell[]) => string, t: (head: string[], rows: Cell[][]) => string): string[] {
  const mix = investmentMix(r.investment);
  const budget = budgetLine(mix);
  const { head, rows } = mixRows(mix);
  return [
    p({ text: 'Investment', style: 'bold' }, { text: `  (${MIX_NOTE})`, style: 'dim' }),
    p(`  ${mixLine(mix)}`),
    ...(budget ? [p(`  ${budget}`)] : []),
    ...(rows.length > 0 ? [t(head, rows)] : []),
  ];
}

/**
 * The terminal view: fitted tables, sparklines, and flagged rows marked twice, in colour and in
 * text that survives a pipe (`!` before an initiative past its stage's threshold, `(stale)` after
 * a key result's last check-in), every line within the terminal's width.
 */
export const formatTable: ReportFormatter<string> = (r, { color, width }) => {
  const c = new Chalk({ level: color ? 1 : 0 });
  const t = (head: string[], rows: Cell[][]) => renderTable(head, rows, { color, width });
  const p = (...parts: Cell[]) => paragraph(parts, { color, width }, 2);
  const warning = (text: string) => p({ text, style: 'yellow' });
  const e = r.experimentsPerWeek;
  const weeks = recentWeeks(r);
  return [
    p({ text: `Discovery health — ${safeLine(r.name) || 'report'}, as of ${r.asOf}`, style: 'bold' }, { text: `  (window ${r.since} to ${r.asOf})`, style: 'dim' }),
    ...(r.vision ? [p({ text: 'Vision: ', style: 'dim' }, r.vision)] : []),
    ...r.problems.slice(0, 10).map((x) => warning(`! ${safeLine(x.file)}:${x.line ?? 1}  ${safeLine(x.message)}`)),
    ...(r.problems.length > 10 ? [warning(`! … and ${r.problems.length - 10} more; run pdx validate`)] : []),
    ...r.notices.map((n) => warning(`! ${safeLine(n)}`)),
    '',
    p({ text: 'Pace per week', style: 'bold' }, { text: '  (each measure per team against the target of one team: A/B tests for domains, prototype iterations in prototyping and design, customer touchpoints otherwise)', style: 'dim' }),
    ...paceLines(r).map((line) => p(line)),
    t(['team', 'measure', ...weeks.map((w) => w.label), 'average', 'target'], e.byTeam.map((x) => [x.team, MEASURE_NAMES[x.measure], ...weeks.map((w) => weekCell(x, w.index)), String(x.average), String(x.target)])),
    ...(hasDash(r, weeks) ? [p({ text: `  ${DASH_NOTE}`, style: 'dim' })] : []),
    ...(e.handedOff.length > 0 ? [p({ text: `  handed off to a domain, no longer paced as discovery: ${e.handedOff.join(', ')}`, style: 'dim' })] : []),
    '',
    p({ text: 'Time in stage', style: 'bold' }, { text: '  (! past the threshold: time to check in)', style: 'dim' }),
    t(['initiative', 'stage', 'since', 'days', 'check in after'], r.stageAging.map((s) => {
      const cells = [s.overdue ? `! ${s.initiative}` : s.initiative, s.stage, s.enteredOn ?? 'unknown', s.days === null ? '—' : String(s.days), String(s.warnAfterDays)];
      return s.overdue ? cells.map((text) => ({ text, style: 'yellow' as const })) : cells;
    })),
    '',
    c.bold('Gate readiness'),
    // One line per missing rule: a newline inside a message must not look like another rule.
    t(['initiative', 'next', 'missing'], r.gateReadiness.map((g) => [g.initiative, g.next ?? '—', g.ready ? { text: 'ready', style: 'green' } : g.missing.map(safeLine).join('\n')])),
    '',
    ...productLines(r, p, t),
    '',
    ...investmentLines(r, p, t),
    '',
    p({ text: 'What we learned', style: 'bold' }, `  claims ${r.claims.supported} supported, ${r.claims.refuted} refuted, ${r.claims.untested} untested; ${r.learnings.invalidatedHypotheses + r.learnings.invalidatedExperiments} learnings from invalidations; ${count(r.learnings.pivots, 'pivot')}; ${r.customersHeard} customers heard`),
    t(['kind', 'draft', 'testing', 'validated', 'invalidated'], Object.entries(r.hypotheses).map(([kind, s]) => [kind, String(s.draft), String(s.testing), String(s.validated), String(s.invalidated)])),
    '',
    p({ text: 'What we heard', style: 'bold' }, { text: `  (quotes logged since ${r.since}, what customers did before what they said; claims whose balance of evidence changed)`, style: 'dim' }),
    ...(r.whatWeHeard.quotes.length === 0 ? [p({ text: '  no quotes logged in the window', style: 'dim' })] : r.whatWeHeard.quotes.map((q) => p(`  “${safeLine(q.quote)}”`, { text: ` — ${safeLine(q.customer)}, ${q.source}, ${q.date} (${safeLine(q.initiative)})`, style: 'dim' }))),
    t(['claim', 'hypothesis', 'balance'], r.whatWeHeard.claimsChanged.map((x) => [`${x.claim} ${x.text}`, x.hypothesis, balanceMove(x.before, x.after)])),
    '',
    c.bold('Riskiest assumptions'),
    ...((risky) => (risky.total === 0 ? [p(r.assumptions.length === 0 ? '  no current claims yet' : '  every important claim has strong evidence')] : [...risky.shown.map((a) => p(`  ${safeLine(riskyLine(a))}`)), ...(risky.total > risky.shown.length ? [p(`  …and ${risky.total - risky.shown.length} more: pdx assumptions`)] : [])]))(riskiest(r)),
    '',
    c.bold('OKRs'),
    t(['objective / key result', 'baseline → target', 'current', 'progress', 'last check-in', 'check-ins in the window'], r.okrs.flatMap((o) => [
      [{ text: o.objective, style: 'bold' }, '', '', percent(o.progress), '', ''],
      ...o.keyResults.map((k) => [`  ${k.metric}`, `${k.baseline} → ${k.target}${k.unit ? ` ${k.unit}` : ''}`, k.current === null ? '—' : String(k.current), percent(k.progress), k.stale ? { text: `${k.lastCheckIn ?? 'never'} (stale)`, style: 'yellow' as const } : (k.lastCheckIn ?? ''), k.history.length === 0 ? { text: historyValues(k.history), style: 'dim' as const } : `${valueSparkline(k.history.map((c) => c.value))} ${historyValues(k.history)}`]),
    ])),
    '',
    ...outcomeLines(r, p, warning),
    '',
    c.bold('Stale work'),
    t(['what', 'since', 'note'], [
      ...r.stale.experiments.map((x) => [`experiment ${x.id}`, x.started, `${x.daysRunning} days running, planned ${x.plannedDays}`]),
      ...r.stale.hypotheses.map((h) => [`hypothesis ${h.id}`, h.lastEvidence ?? '—', h.days === null ? 'testing with no evidence yet' : `no new evidence for ${h.days} days`]),
    ]),
  ].join('\n');
};
