import { escapeMarkup } from '../../../format/safe-text.js';
import { MEASURE_NAMES } from '../../formatters/index.js';
import { STYLE } from '../../formatters/html.js';
import type { InvestmentMix, Portfolio, PortfolioTeam } from '../types.js';
import { MONEY_HEAD, PEOPLE_HEAD, STAGE_COLUMNS, count, daysCell, mixNote, moneyRows, peopleRows, paceLine, peopleCell, readinessLines, stageCell, title, type PortfolioFormatOptions, type PortfolioFormatter } from './index.js';

const esc = (text: string | number) => escapeMarkup(String(text));
const attr = (text: string) => escapeMarkup(text, { attribute: true });
const num = (v: number) => String(Math.round(v * 100) / 100);

const table = (head: string[], rows: string[][], cls = '') =>
  rows.length === 0 ? '<p class="none">none</p>' : `<table${cls ? ` class="${cls}"` : ''}><thead><tr>${head.map((x) => `<th scope="col">${esc(x)}</th>`).join('')}</tr></thead><tbody>${rows.map((row) => `<tr>${row.map((x) => `<td>${esc(x)}</td>`).join('')}</tr>`).join('')}</tbody></table>`;

/** A team's pace as a small bar against a line at its own target, with the numbers in words beside it. */
function paceBar(t: PortfolioTeam): string {
  if (!t.pace) return t.domain ? `product of ${esc(t.domain)}: paced by its domain` : '—';
  const { average, target, measure } = t.pace;
  const max = Math.max(average, target, 0.01) * 1.1;
  const w = 90;
  const x = (v: number) => (v / max) * w;
  const words = `${MEASURE_NAMES[measure]}: ${average} a week vs target ${target}${t.pace.atTarget ? ', at target' : ', below target'}`;
  return `<svg class="pace-bar" role="img" aria-label="${attr(words)}" viewBox="0 0 ${w} 14" width="${w}" height="14"><rect class="${t.pace.atTarget ? 'bar at-target' : 'bar'}" x="0" y="2" width="${x(average).toFixed(1)}" height="10"/><line class="target" x1="${x(target).toFixed(1)}" x2="${x(target).toFixed(1)}" y1="0" y2="14"/></svg> <span>${esc(MEASURE_NAMES[measure])} ${esc(average)} vs ${esc(target)}${t.pace.atTarget ? ' ✓ at target' : ' below'}</span>`;
}

/** The source of a team, linked to its own report page when there is one. */
const sourceCell = (source: string, links: PortfolioFormatOptions['reportLinks']) => (links?.[source] ? `<a href="${attr(links[source]!)}">${esc(source)}</a>` : esc(source));

