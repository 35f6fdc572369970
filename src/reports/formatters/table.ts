import { Chalk } from 'chalk';
import { renderTable } from '../../format/table.js';
import type { ReportFormatter } from './index.js';
import { percent, sparkline, trendWord } from './index.js';

/** The terminal view: fitted tables, sparklines, overdue rows highlighted. */
export const formatTable: ReportFormatter = (r, { color, width }) => {
  const c = new Chalk({ level: color ? 1 : 0 });
  const t = (head: string[], rows: string[][]) => renderTable(head, rows, { color, width });
  const e = r.experimentsPerWeek;
  return [
    c.bold(`Discovery health — ${r.name || 'report'}, as of ${r.asOf}`) + c.dim(`  (window ${r.since} to ${r.asOf})`),
    ...r.problems.slice(0, 10).map((p) => c.yellow(`! ${p.file}:${p.line ?? 1}  ${p.message}`)),
    ...(r.problems.length > 10 ? [c.yellow(`! … and ${r.problems.length - 10} more; run pdx validate`)] : []),
    ...r.notices.map((n) => c.yellow(`! ${n}`)),
    '',
    c.bold('Experiments per week') + `  ${sparkline(e.weeks.map((w) => w.concluded))}  average ${e.average} vs target ${e.target} (${trendWord(e.average, e.previousAverage)})`,
    t(['team', 'kind', 'weekly', 'average', 'target'], e.byTeam.map((x) => [x.team, x.kind, sparkline(x.weeks.map((w) => w.concluded)), String(x.average), String(x.target)])),
    '',
    c.bold('Time in stage') + c.dim('  (past the threshold: time to check in)'),
    t(['initiative', 'stage', 'since', 'days', 'check in after'], r.stageAging.map((s) => {
      const cells = [s.initiative, s.stage, s.enteredOn ?? 'unknown', s.days === null ? '—' : String(s.days), String(s.warnAfterDays)];
      return s.overdue ? cells.map((x) => c.yellow(x)) : cells;
    })),
    '',
    c.bold('Gate readiness'),
    t(['initiative', 'next', 'missing'], r.gateReadiness.map((g) => [g.initiative, g.next ?? '—', g.ready ? c.green('ready') : g.missing.join('\n')])),
    '',
    c.bold('What we learned') + `  claims ${r.claims.supported} supported, ${r.claims.refuted} refuted, ${r.claims.untested} untested; ${r.learnings.invalidatedHypotheses + r.learnings.invalidatedExperiments} learnings from invalidations; ${r.customersHeard} customers heard`,
    t(['kind', 'draft', 'testing', 'validated', 'invalidated'], Object.entries(r.hypotheses).map(([kind, s]) => [kind, String(s.draft), String(s.testing), String(s.validated), String(s.invalidated)])),
    '',
    c.bold('OKRs'),
    t(['objective / key result', 'baseline → target', 'current', 'progress', 'last check-in'], r.okrs.flatMap((o) => [
      [c.bold(o.objective), '', '', percent(o.progress), ''],
      ...o.keyResults.map((k) => [`  ${k.metric}`, `${k.baseline} → ${k.target}${k.unit ? ` ${k.unit}` : ''}`, k.current === null ? '—' : String(k.current), percent(k.progress), k.stale ? c.yellow(`${k.lastCheckIn ?? 'never'} (stale)`) : (k.lastCheckIn ?? '')]),
    ])),
    '',
    c.bold('Stale work'),
    t(['what', 'since', 'note'], [
      ...r.stale.experiments.map((x) => [`experiment ${x.id}`, x.started, `${x.daysRunning} days running, planned ${x.plannedDays}`]),
      ...r.stale.hypotheses.map((h) => [`hypothesis ${h.id}`, h.lastEvidence ?? '—', h.days === null ? 'testing with no evidence yet' : `no new evidence for ${h.days} days`]),
    ]),
  ].join('\n');
};
