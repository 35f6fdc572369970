import { escapeMarkup } from '../../format/safe-text.js';
import type { Report } from '../build.js';
import type { Assumption } from '../metrics/assumptions.js';
import type { ReportFormatter } from './index.js';
import type { MeasurePace } from '../metrics/experiments.js';
import type { KeyResultProgress } from '../metrics/okrs.js';
import { daysBetween } from '../../model/dates.js';
import { DASH_NOTE, MEASURE_NAMES, MEASURE_TEAMS, balanceMove, count, hasDash, paceMeasures, paceWords, percent, recentWeeks, weekCell } from './index.js';
import { abCell, abHead, countsWords } from '../metrics/outcomes.js';
import { budgetLine, investmentMix, MIX_NOTE, mixLine, mixRows } from '../metrics/investment-mix.js';

/** Every value the page shows, escaped for HTML with control and bidi characters made visible. */
const esc = (text: string | number) => escapeMarkup(String(text));

/** Round numbers for an axis from 0 (or `min`) to `max`: 0, ½ and the top, at most three decimals. */
const tick = (v: number) => String(Math.round(v * 1000) / 1000);

/**
 * Bars of one measure per team each week, with a dashed line at one team's target and the y axis
 * valued: a measure is never drawn against another's target, nor against a sum of targets.
 */
function paceChart(m: MeasurePace): string {
  const { weeks, target } = m;
  const each = (w: MeasurePace['weeks'][number]) => (w.teams === 0 ? 0 : w.count / w.teams);
  const max = Math.max(target, ...weeks.map(each), 1);
  const w = 640;
  const h = 200;
  const left = 40;
  const pad = 24;
  const bw = (w - left - pad) / weeks.length;
  const y = (v: number) => h - pad - (v / max) * (h - pad * 2);
  const bars = weeks
    .map((wk, i) => `<rect class="bar" x="${(left + i * bw + 2).toFixed(1)}" y="${y(each(wk)).toFixed(1)}" width="${Math.max(bw - 4, 1).toFixed(1)}" height="${(h - pad - y(each(wk))).toFixed(1)}"><title>${esc(wk.week)}: ${wk.count} ${esc(m.unit)} by ${count(wk.teams, 'team')}, ${tick(each(wk))} per team</title></rect>${weeks.length <= 26 ? `<text x="${(left + i * bw + bw / 2).toFixed(1)}" y="${h - 6}" class="tick">${esc(wk.week.slice(5))}</text>` : ''}`)
    .join('');
  const axis = [0, max / 2, max].map((v) => `<line class="grid" x1="${left}" x2="${w - pad}" y1="${y(v).toFixed(1)}" y2="${y(v).toFixed(1)}"/><text class="axis-value" x="${left - 4}" y="${(y(v) + 4).toFixed(1)}" text-anchor="end">${tick(v)}</text>`).join('');
  return `<svg id="chart-pace-${m.measure}" class="pace-chart" role="img" aria-label="${esc(MEASURE_NAMES[m.measure])} per team per week against the target of one team, ${target}" viewBox="0 0 ${w} ${h}" width="100%">${axis}${bars}<line class="target" x1="${left}" x2="${w - pad}" y1="${y(target).toFixed(1)}" y2="${y(target).toFixed(1)}"/><text class="label" x="${w - pad}" y="${(y(target) - 4).toFixed(1)}" text-anchor="end">target ${target}/week per team</text></svg>`;
}

/** Every team of one measure with its numbers per week (the last twelve), its average and target: the chart in words. */
function paceTable(r: Report, m: MeasurePace): string {
  const weeks = recentWeeks(r, 12);
  const teams = r.experimentsPerWeek.byTeam.filter((t) => t.measure === m.measure);
  return table(['team', ...weeks.map((w) => w.label), 'average', 'target'], teams.map((t) => [t.team, ...weeks.map((w) => weekCell(t, w.index)), t.average, t.target]));
}

/**
 * A key result's check-ins over the window as a line, with its baseline and target as labelled
 * lines and values on the y axis, dates on the x axis; each check-in a point with its date and
 * value as a tooltip. A table after it says the same in words.
 */