/** A row per team: source, id, kind, stage, days, pace and readiness, people. */
function teamRows(p: Portfolio, links: PortfolioFormatOptions['reportLinks']): string {
  if (p.teams.length === 0) return '<p class="none">no team in any source</p>';
  const head = ['source', 'team', 'kind', 'stage', 'days in stage', 'pace (average vs target)', 'readiness', 'people (FTE)'];
  const rows = p.teams.map((t) => {
    const ready = readinessLines(t);
    const readiness = ready.length === 1 ? esc(ready[0]!) : `${esc(ready[0]!)}<ul>${ready.slice(1).map((m) => `<li>${esc(m)}</li>`).join('')}</ul>`;
    return `<tr class="${t.overdue ? 'team overdue-row' : 'team'}" data-team="${attr(t.id)}" data-source="${attr(t.source)}"><td>${sourceCell(t.source, links)}</td><th scope="row">${esc(t.id)}</th><td>${esc(t.kind)}</td><td>${esc(stageCell(t))}</td><td>${esc(daysCell(t))}${t.overdue ? ' <small>(past its check-in threshold)</small>' : ''}</td><td>${paceBar(t)}</td><td class="${t.readiness && !t.readiness.ready ? 'not-ready' : 'ready'}">${readiness}</td><td>${esc(peopleCell(t))}</td></tr>`;
  });
  return `<table id="teams"><caption>Every team of every source; ! marks a team past its stage's check-in threshold.</caption><thead><tr>${head.map((h) => `<th scope="col">${esc(h)}</th>`).join('')}</tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

/** Initiatives per stage across the portfolio, and a last column for those graduated to product management. */
function funnelChart(p: Portfolio): string {
  const values = STAGE_COLUMNS.map((c) => p.overall.funnel[c]);
  const max = Math.max(...values, 1);
  const w = 640;
  const h = 160;
  const bw = w / values.length;
  const body = STAGE_COLUMNS.map((stage, i) => {
    const n = values[i]!;
    const bh = (n / max) * (h - 50);
    const cls = stage === 'graduated' ? 'graduated' : 'bar';
    return `<rect class="${cls}" x="${(i * bw + 6).toFixed(1)}" y="${(h - 30 - bh).toFixed(1)}" width="${(bw - 12).toFixed(1)}" height="${bh.toFixed(1)}"><title>${esc(stage)}: ${n}</title></rect><text class="tick" x="${(i * bw + bw / 2).toFixed(1)}" y="${h - 12}">${esc(stage)}</text><text class="tick" x="${(i * bw + bw / 2).toFixed(1)}" y="${(h - 34 - bh).toFixed(1)}">${n}</text>`;
  }).join('');
  return `<svg id="chart-funnel" role="img" aria-label="Initiatives per stage across the portfolio, and those graduated to product management" viewBox="0 0 ${w} ${h}" width="100%">${body}</svg>`;
}

/**
 * One bar per source and one for the whole portfolio: its people split into discovery (solid) and
 * product management (hatched), each segment labelled with its number, so colour is never the only cue.
 */
function investmentChart(p: Portfolio): string {
  const rows: [string, InvestmentMix][] = [['overall', p.investment.overall], ...p.investment.bySource.map((s): [string, InvestmentMix] => [s.source, s])];
  const w = 640;
  const left = 150;
  const rh = 30;
  const max = Math.max(...rows.map(([, m]) => m.people), 0.01);
  const x = (v: number) => (v / max) * (w - left - 230);
  const body = rows.map(([label, m], i) => {
    const top = i * rh + 24;
    const d = x(m.discovery);
    const pm = x(m.productManagement);
    const share = m.discoveryShare === null ? 'nobody named' : `${Math.round(m.discoveryShare * 100)}% discovery`;
    return `<g class="mix-row" data-source="${attr(label)}"><text class="label" x="4" y="${top + 15}">${esc(label)}</text><rect class="discovery" x="${left}" y="${top}" width="${d.toFixed(1)}" height="${rh - 10}"><title>${esc(label)}: ${num(m.discovery)} people in discovery</title></rect><rect class="product-management" x="${(left + d).toFixed(1)}" y="${top}" width="${pm.toFixed(1)}" height="${rh - 10}"><title>${esc(label)}: ${num(m.productManagement)} people in product management</title></rect><text class="label" x="${(left + d + pm + 6).toFixed(1)}" y="${top + 15}">${esc(`${num(m.discovery)} / ${num(m.productManagement)} (${share})`)}</text></g>`;
  }).join('');
  const legend = `<rect class="discovery" x="${left}" y="4" width="12" height="12"/><text class="label" x="${left + 16}" y="14">discovery</text><rect class="product-management" x="${left + 100}" y="4" width="12" height="12"/><text class="label" x="${left + 116}" y="14">product management (hatched)</text>`;
  return `<svg id="chart-investment" role="img" aria-label="People in discovery and in product management, overall and per source; the table below gives the same numbers" viewBox="0 0 ${w} ${rows.length * rh + 30}" width="100%"><defs><pattern id="hatch" patternUnits="userSpaceOnUse" width="6" height="6" patternTransform="rotate(45)"><rect width="6" height="6" fill="#1a7f37"/><line x1="0" y1="0" x2="0" y2="6" stroke="#ffffff" stroke-width="2"/></pattern></defs>${legend}${body}</svg>`;
}

/** Each domain with its products and, under each product, its expansions: nested lists. */
function productsList(p: Portfolio): string {
  if (p.products.length === 0) return '<p class="none">no initiative handed off yet</p>';
  return `<ul id="products">${p.products
    .map((d) => `<li class="domain" data-domain="${attr(d.domain)}"><strong>${esc(d.domain)}</strong>${d.name ? ` — ${esc(d.name)}` : ''}${d.products.length === 0 ? '' : `<ul>${d.products
      .map((x) => `<li class="product" data-product="${attr(x.id)}"><strong>${esc(x.id)}</strong> ${esc(x.title)}: handed off on ${esc(x.handedOffOn)}${x.forced ? ' (forced)' : ''}${x.expansions.length === 0 ? '' : `<ul>${x.expansions.map((e) => `<li class="expansion" data-expansion="${attr(e.id)}">expansion <strong>${esc(e.id)}</strong> ${esc(e.title)}: ${esc(e.stage)}${e.domain ? `, a product of ${esc(e.domain)}` : ''}</li>`).join('')}</ul>`}</li>`)
      .join('')}</ul>`}</li>`)
    .join('')}</ul>`;
}

/** Failed sources and sources with invalid records: what to fix first. */
function troubles(p: Portfolio): string {
  if (p.failed.length === 0 && p.invalid.length === 0) return '';
  const failed = p.failed.map((f) => `<li class="failed" data-source="${attr(f.source)}"><strong>${esc(f.source)}</strong> (${esc(f.origin)}) was skipped: ${esc(f.error)}</li>`);
  const invalid = p.invalid.map((s) => `<li class="invalid" data-source="${attr(s.source)}"><strong>${esc(s.source)}</strong>: ${esc(count(s.count, 'problem'))} in its records, left out of its numbers; run <code>pdx validate</code> there<ul>${s.first.map((x) => `<li><code>${esc(`${x.file}:${x.line ?? 1}`)}</code> ${esc(x.severity)}: ${esc(x.message)}</li>`).join('')}${s.count > s.first.length ? `<li>… and ${s.count - s.first.length} more</li>` : ''}</ul></li>`);
  return `<h2>Sources to fix</h2><ul id="troubles">${[...failed, ...invalid].join('')}</ul>`;
}

const PORTFOLIO_STYLE = `body{max-width:1100px}.discovery{fill:#4a7bd0}.product-management{fill:url(#hatch)}.at-target{fill:#1a7f37}.pace-bar{vertical-align:middle}
#teams th[scope=row]{font-weight:600}#teams ul{margin:.2rem 0;padding-left:1.1rem}.not-ready{color:#1b1f24}.overdue-row td,.overdue-row th{background:#fff8c5}a{color:#0550ae}`;

/** One self-contained page: inline CSS and SVG, no script, no network. */
export const formatPortfolioHtml: PortfolioFormatter = (p, { reportLinks }) => {
  const ok = p.sources.filter((s) => s.status === 'ok');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${esc(title(p))}</title><style>${STYLE}
${PORTFOLIO_STYLE}</style></head>
<body>
<h1>${esc(title(p))}</h1>
${p.notices.map((n) => `<p class="warn notice">${esc(n)}</p>`).join('\n')}
${troubles(p)}
<h2>Investment mix</h2>
<p>People in discovery (solid) and in product management (hatched), overall and per source.</p>
${investmentChart(p)}
${table(PEOPLE_HEAD, peopleRows(p), 'mix')}
${((money) => (money ? `<h3>Budget</h3>\n${table(MONEY_HEAD, money, 'money')}` : ''))(moneyRows(p))}
<p class="none">${esc(mixNote(p))}</p>
${p.investment.warnings.map((w) => `<p class="warn investment-warning"><strong>Warning:</strong> ${esc(w)}</p>`).join('\n')}
<h2>Teams</h2>
${teamRows(p, reportLinks)}
<h2>Funnel</h2>
${funnelChart(p)}
${table(['source', ...STAGE_COLUMNS], [...ok.map((s) => [s.name, ...STAGE_COLUMNS.map((c) => String(s.funnel[c]))]), ['overall', ...STAGE_COLUMNS.map((c) => String(p.overall.funnel[c]))]], 'funnel')}
<h2>Pace</h2>
<p>Each team against its own source's target, per measure: never summed across measures.</p>
${table(['source', 'measure', 'teams', 'pace'], [...ok.flatMap((s) => s.pace.map((m) => [s.name, MEASURE_NAMES[m.measure], String(m.teams), paceLine(m)])), ...p.overall.pace.map((m) => ['overall', MEASURE_NAMES[m.measure], String(m.teams), paceLine(m)])])}
<h2>Products</h2>
${productsList(p)}
<h2>OKRs</h2>
${table(['domain', 'objective', 'period', 'progress', 'stale key results'], p.okrs.map((o) => [o.domain, o.objective, o.period, o.progress === null ? '—' : `${Math.round(o.progress * 100)}%`, String(o.keyResults.filter((k) => k.stale).length)]))}
</body></html>
`;
};