function krChart(k: KeyResultProgress, since: string, asOf: string): string {
  const w = 640;
  const h = 180;
  const left = 48;
  const right = 90;
  const top = 14;
  const bottom = 26;
  const values = [k.baseline, k.target, ...k.history.map((c) => c.value)];
  const lo = Math.min(...values);
  const hi = Math.max(...values);
  const span = hi - lo || 1;
  const y = (v: number) => top + (1 - (v - lo) / span) * (h - top - bottom);
  const days = Math.max(daysBetween(since, asOf), 1);
  const x = (date: string) => left + (Math.min(Math.max(daysBetween(since, date), 0), days) / days) * (w - left - right);
  const unit = k.unit ? ` ${k.unit}` : '';
  const level = (cls: string, name: string, v: number) => `<line class="${cls}" x1="${left}" x2="${w - right}" y1="${y(v).toFixed(1)}" y2="${y(v).toFixed(1)}"/><text class="${cls}-label label" x="${w - right + 4}" y="${(y(v) + 4).toFixed(1)}">${name} ${esc(tick(v))}${esc(unit)}</text>`;
  const points = k.history.map((c) => `${x(c.date).toFixed(1)},${y(c.value).toFixed(1)}`).join(' ');
  const dots = k.history.map((c) => `<circle class="checkin" cx="${x(c.date).toFixed(1)}" cy="${y(c.value).toFixed(1)}" r="4"><title>${esc(c.date)}: ${esc(tick(c.value))}${esc(unit)}</title></circle>`).join('');
  const yAxis = [lo, (lo + hi) / 2, hi].map((v) => `<text class="axis-value" x="${left - 4}" y="${(y(v) + 4).toFixed(1)}" text-anchor="end">${esc(tick(v))}</text>`).join('');
  const xAxis = `<line class="grid" x1="${left}" x2="${w - right}" y1="${h - bottom}" y2="${h - bottom}"/><text class="axis-value" x="${left}" y="${h - 8}">${esc(since)}</text><text class="axis-value" x="${w - right}" y="${h - 8}" text-anchor="end">${esc(asOf)}</text>`;
  return `<svg id="kr-chart-${esc(k.id)}" class="kr-chart" role="img" aria-label="${esc(k.metric)}: ${k.history.length} check-ins from ${esc(since)} to ${esc(asOf)}, baseline ${esc(tick(k.baseline))}, target ${esc(tick(k.target))}" viewBox="0 0 ${w} ${h}" width="100%">${xAxis}${yAxis}${level('baseline', 'baseline', k.baseline)}${level('target', 'target', k.target)}${k.history.length > 1 ? `<polyline class="history" points="${points}"/>` : ''}${dots}</svg>`;
}

/** Each key result: its chart and its check-ins as a table, or a sentence when the window has none. */
function krHistories(r: Report, o: Report['okrs'][number]): string {
  return o.keyResults
    .map((k) => `<h4>${esc(k.metric)}</h4>\n${k.history.length === 0 ? '<p class="none">no check-ins in the window</p>' : `${krChart(k, r.since, r.asOf)}\n<table class="kr-history"><caption>${esc(k.metric)}: check-ins (baseline ${esc(tick(k.baseline))}, target ${esc(tick(k.target))})</caption><thead><tr><th>date</th><th>value</th></tr></thead><tbody>${k.history.map((c) => `<tr><td>${esc(c.date)}</td><td>${esc(tick(c.value))}</td></tr>`).join('')}</tbody></table>`}`)
    .join('\n');
}

/** Horizontal bars of days in stage, with each stage's check-in threshold marked. */
function agingChart(r: Report): string {
  const rows = r.stageAging;
  const max = Math.max(...rows.map((s) => Math.max(s.days ?? 0, s.warnAfterDays)), 1);
  const w = 640;
  const rh = 26;
  const left = 170;
  const x = (v: number) => left + (v / max) * (w - left - 20);
  const body = rows
    .map((s, i) => {
      const top = i * rh + 4;
      return `<text class="label" x="4" y="${top + 16}">${esc(s.initiative)}</text><rect class="${s.overdue ? 'bar overdue' : 'bar'}" x="${left}" y="${top}" width="${((s.days ?? 0) / max) * (w - left - 20)}" height="${rh - 8}"><title>${esc(s.initiative)}: ${s.days ?? 'unknown'} days in ${s.stage}</title></rect><line class="threshold" x1="${x(s.warnAfterDays).toFixed(1)}" x2="${x(s.warnAfterDays).toFixed(1)}" y1="${top - 2}" y2="${top + rh - 4}"/>`;
    })
    .join('');
  return `<svg id="chart-aging" role="img" aria-label="Days in the current stage against the check-in threshold" viewBox="0 0 ${w} ${rows.length * rh + 8}" width="100%">${body}</svg>`;
}

/** Initiatives per stage, as a row of columns, and a last one (class `graduated`) for those handed to product management. */
function funnelChart(r: Report): string {
  const { graduated, ...perStage } = r.funnel;
  const stages = Object.entries(perStage);
  const max = Math.max(...stages.map(([, n]) => n), graduated, 1);
  const w = 640;
  const h = 160;
  const bw = w / (stages.length + 1);
  const body = stages
    .map(([stage, n], i) => {
      const bh = (n / max) * (h - 50);
      return `<rect class="bar" x="${(i * bw + 6).toFixed(1)}" y="${(h - 30 - bh).toFixed(1)}" width="${(bw - 12).toFixed(1)}" height="${bh.toFixed(1)}"><title>${esc(stage)}: ${n}</title></rect><text class="tick" x="${(i * bw + bw / 2).toFixed(1)}" y="${h - 12}">${esc(stage)}</text><text class="tick" x="${(i * bw + bw / 2).toFixed(1)}" y="${(h - 34 - bh).toFixed(1)}">${n}</text>`;
    })
    .join('');
  const gx = stages.length * bw;
  const gh = (graduated / max) * (h - 50);
  const column = `<rect class="graduated" x="${(gx + 6).toFixed(1)}" y="${(h - 30 - gh).toFixed(1)}" width="${(bw - 12).toFixed(1)}" height="${gh.toFixed(1)}"><title>graduated (handed off): ${graduated}</title></rect><text class="tick" x="${(gx + bw / 2).toFixed(1)}" y="${h - 12}">graduated</text><text class="tick" x="${(gx + bw / 2).toFixed(1)}" y="${(h - 34 - gh).toFixed(1)}">${graduated}</text>`;
  return `<svg id="chart-funnel" role="img" aria-label="Initiatives per stage, and those graduated to product management" viewBox="0 0 ${w} ${h}" width="100%">${body}${column}</svg>`;
}

/** Each domain with its products and, under each product, its expansions with their stage: nested lists. */
function productsList(r: Report): string {
  if (r.products.length === 0) return '<p class="none">no initiative handed off yet</p>';
  return `<ul id="products">${r.products
    .map((d) => `<li class="domain" id="domain-${esc(d.domain)}"><strong>${esc(d.domain)}</strong>${d.name ? ` — ${esc(d.name)}` : ''}<ul>${d.products
      .map((p) => `<li class="product" id="product-${esc(p.id)}"><strong>${esc(p.id)}</strong> ${esc(p.title)}: handed off on ${esc(p.handedOffOn)}${p.forced ? ' (forced)' : ''}${p.expansions.length === 0 ? '' : `<ul>${p.expansions.map((x) => `<li class="expansion" id="expansion-${esc(x.id)}">expansion <strong>${esc(x.id)}</strong> ${esc(x.title)}: ${esc(x.stage)}${x.domain ? `, a product of ${esc(x.domain)}` : ''}</li>`).join('')}</ul>`}</li>`)
      .join('')}</ul></li>`)
    .join('')}</ul>`;
}

/** The words a map label is made of: the hypothesis without its initiative's prefix, and the claim id. */
export function mapLabel(a: Assumption): string {
  const short = a.hypothesis.startsWith(`${a.initiative}-`) ? a.hypothesis.slice(a.initiative.length + 1) : a.hypothesis;
  const label = `${short} ${a.claim}`;
  return label.length > MAP_LABEL_CHARS ? `${label.slice(0, MAP_LABEL_CHARS - 1)}…` : label;
}
/** Labels longer than this are cut: they must fit their quadrant's width at the map's font size. */
const MAP_LABEL_CHARS = 34;

/**
 * David Bland's assumption map for one initiative: importance (important: high or medium, the
 * default; less important: low) against evidence (weakly known: none or weak only; strongly
 * known: some record of what customers did). Each claim is a labelled note in its quadrant,
 * listed riskiest first, one row each, so no two labels can overlap; the table after it says the
 * same in words.
 */
function assumptionMap(initiative: string, claims: Assumption[]): string {
  const w = 640;
  const left = 28;
  const top = 22;
  const colW = (w - left) / 2;
  const rowH = 18;
  const head = 22;
  const cell = (important: boolean, strong: boolean) => claims.filter((a) => (a.importance !== 'low') === important && (a.strongest === 'strong') === strong);
  const rowsIn = (important: boolean) => Math.max(cell(important, false).length, cell(important, true).length, 1);
  const bandH = (important: boolean) => head + rowsIn(important) * rowH + 8;
  const h = top + bandH(true) + bandH(false);
  const notes = (important: boolean, strong: boolean) => {
    const x0 = left + (strong ? colW : 0);
    const y0 = top + (important ? 0 : bandH(true));
    return cell(important, strong)
      .map((a, i) => {
        const y = y0 + head + i * rowH + 12;
        const mark = a.strongest === 'none' ? 'none' : a.strongest;
        return `<g class="claim ${esc(a.importance)}"><circle class="known-${mark}" cx="${x0 + 14}" cy="${y - 4}" r="4"/><text class="claim-label" x="${x0 + 24}" y="${y}">${esc(mapLabel(a))}</text><title>${esc(a.hypothesis)} ${esc(a.claim)} (${esc(a.importance)} importance, ${a.strongest === 'none' ? 'no evidence' : `${a.strongest} evidence`}: ${a.balance.supports} for, ${a.balance.refutes} against, ${a.balance.neutral} neutral): ${esc(a.text)}</title></g>`;
      })
      .join('');
  };
  const quadrant = (important: boolean, strong: boolean, caption: string) => {
    const x = left + (strong ? colW : 0);
    const y = top + (important ? 0 : bandH(true));
    return `<rect class="${important && !strong ? 'quadrant risky' : 'quadrant'}" x="${x}" y="${y}" width="${colW}" height="${bandH(important)}"/><text class="caption" x="${x + 8}" y="${y + 15}">${esc(caption)}</text>`;
  };
  const body = [
    quadrant(true, false, 'important, weakly known: test first'),
    quadrant(true, true, 'important, known from what customers did'),
    quadrant(false, false, 'less important, weakly known'),
    quadrant(false, true, 'less important, known'),
    notes(true, false),
    notes(true, true),
    notes(false, false),
    notes(false, true),
  ].join('');
  const axes = `<text class="axis" x="${left + colW / 2}" y="14" text-anchor="middle">weak or no evidence</text><text class="axis" x="${left + colW * 1.5}" y="14" text-anchor="middle">strong evidence</text><text class="axis" transform="translate(16 ${top + bandH(true) / 2}) rotate(-90)" text-anchor="middle">important</text><text class="axis" transform="translate(16 ${top + bandH(true) + bandH(false) / 2}) rotate(-90)" text-anchor="middle">less</text>`;
  return `<svg id="map-${esc(initiative)}" class="assumption-map" role="img" aria-label="Assumption map of ${esc(initiative)}: importance against evidence, ${claims.length} claims" viewBox="0 0 ${w} ${h}" width="100%">${axes}${body}</svg>`;
}

/** One map and one table per initiative with current claims, in the order of the records. */
function assumptionMaps(r: Report): string {
  const initiatives = [...new Set(r.assumptions.map((a) => a.initiative))].sort();
  if (initiatives.length === 0) return '<p class="none">no current claims yet</p>';
  return initiatives
    .map((id) => {
      const claims = r.assumptions.filter((a) => a.initiative === id);
      return `<h3>${esc(id)}</h3>
${assumptionMap(id, claims)}
${table(['claim', 'text', 'importance', 'evidence', 'strongest', 'for', 'against', 'neutral'], claims.map((a) => [`${a.hypothesis} ${a.claim}`, a.text, a.importance, a.evidence, a.strongest === 'none' ? 'no evidence' : a.strongest, a.balance.supports, a.balance.refutes, a.balance.neutral]))}`;
    })
    .join('\n');
}

const table = (head: string[], rows: (string | number)[][]) =>
  rows.length === 0 ? '<p class="none">none</p>' : `<table><thead><tr>${head.map((x) => `<th>${esc(x)}</th>`).join('')}</tr></thead><tbody>${rows.map((row) => `<tr>${row.map((x) => `<td>${esc(x)}</td>`).join('')}</tr>`).join('')}</tbody></table>`;

/** The page style, shared with the portfolio page. */
export const STYLE = `body{font:15px/1.45 system-ui,sans-serif;max-width:900px;margin:2rem auto;padding:0 1rem;color:#1b1f24}
h1{font-size:1.5rem}h2{font-size:1.15rem;margin-top:2rem;border-bottom:1px solid #d0d7de}
table{border-collapse:collapse;width:100%;margin:.5rem 0}th,td{text-align:left;padding:.25rem .5rem;border-bottom:1px solid #eaeef2}
.bar{fill:#4a7bd0}.graduated{fill:#1a7f37}.grid{stroke:#eaeef2}.axis-value{font-size:11px;fill:#57606a}.baseline{stroke:#57606a;stroke-dasharray:2 3;stroke-width:1.5}.history{fill:none;stroke:#4a7bd0;stroke-width:2}.checkin{fill:#4a7bd0}.kr-history caption{text-align:left;color:#57606a;font-size:.9em}.overdue{fill:#d4a72c}.target{stroke:#cf222e;stroke-dasharray:6 4;stroke-width:2}.threshold{stroke:#cf222e;stroke-width:2}
.quote{margin:.5rem 0;padding-left:1rem;border-left:3px solid #d0d7de}.quote p{margin:0}.quote footer{color:#57606a;font-size:.9em}
.quadrant{fill:#f6f8fa;stroke:#d0d7de}.risky{fill:#fff1e5}.caption{font-size:11px;fill:#57606a}.axis{font-size:11px;fill:#57606a}
.claim-label{font-size:12px;fill:#1b1f24}.claim.high .claim-label{font-weight:600}.known-none{fill:none;stroke:#cf222e;stroke-width:1.5}.known-weak{fill:#d4a72c}.known-strong{fill:#1a7f37}
.tick{font-size:11px;text-anchor:middle;fill:#57606a}.label{font-size:12px;fill:#1b1f24}.warn{color:#9a6700}.none{color:#57606a}
@media print{body{margin:0;max-width:none}h2{break-after:avoid}svg,table{break-inside:avoid}}`;

/** Experiments per key result, domain experiments without one, and each domain's warnings with their fixes. */
function outcomesHtml(r: Report): string {
  const krs = r.outcomes.keyResults
    .map((k) => `<h3 id="kr-${esc(k.kr)}">${esc(k.kr)} <small>(${esc(k.domain)}, ${esc(k.period)}): ${esc(countsWords(k.counts))}</small></h3>${k.experiments.length > 0 ? table(['experiment', 'title', 'result', ...abHead(k.experiments)], k.experiments.map((x) => [x.id, x.title ?? '', x.result ?? x.status, ...abCell(k.experiments, x)])) : ''}`)
    .join('\n');
  const unlinked = r.outcomes.unlinked.length === 0 ? '' : `<p class="warn" id="unlinked"><strong>Output without an outcome:</strong> ${esc(count(r.outcomes.unlinked.length, 'domain experiment'))} with no key result.</p>${table(['experiment', 'domain', 'title', 'result', ...abHead(r.outcomes.unlinked)], r.outcomes.unlinked.map((x) => [x.id, x.domain, x.title ?? '', x.result ?? x.status, ...abCell(r.outcomes.unlinked, x)]))}`;
  const warned = r.domains.filter((d) => d.warnings.length > 0);
  const domains = warned.length === 0 ? '' : `<h2>Domains</h2><p>What each domain team lacks, and the command that supplies it.</p>${warned.map((d) => `<h3>${esc(d.domain)} <small>${esc(d.name)}</small></h3><ul>${d.warnings.map((w) => `<li class="warn">${esc(w.message)}: <code>${esc(w.fix)}</code></li>`).join('')}</ul>`).join('\n')}`;
  return `<h2>Experiments per key result</h2>
${krs || '<p class="none">no key result yet</p>'}
${unlinked}
${domains}`;
}

/** Investment: the split of people (and budget) in words, then a table of every team: numbers in text, never colour alone. */
function investmentHtml(r: Report): string {
  const mix = investmentMix(r.investment);
  const budget = budgetLine(mix);
  const { head, rows } = mixRows(mix);
  return `<section id="investment"><h2>Investment</h2>
<p>${esc(MIX_NOTE[0]!.toUpperCase() + MIX_NOTE.slice(1))}.</p>
<p class="mix">${esc(mixLine(mix))}.</p>
${budget ? `<p class="budget">${esc(budget[0]!.toUpperCase() + budget.slice(1))}.</p>\n` : ''}${rows.length > 0 ? `<table id="investment-teams"><caption>People and budget per team</caption><thead><tr>${head.map((x) => `<th scope="col">${esc(x)}</th>`).join('')}</tr></thead><tbody>${rows.map(([team, ...cells]) => `<tr><th scope="row">${esc(team!)}</th>${cells.map((x) => `<td>${esc(x)}</td>`).join('')}</tr>`).join('')}</tbody></table>` : ''}</section>`;
}

/** One self-contained page: inline CSS and SVG, no script, no network. */
export const formatHtml: ReportFormatter = (r) => {
  const e = r.experimentsPerWeek;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>Discovery health — ${esc(r.name)} — ${esc(r.asOf)}</title><style>${STYLE}</style></head>
<body>
<h1>Discovery health — ${esc(r.name)}</h1>
${r.vision ? `<p class="vision"><strong>Vision:</strong> ${esc(r.vision)}</p>
` : ''}<p>As of ${esc(r.asOf)}, window ${esc(r.since)} to ${esc(r.asOf)} (${esc(r.window)}).</p>
${r.problems.length > 0 ? `<p class="warn">${r.problems.length} problem(s) in the records were left out of these numbers; run <code>pdx validate</code>.</p>` : ''}
${r.notices.map((n) => `<p class="warn">${esc(n)}</p>`).join('')}
<h2>Pace per week</h2>
<p>Each measure per team against the target of one team: A/B tests for domain teams, prototype and usability iterations in prototyping and design, customer touchpoints before them and, in release and mvp, with the feedback group and paying customers.</p>
${paceMeasures(r).map((m) => `<h3>${esc(MEASURE_NAMES[m.measure])} (${count(m.teams, 'team')}: ${esc(MEASURE_TEAMS[m.measure])})</h3>
<p>${esc(m.unit[0]!.toUpperCase() + m.unit.slice(1))}: ${esc(paceWords(m, 'long'))}.</p>
${paceChart(m)}
${paceTable(r, m)}`).join('\n') || '<p class="none">no initiative or domain yet</p>'}
${hasDash(r, recentWeeks(r, 12)) ? `<p class="none">${esc(DASH_NOTE)}</p>` : ''}
${e.handedOff.length > 0 ? `<p class="none">Handed off to a domain, no longer paced as discovery: ${esc(e.handedOff.join(', '))}.</p>` : ''}
<h2>Time in stage</h2>
<p>Past the line is a prompt to check in, not a deadline.</p>
${agingChart(r)}
<h2>Funnel</h2>
${funnelChart(r)}
<h2>Products</h2>
${productsList(r)}
${investmentHtml(r)}
<h2>Gate readiness</h2>
${table(['initiative', 'stage', 'next', 'missing'], r.gateReadiness.map((g) => [g.initiative, g.stage, g.next ?? '—', g.ready ? 'ready' : g.missing.join('; ')]))}
<h2>What we learned</h2>
<p>Claims: ${r.claims.supported} supported, ${r.claims.refuted} refuted, ${r.claims.untested} untested. Learnings: ${r.learnings.invalidatedHypotheses} invalidated hypotheses, ${r.learnings.invalidatedExperiments} invalidated experiments, ${count(r.learnings.pivots, 'pivot')} back to an earlier stage. Customers heard: ${r.customersHeard}.</p>
<h2>What we heard</h2>
<p>Quotes logged since ${esc(r.since)}, at most three per initiative, what customers did before what they said.</p>
${r.whatWeHeard.quotes.map((q) => `<blockquote class="quote"><p>“${esc(q.quote)}”</p><footer>${esc(q.customer)}, ${esc(q.source)}, ${esc(q.date)} (${esc(q.initiative)})</footer></blockquote>`).join('\n') || '<p class="none">no quotes logged in the window</p>'}
<h3>Claims whose balance changed</h3>
${table(['claim', 'hypothesis', 'balance'], r.whatWeHeard.claimsChanged.map((x) => [`${x.claim} ${x.text}`, x.hypothesis, balanceMove(x.before, x.after)]))}
<h2>Assumption map</h2>
<p>Each current claim by how much rides on it (high and medium importance are important; low is less) and how it is known: a hollow mark has no evidence, amber only what people said, green what they did. Bold labels are high importance; the top-left quadrant is what to test next.</p>
${assumptionMaps(r)}
<h2>OKRs</h2>
${r.okrs.map((o) => `<h3>${esc(o.objective)} <small>(${esc(o.domain)}, ${esc(o.period)}) ${percent(o.progress)}</small></h3>${table(['key result', 'baseline', 'target', 'current', 'progress', 'last check-in'], o.keyResults.map((k) => [k.metric, k.baseline, k.target, k.current ?? '—', percent(k.progress), `${k.lastCheckIn ?? 'never'}${k.stale ? ' (stale)' : ''}`]))}
${krHistories(r, o)}`).join('\n')}
${outcomesHtml(r)}
</body></html>
`;
};
