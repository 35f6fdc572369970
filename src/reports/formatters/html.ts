import { escapeMarkup } from '../../format/safe-text.js';
import type { Report } from '../build.js';
import type { Assumption } from '../metrics/assumptions.js';
import type { PageLinks, ReportFormatter } from './index.js';
import type { RepositoryWeb } from '../../git/index.js';
import type { MeasurePace } from '../metrics/experiments.js';
import type { KeyResultProgress } from '../metrics/okrs.js';
import { daysBetween } from '../../model/dates.js';
import { DASH_NOTE, MEASURE_NAMES, MEASURE_TEAMS, balanceMove, count, hasDash, paceMeasures, paceWords, percent, recentWeeks, riskiest, riskyLine, weekCell } from './index.js';
import { abCell, abHead, countsWords } from '../metrics/outcomes.js';
import { budgetLine, investmentMix, MIX_NOTE, mixLine, mixRows } from '../metrics/investment-mix.js';

/** Every value the page shows, escaped for HTML with control and bidi characters made visible. */
const esc = (text: string | number) => escapeMarkup(String(text));

/** A number as shown: at most three decimals. */
const tick = (v: number) => String(Math.round(v * 1000) / 1000);
/** A value label on a bar: at most one decimal, so it fits above the bar. */
const short = (v: number) => String(Math.round(v * 10) / 10);

/** A cell already made HTML (a link, a mark with words): everything else is escaped. */
interface Raw {
  html: string;
}
type CellValue = string | number | Raw;
const cell = (x: CellValue) => (typeof x === 'object' ? x.html : esc(x));

/** How the page links to the records: to the file (relative to the page) and to its page on the git host. */
interface Linker {
  /** `kind:id`'s file as a link around `text` (escaped), with the host's link after it when known; plain text without either. */
  record(key: string, text: string): string;
  /** A path relative to the pdx root (a problem's file) as a link. */
  file(path: string, line: number, text: string): string;
  /** The commit the records were read at, on the host, as a sentence for the header; '' when the host is unknown. */
  commit: string;
}

/** What a host is called on the page. */
const HOST_NAMES = { github: 'GitHub', gitlab: 'GitLab', bitbucket: 'Bitbucket' } as const;

/** The page of one file at one line on the host: GitHub `blob/COMMIT/PATH#L1`, GitLab `-/blob/…#L1`, Bitbucket `src/…#lines-1`. */
function hostUrl(repo: RepositoryWeb, file: string, line: number): string {
  const path = `${repo.prefix}${file}`.split('/').map(encodeURIComponent).join('/');
  if (repo.host === 'gitlab') return `${repo.web}/-/blob/${repo.commit}/${path}#L${line}`;
  if (repo.host === 'bitbucket') return `${repo.web}/src/${repo.commit}/${path}#lines-${line}`;
  return `${repo.web}/blob/${repo.commit}/${path}#L${line}`;
}

/** The page's links (`git/index.ts` `webOfRemote` made the host's address: https, never with credentials). */
function linker(links: PageLinks | undefined): Linker {
  const repo = links?.repository ?? null;
  const filePath = (path: string) => path.split('/').map(encodeURIComponent).join('/');
  const file = (path: string, line: number, text: string) => {
    const local = links === undefined ? esc(text) : `<a class="file" href="${esc(links.base + filePath(path))}">${esc(text)}</a>`;
    const host = repo ? ` <a class="host" href="${esc(hostUrl(repo, path, line))}" aria-label="${esc(`${text} on ${HOST_NAMES[repo.host]}`)}">${HOST_NAMES[repo.host]}</a>` : '';
    return `${local}${host}`;
  };
  return {
    record: (key, text) => {
      const at = links?.files.get(key);
      return at ? file(at, 1, text) : esc(text);
    },
    file,
    commit: repo ? ` Records at commit <a href="${esc(`${repo.web}/${repo.host === 'bitbucket' ? 'commits' : 'commit'}/${repo.commit}`)}">${esc(repo.commit.slice(0, 12))}</a> on ${HOST_NAMES[repo.host]}.` : '',
  };
}

/** Round steps for an axis from 0 to at least `max`: 0 and four or five steps of 1, 2 or 5 times a power of ten. */
function axisTicks(max: number, whole = false): number[] {
  const top = max > 0 ? max : 1;
  const raw = top / 4;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = Math.max([1, 2, 2.5, 5, 10].map((m) => m * power).find((s) => s >= raw)!, whole ? 1 : 0);
  const ticks: number[] = [];
  for (let v = 0; v < top + step * 0.999; v += step) ticks.push(Math.round(v * 1e6) / 1e6);
  return ticks;
}

/** A table: head cells as column headers, the first cell of each row its row header when `rowHeads`. */
function table(head: string[], rows: CellValue[][], options: { caption?: string; id?: string; cls?: string; rowHeads?: boolean } = {}): string {
  if (rows.length === 0) return '<p class="none">none</p>';
  const attrs = `${options.id ? ` id="${esc(options.id)}"` : ''}${options.cls ? ` class="${esc(options.cls)}"` : ''}`;
  const caption = options.caption ? `<caption>${esc(options.caption)}</caption>` : '';
  const body = rows.map((row) => `<tr>${row.map((x, i) => (i === 0 && options.rowHeads ? `<th scope="row">${cell(x)}</th>` : `<td>${cell(x)}</td>`)).join('')}</tr>`).join('');
  return `<table${attrs}>${caption}<thead><tr>${head.map((x) => `<th scope="col">${esc(x)}</th>`).join('')}</tr></thead><tbody>${body}</tbody></table>`;
}

/**
 * A chart as a figure: its caption (the chart's accessible name, with what it shows in numbers as
 * its description) and its data table in a `<details>` after it, so every number is there in words.
 */
function figure(id: string, caption: string, summary: string, svg: string, data: string): string {
  return `<figure class="chart" id="fig-${esc(id)}"><figcaption id="cap-${esc(id)}">${esc(caption)}</figcaption>
${svg.replace(/^(<svg[^>]*)>/, `$1 role="img" aria-labelledby="cap-${esc(id)} sum-${esc(id)}">`)}
<p class="chart-summary" id="sum-${esc(id)}">${esc(summary)}</p>
<details class="chart-data"><summary>The numbers of this chart</summary>${data}</details></figure>`;
}

/** Per team, each week: the measure done and (for experiments) those started, over the teams measured in it that week. */
function paceSeries(r: Report, m: MeasurePace): { week: string; label: string; teams: number; count: number; done: number; started: number | null }[] {
  const hasStarted = m.measure !== 'touchpoints';
  return m.weeks.map((wk, i) => {
    const started = r.experimentsPerWeek.byTeam.reduce((n, t) => n + (t.weeks[i]?.measure === m.measure ? t.weeks[i]!.started : 0), 0);
    return { week: wk.week, label: wk.week.slice(5), teams: wk.teams, count: wk.count, done: wk.teams === 0 ? 0 : wk.count / wk.teams, started: hasStarted ? (wk.teams === 0 ? 0 : started / wk.teams) : null };
  });
}

/**
 * One measure per team each week as bars (and the experiments started, hatched, beside them), a
 * dashed line at one team's target, and a y axis valued from 0 to the larger of the data and the
 * target: a measure is never drawn against another's target, nor against a sum of targets. A
 * target more than `OFF_SCALE` times the best week would flatten every bar to a sliver, so then
 * the axis fits the data and the target is drawn above it, marked as off the scale, with its value.
 */
function paceChart(r: Report, m: MeasurePace): string {
  const series = paceSeries(r, m);
  const started = series.some((s) => s.started !== null);
  const best = Math.max(0, ...series.map((s) => Math.max(s.done, s.started ?? 0)));
  const offScale = best > 0 && m.target > best * OFF_SCALE;
  const ticks = axisTicks(offScale ? best : Math.max(m.target, best));
  const max = ticks.at(-1)!;
  const w = 640;
  const h = 240;
  const left = 44;
  const right = 12;
  // Room above the axis for the off-scale target and its words, clear of the legend.
  const top = offScale ? 58 : 44;
  const bottom = 30;
  const gw = (w - left - right) / series.length;
  const bw = started ? Math.min((gw - 6) / 2, 26) : Math.min(gw - 8, 40);
  const y = (v: number) => top + (1 - v / max) * (h - top - bottom);
  const base = h - bottom;
  const bar = (cls: string, x: number, v: number, title: string, value: number) =>
    `<rect class="${cls}" data-value="${tick(value)}" x="${x.toFixed(1)}" y="${y(v).toFixed(1)}" width="${bw.toFixed(1)}" height="${(base - y(v)).toFixed(1)}"><title>${esc(title)}</title></rect>${series.length <= 13 ? `<text class="value" x="${(x + bw / 2).toFixed(1)}" y="${(y(v) - 3).toFixed(1)}">${short(v)}</text>` : ''}`;
  const groups = series
    .map((s, i) => {
      const x0 = left + i * gw + (gw - (started ? bw * 2 + 2 : bw)) / 2;
      const done = bar('bar completed', x0, s.done, `${s.week}: ${s.count} ${m.unit} by ${count(s.teams, 'team')}, ${tick(s.done)} per team`, s.done);
      const begun = s.started === null ? '' : bar('bar-started', x0 + bw + 2, s.started, `${s.week}: ${tick(s.started)} experiments started per team`, s.started);
      const label = series.length <= 26 || i % 2 === 0 ? `<text class="tick" x="${(left + i * gw + gw / 2).toFixed(1)}" y="${h - 12}">${esc(s.label)}</text>` : '';
      return `<g class="week" data-week="${esc(s.week)}">${done}${begun}${label}</g>`;
    })
    .join('');
  const axis = ticks.map((v) => `<line class="grid" x1="${left}" x2="${w - right}" y1="${y(v).toFixed(1)}" y2="${y(v).toFixed(1)}"/><text class="axis-value" x="${left - 6}" y="${(y(v) + 4).toFixed(1)}" text-anchor="end">${tick(v)}</text>`).join('');
  const legend = `<g class="legend"><rect class="legend-done" x="${left}" y="4" width="12" height="12"/><text class="label" x="${left + 16}" y="14">${esc(m.measure === 'touchpoints' ? 'touchpoints per team' : 'concluded per team')}</text>${started ? `<rect class="legend-started" x="${left + 170}" y="4" width="12" height="12"/><text class="label" x="${left + 186}" y="14">started per team</text>` : ''}<line class="legend-target" x1="${left + 330}" x2="${left + 360}" y1="10" y2="10"/><text class="label" x="${left + 366}" y="14">target per team</text></g>`;
  // Off the scale, the target's line runs along the top, above the axis's last value, and says so.
  const ty = offScale ? top - 12 : y(m.target);
  const targetLine = `<line class="target" data-value="${tick(m.target)}"${offScale ? ' data-off-scale="true"' : ''} x1="${left}" x2="${w - right}" y1="${ty.toFixed(1)}" y2="${ty.toFixed(1)}"/><text class="label target-label" x="${w - right - 2}" y="${(ty - 5).toFixed(1)}" text-anchor="end">${offScale ? `▲ target ${m.target}/week per team, off this scale (${short(m.target / best)}× the best week)` : `target ${m.target}/week per team`}</text>`;
  const yAxis = `<line class="axis-line" x1="${left}" x2="${left}" y1="${top}" y2="${base}"/><line class="axis-line" x1="${left}" x2="${w - right}" y1="${base}" y2="${base}"/><text class="axis" transform="translate(12 ${(top + base) / 2}) rotate(-90)" text-anchor="middle">per team per week</text>`;
  return `<svg id="chart-pace-${m.measure}" class="pace-chart" viewBox="0 0 ${w} ${h}" width="100%">${axis}${yAxis}${groups}${legend}${targetLine}</svg>`;
}

/** How many times the best week a target may be before it is drawn off the scale. */
const OFF_SCALE = 4;

/** Hatching, so a series or a warning is told apart without its colour. */
const PATTERNS = '<defs><pattern id="hatch-started" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="6" height="6" fill="#ffffff"/><rect width="3" height="6" fill="#8250df"/></pattern><pattern id="hatch-overdue" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="6" height="6" fill="#9a6700"/><rect width="2" height="6" fill="#ffffff"/></pattern></defs>';

/** A pace chart's numbers: each week's teams, count, per team, started per team and target. */
function paceData(r: Report, m: MeasurePace): string {
  const series = paceSeries(r, m);
  const started = series.some((s) => s.started !== null);
  return table(['week', 'teams', m.measure === 'touchpoints' ? 'touchpoints' : 'concluded', 'per team', ...(started ? ['started per team'] : []), 'target per team'], series.map((s) => [s.week, s.teams, s.count, tick(s.done), ...(started ? [tick(s.started ?? 0)] : []), m.target]), { cls: 'chart-table', rowHeads: true });
}

/** Every team of one measure with its numbers per week (the last twelve), its average and target: the chart by team. */
function paceTable(r: Report, m: MeasurePace, links: Linker): string {
  const weeks = recentWeeks(r, 12);
  const teams = r.experimentsPerWeek.byTeam.filter((t) => t.measure === m.measure);
  const mark = (t: (typeof teams)[number]) => (t.average >= t.target ? '✓ at target' : 'below target');
  return table(['team', ...weeks.map((w) => w.label), 'average', 'target', 'pace'], teams.map((t) => [{ html: links.record(`${t.kind}:${t.team}`, t.team) }, ...weeks.map((w) => weekCell(t, w.index)), t.average, t.target, mark(t)]), { caption: `${MEASURE_NAMES[m.measure]} per team, week by week`, cls: 'pace-table', rowHeads: true });
}

/** Horizontal bars of days in stage, valued, with each stage's check-in threshold marked and an overdue bar hatched and said in words. */
function agingChart(r: Report): string {
  const rows = r.stageAging;
  const ticks = axisTicks(Math.max(...rows.map((s) => Math.max(s.days ?? 0, s.warnAfterDays)), 1), true);
  const max = ticks.at(-1)!;
  const w = 640;
  const rh = 28;
  const left = 190;
  const right = 110;
  const top = 8;
  const plot = w - left - right;
  const x = (v: number) => left + (v / max) * plot;
  const body = rows
    .map((s, i) => {
      const y0 = top + i * rh;
      const words = s.days === null ? 'unknown' : `${s.days} d${s.overdue ? ' ⚠ overdue' : ''}`;
      return `<g class="row${s.overdue ? ' is-overdue' : ''}" data-initiative="${esc(s.initiative)}"><text class="label" x="4" y="${y0 + 17}">${esc(s.initiative)}</text><rect class="${s.overdue ? 'bar overdue' : 'bar'}" data-value="${s.days ?? ''}" x="${left}" y="${y0 + 4}" width="${(((s.days ?? 0) / max) * plot).toFixed(1)}" height="${rh - 10}"><title>${esc(s.initiative)}: ${s.days ?? 'unknown'} days in ${esc(s.stage)}, check in after ${s.warnAfterDays}${s.overdue ? ' (overdue)' : ''}</title></rect><line class="threshold" x1="${x(s.warnAfterDays).toFixed(1)}" x2="${x(s.warnAfterDays).toFixed(1)}" y1="${y0 + 1}" y2="${y0 + rh - 3}"/><text class="end-value${s.overdue ? ' warn-text' : ''}" x="${(x(Math.max(s.days ?? 0, s.warnAfterDays)) + 6).toFixed(1)}" y="${y0 + 17}">${esc(words)}</text></g>`;
    })
    .join('');
  const base = top + rows.length * rh;
  const axis = `<line class="axis-line" x1="${left}" x2="${left + plot}" y1="${base}" y2="${base}"/>${ticks.map((v) => `<line class="grid" x1="${x(v).toFixed(1)}" x2="${x(v).toFixed(1)}" y1="${top}" y2="${base}"/><text class="tick" x="${x(v).toFixed(1)}" y="${base + 14}">${tick(v)}</text>`).join('')}<text class="axis" x="${left + plot / 2}" y="${base + 30}" text-anchor="middle">days in the current stage (red line: check in after)</text>`;
  return `<svg id="chart-aging" viewBox="0 0 ${w} ${base + 38}" width="100%">${axis}${body}</svg>`;
}

/** Initiatives per stage, as a row of valued columns on a y axis, and a last one (class `graduated`) for those handed to product management. */
function funnelChart(r: Report): string {
  const { graduated, ...perStage } = r.funnel;
  const stages: [string, number][] = [...Object.entries(perStage), ['graduated', graduated]];
  const ticks = axisTicks(Math.max(...stages.map(([, n]) => n), 1), true);
  const max = ticks.at(-1)!;
  const w = 640;
  const h = 190;
  const left = 34;
  const top = 14;
  const bottom = 30;
  const bw = (w - left) / stages.length;
  const y = (v: number) => top + (1 - v / max) * (h - top - bottom);
  const base = h - bottom;
  const body = stages
    .map(([stage, n], i) => {
      const cls = stage === 'graduated' ? 'graduated' : 'bar';
      const x0 = left + i * bw;
      return `<rect class="${cls}" data-stage="${esc(stage)}" data-value="${n}" x="${(x0 + 6).toFixed(1)}" y="${y(n).toFixed(1)}" width="${(bw - 12).toFixed(1)}" height="${(base - y(n)).toFixed(1)}"><title>${stage === 'graduated' ? 'graduated (handed off)' : esc(stage)}: ${n}</title></rect><text class="tick" x="${(x0 + bw / 2).toFixed(1)}" y="${h - 12}">${esc(stage)}</text><text class="value" x="${(x0 + bw / 2).toFixed(1)}" y="${(y(n) - 4).toFixed(1)}">${n}</text>`;
    })
    .join('');
  const axis = `${ticks.map((v) => `<line class="grid" x1="${left}" x2="${w}" y1="${y(v).toFixed(1)}" y2="${y(v).toFixed(1)}"/><text class="axis-value" x="${left - 6}" y="${(y(v) + 4).toFixed(1)}" text-anchor="end">${tick(v)}</text>`).join('')}<line class="axis-line" x1="${left}" x2="${w}" y1="${base}" y2="${base}"/>`;
  return `<svg id="chart-funnel" viewBox="0 0 ${w} ${h}" width="100%">${axis}${body}</svg>`;
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
  return `<svg id="kr-chart-${esc(k.id)}" class="kr-chart" viewBox="0 0 ${w} ${h}" width="100%">${xAxis}${yAxis}${level('baseline', 'baseline', k.baseline)}${level('target', 'target', k.target)}${k.history.length > 1 ? `<polyline class="history" points="${points}"/>` : ''}${dots}</svg>`;
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

/** Experiments per key result, domain experiments without one, and each domain's warnings with their fixes. */
function outcomesHtml(r: Report): string {
  const krs = r.outcomes.keyResults
    .map((k) => keep(`<h3 id="kr-${esc(k.kr)}">${esc(k.kr)} <small>(${esc(k.domain)}, ${esc(k.period)}): ${esc(countsWords(k.counts))}</small></h3>`, k.experiments.length > 0 ? table(['experiment', 'title', 'result', ...abHead(k.experiments)], k.experiments.map((x) => [x.id, x.title ?? '', x.result ?? x.status, ...abCell(k.experiments, x)])) : '<p class="none">no experiment run for it yet</p>'))
    .join('\n');
  const unlinked = r.outcomes.unlinked.length === 0 ? '' : `<p class="warn" id="unlinked"><strong>Output without an outcome:</strong> ${esc(count(r.outcomes.unlinked.length, 'domain experiment'))} with no key result.</p>${table(['experiment', 'domain', 'title', 'result', ...abHead(r.outcomes.unlinked)], r.outcomes.unlinked.map((x) => [x.id, x.domain, x.title ?? '', x.result ?? x.status, ...abCell(r.outcomes.unlinked, x)]))}`;
  const warned = r.domains.filter((d) => d.warnings.length > 0);
  const domains = warned.length === 0 ? '' : `<h2>Domains</h2><p>What each domain team lacks, and the command that supplies it.</p>${warned.map((d) => keep(`<h3>${esc(d.domain)} <small>${esc(d.name)}</small></h3>`, `<ul>${d.warnings.map((w) => `<li class="warn">⚠ ${esc(w.message)}: <code>${esc(w.fix)}</code></li>`).join('')}</ul>`)).join('\n')}`;
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
${budget ? `<p class="budget">${esc(budget[0]!.toUpperCase() + budget.slice(1))}.</p>\n` : ''}${rows.length > 0 ? table(head, rows, { id: 'investment-teams', caption: 'People and budget per team', rowHeads: true }) : ''}</section>`;
}

/** The page style, shared with the portfolio page: every text ≥ 4.5:1 and every mark ≥ 3:1 against white. */
export const STYLE = `body{font:15px/1.45 system-ui,sans-serif;max-width:900px;margin:2rem auto;padding:0 1rem;color:#1b1f24;background:#fff}
h1{font-size:1.5rem}h2{font-size:1.15rem;margin-top:2rem;border-bottom:1px solid #d0d7de}h3{font-size:1rem;margin:1.2rem 0 .4rem}h4{font-size:.95rem;margin:.8rem 0 .3rem}
a{color:#0550ae}a.host{font-size:.8em;color:#0550ae;margin-left:.2em}
table{border-collapse:collapse;width:100%;margin:.5rem 0}.pace-table{font-size:.85em}.pace-table td,.pace-table th{padding:.2rem .3rem}th,td{text-align:left;padding:.25rem .5rem;border-bottom:1px solid #eaeef2;vertical-align:top}caption{text-align:left;color:#57606a;font-size:.9em}
figure{margin:.5rem 0 1rem}figcaption{font-weight:600;font-size:.95em}.chart-summary{color:#57606a;font-size:.9em;margin:.2rem 0}details.chart-data summary{cursor:pointer;color:#0550ae;font-size:.9em}
.bar,.legend-done{fill:#3b6cc4}.bar-started,.legend-started{fill:url(#hatch-started);stroke:#8250df;stroke-width:1}.graduated{fill:#1a7f37}.grid{stroke:#eaeef2}.axis-line{stroke:#57606a}.axis-value,.value,.end-value{font-size:11px;fill:#424a53}.value{text-anchor:middle}.end-value{font-size:12px;text-anchor:start}.baseline{stroke:#57606a;stroke-dasharray:2 3;stroke-width:1.5}.history{fill:none;stroke:#3b6cc4;stroke-width:2}.checkin{fill:#3b6cc4}.kr-history caption{text-align:left;color:#57606a;font-size:.9em}.overdue{fill:url(#hatch-overdue);stroke:#9a6700}.target,.legend-target{stroke:#cf222e;stroke-dasharray:6 4;stroke-width:2}.target-label{fill:#a40e26}.threshold{stroke:#cf222e;stroke-width:2}.warn-text{fill:#7d4e00;font-weight:600}
.quote{margin:.5rem 0;padding-left:1rem;border-left:3px solid #d0d7de}.quote p{margin:0}.quote footer{color:#57606a;font-size:.9em}
.quadrant{fill:#f6f8fa;stroke:#d0d7de}.risky{fill:#fff1e5}.caption{font-size:11px;fill:#57606a}.axis{font-size:11px;fill:#57606a}
.claim-label{font-size:12px;fill:#1b1f24}.claim.high .claim-label{font-weight:600}.known-none{fill:#fff;stroke:#cf222e;stroke-width:1.5}.known-weak{fill:#9a6700}.known-strong{fill:#1a7f37}
.tick{font-size:11px;text-anchor:middle;fill:#57606a}.label{font-size:12px;fill:#1b1f24}.warn{color:#7d4e00}.none{color:#57606a}
.flag{font-weight:600;white-space:nowrap}.flag.overdue-flag,.flag.stale-flag{color:#7d4e00}.flag.fail{color:#a40e26}.flag.ok{color:#1a7f37}
.start{border:2px solid #0550ae;border-radius:6px;padding:.5rem 1.2rem;margin:1rem 0}.start ol{padding-left:1.2rem}.start li{margin:.5rem 0}.start h2{margin-top:.6rem}.start code{background:#f6f8fa;padding:.1rem .3rem;border-radius:3px;font-size:.9em}.start pre{margin:.3rem 0;white-space:pre-wrap;overflow-wrap:anywhere}
.toc{font-size:.9em;color:#57606a}.toc a{margin-right:.6em}
@page{size:A4;margin:14mm 12mm 16mm}
@media print{body{margin:0;max-width:none;font-size:10.5pt;padding:0}a{color:inherit;text-decoration:none}a.host,.toc,details.chart-data{display:none}h1,h2,h3,h4,figcaption{break-after:avoid;page-break-after:avoid}figure,table,blockquote,.keep,.start{break-inside:avoid;page-break-inside:avoid}tr{break-inside:avoid}svg{max-height:120mm}}`;

/** Each key result: its chart and its check-ins as a table, or a sentence when the window has none. */
function krHistories(r: Report, o: Report['okrs'][number]): string {
  return o.keyResults
    .map((k) => {
      if (k.history.length === 0) return `<section class="keep"><h4>${esc(k.metric)}</h4><p class="none">no check-ins in the window</p></section>`;
      const unit = k.unit ? ` ${k.unit}` : '';
      const summary = `${count(k.history.length, 'check-in')} from ${k.history[0]!.date} to ${k.history.at(-1)!.date}: ${k.history[0]!.value} → ${k.history.at(-1)!.value}${unit}; baseline ${tick(k.baseline)}, target ${tick(k.target)}.`;
      const data = table(['date', 'value'], k.history.map((c) => [c.date, tick(c.value)]), { cls: 'kr-history', caption: `${k.metric}: check-ins (baseline ${tick(k.baseline)}, target ${tick(k.target)})` });
      return `<section class="keep"><h4>${esc(k.metric)}</h4>${figure(`kr-${k.id}`, `${k.metric}: check-ins in the window against baseline and target`, summary, krChart(k, r.since, r.asOf), data)}</section>`;
    })
    .join('\n');
}

/** A heading and what it heads, kept on one page when small enough. */
const keep = (heading: string, body: string, id?: string) => `<section class="keep"${id ? ` id="${esc(id)}"` : ''}>${heading}\n${body}\n</section>`;

/** Whether the repo has nothing to report yet: no initiative, no domain, no OKR (a new repo right after `pdx init`). */
function isEmptyReport(r: Report): boolean {
  return r.stageAging.length === 0 && r.experimentsPerWeek.byTeam.length === 0 && r.gateReadiness.length === 0 && r.products.length === 0 && r.okrs.length === 0 && r.domains.length === 0 && r.funnel.graduated === 0;
}

/** What a new repo's page says instead of empty boxes: the first commands, in the order a team runs them. */
function startHere(r: Report): string {
  const steps: [string, string][] = [
    ['Start an initiative: the problem a team will discover its way through.', 'pdx initiative add --title "Instant LTL quotes for small shippers" --objective "Small shippers book freight in one sitting"'],
    ['Write down what you believe, as a hypothesis with claims to test.', 'pdx hypothesis add --initiative instant-ltl-quotes-for-small-shippers'],
    ['Log what a customer said or did: each interview, observation or experiment is evidence.', 'pdx evidence add --initiative instant-ltl-quotes-for-small-shippers --customer C-001 --source interview --note "Checks three sites before every pallet"'],
    ['See what each stage’s gate asks for next.', 'pdx status'],
  ];
  return `<section class="start" id="start" aria-labelledby="start-heading"><h2 id="start-heading">Nothing to report yet: start here</h2>
<p>${r.problems.length > 0 ? 'No record could be counted yet. ' : 'This repo has no initiative, domain or OKR yet. '}The page fills in as the team works: pace per week, time in stage, the funnel, gate readiness, what you learned and heard, the assumption map and OKRs appear once there is something to show.</p>
<ol>${steps.map(([does, run]) => `<li>${esc(does)}<pre><code>${esc(run)}</code></pre></li>`).join('')}</ol>
<p>A domain team that runs A/B tests on products already live starts with <code>${esc('pdx domain add --id carrier-network --name "Carrier network" --purpose "Enough reliable carriers on every lane we sell"')}</code>. Then make this page again: <code>pdx report --format html --out report.html</code>. Every command says more with <code>--help</code>.</p></section>`;
}

/** The problems at the top: each located at its file and line, linked. */
function problemsHtml(r: Report, links: Linker): string {
  if (r.problems.length === 0) return '';
  const shown = r.problems.slice(0, 10);
  return `<section class="keep" id="problems"><p class="warn"><strong>⚠ ${count(r.problems.length, 'problem')} in the records</strong>, left out of these numbers; run <code>pdx validate</code>.</p><ul>${shown.map((p) => `<li>${links.file(p.file, p.line ?? 1, `${p.file}:${p.line ?? 1}`)} ${esc(p.message)}</li>`).join('')}${r.problems.length > shown.length ? `<li>… and ${r.problems.length - shown.length} more</li>` : ''}</ul></section>`;
}

function paceHtml(r: Report, links: Linker): string {
  const e = r.experimentsPerWeek;
  const measures = paceMeasures(r);
  const body = measures
    .map((m) => {
      const series = paceSeries(r, m);
      const first = series[0]?.label ?? '';
      const last = series.at(-1)?.label ?? '';
      const summary = `${first} to ${last}: ${m.unit} per team from ${tick(Math.min(...series.map((s) => s.done)))} to ${tick(Math.max(...series.map((s) => s.done)))} a week, ${paceWords(m, 'long')}.`;
      return `<section class="measure" id="pace-${m.measure}">${keep(`<h3>${esc(MEASURE_NAMES[m.measure])} (${count(m.teams, 'team')}: ${esc(MEASURE_TEAMS[m.measure])})</h3>`, `<p>${esc(m.unit[0]!.toUpperCase() + m.unit.slice(1))}: ${esc(paceWords(m, 'long'))}.</p>
${figure(`pace-${m.measure}`, `${MEASURE_NAMES[m.measure]} per team per week, against the target of one team (${m.target})`, summary, paceChart(r, m), paceData(r, m))}`)}
${paceTable(r, m, links)}</section>`;
    })
    .join('\n');
  return `<section id="pace"><h2>Pace per week</h2>
<p>Each measure per team against the target of one team: A/B tests for domain teams, prototype and usability iterations in prototyping and design, customer touchpoints before them and, in release and mvp, with the feedback group and paying customers. Measures are never added together.</p>
${body || '<p class="none">no initiative or domain yet</p>'}
${hasDash(r, recentWeeks(r, 12)) ? `<p class="none">${esc(DASH_NOTE)}</p>` : ''}
${e.handedOff.length > 0 ? `<p class="none">Handed off to a domain, no longer paced as discovery: ${esc(e.handedOff.join(', '))}.</p>` : ''}</section>`;
}

const overdueFlag = '<span class="flag overdue-flag">⚠ overdue</span>';
const staleFlag = '<span class="flag stale-flag">⏸ stale</span>';

function agingHtml(r: Report, links: Linker): string {
  const rows = r.stageAging;
  const median = Object.entries(r.medianDaysInStage);
  const medianTable = table(['stage', ...median.map(([stage]) => stage)], [['median days', ...median.map(([, d]) => (d === null ? '—' : d))]], { id: 'median-days', caption: 'Median days an initiative spent in each stage it left (— none has left it yet)', rowHeads: true });
  if (rows.length === 0) return `<section id="aging"><h2>Time in stage</h2><p class="none">no initiative in discovery</p>${keep('<h3>Median days per stage</h3>', medianTable)}</section>`;
  const overdue = rows.filter((s) => s.overdue);
  const summary = `${count(rows.length, 'initiative')}, from ${Math.min(...rows.map((s) => s.days ?? 0))} to ${Math.max(...rows.map((s) => s.days ?? 0))} days in the current stage; ${overdue.length === 0 ? 'none past its check-in threshold' : `past the check-in threshold: ${overdue.map((s) => `${s.initiative} (${s.days} of ${s.warnAfterDays})`).join(', ')}`}.`;
  const data = table(['initiative', 'stage', 'since', 'days', 'check in after', 'status'], rows.map((s) => [{ html: links.record(`initiative:${s.initiative}`, s.initiative) }, s.stage, s.enteredOn ?? 'unknown', s.days === null ? '—' : s.days, s.warnAfterDays, { html: s.overdue ? overdueFlag : 'within' }]), { id: 'aging-table', rowHeads: true });
  return `<section id="aging"><h2>Time in stage</h2>
<p>Past the red line is a prompt to check in, not a deadline: those bars are hatched and say <strong>⚠ overdue</strong>.</p>
${figure('aging', 'Days in the current stage per initiative, against its stage’s check-in threshold', summary, agingChart(r), '<p>The same in the table below.</p>')}
${data}
${keep('<h3>Median days per stage</h3>', medianTable)}</section>`;
}

function funnelHtml(r: Report): string {
  const { graduated, ...perStage } = r.funnel;
  const entries: [string, number][] = [...Object.entries(perStage), ['graduated', graduated]];
  const summary = entries.map(([s, n]) => `${s} ${n}`).join(', ') + '.';
  return `<section id="funnel" class="keep"><h2>Funnel</h2>
${figure('funnel', 'Initiatives in discovery per stage, and those graduated to product management', summary, funnelChart(r), table(['stage', 'initiatives'], entries, { cls: 'chart-table', rowHeads: true }))}</section>`;
}

function gateHtml(r: Report, links: Linker): string {
  return keep('<h2>Gate readiness</h2>', table(['initiative', 'stage', 'next', 'ready', 'missing'], r.gateReadiness.map((g) => [{ html: links.record(`initiative:${g.initiative}`, g.initiative) }, g.stage, g.next ?? '—', { html: g.ready ? '<span class="flag ok">✓ ready</span>' : '<span class="flag fail">✗ not ready</span>' }, { html: g.ready ? '' : `<ul>${g.missing.map((m) => `<li>${esc(m)}</li>`).join('')}</ul>` }]), { id: 'gates', rowHeads: true }), 'gate-readiness');
}

function learnedHtml(r: Report): string {
  const kinds = Object.entries(r.hypotheses);
  return `<section id="learned"><h2>What we learned</h2>
<p>Claims: ${r.claims.supported} supported, ${r.claims.refuted} refuted, ${r.claims.untested} untested. Learnings: ${r.learnings.invalidatedHypotheses} invalidated hypotheses, ${r.learnings.invalidatedExperiments} invalidated experiments, ${count(r.learnings.pivots, 'pivot')} back to an earlier stage. Customers heard: ${r.customersHeard}.</p>
${keep('<h3>Hypotheses by kind and status</h3>', table(['kind', 'draft', 'testing', 'validated', 'invalidated'], kinds.map(([kind, s]) => [kind, s.draft ?? 0, s.testing ?? 0, s.validated ?? 0, s.invalidated ?? 0]), { id: 'hypotheses-by-kind', rowHeads: true }))}</section>`;
}

function heardHtml(r: Report, links: Linker): string {
  return `<section id="heard"><h2>What we heard</h2>
<p>Quotes logged since ${esc(r.since)}, at most three per initiative, what customers did before what they said.</p>
${r.whatWeHeard.quotes.map((q) => `<blockquote class="quote"><p>“${esc(q.quote)}”</p><footer>${esc(q.customer)}, ${esc(q.source)}, ${esc(q.date)} (${esc(q.initiative)})${` · ${links.record(`evidence:${q.evidence}`, q.evidence)}`}</footer></blockquote>`).join('\n') || '<p class="none">no quotes logged in the window</p>'}
${keep('<h3>Claims whose balance changed</h3>', table(['claim', 'hypothesis', 'balance'], r.whatWeHeard.claimsChanged.map((x) => [`${x.claim} ${x.text}`, { html: links.record(`hypothesis:${x.hypothesis}`, x.hypothesis) }, balanceMove(x.before, x.after)])))}</section>`;
}

function riskyHtml(r: Report): string {
  const risky = riskiest(r);
  const body = risky.total === 0 ? `<p class="none">${r.assumptions.length === 0 ? 'no current claims yet' : 'every important claim has strong evidence'}</p>` : `<ol>${risky.shown.map((a) => `<li>${esc(riskyLine(a))}</li>`).join('')}</ol>${risky.total > risky.shown.length ? `<p>…and ${risky.total - risky.shown.length} more: <code>pdx assumptions</code></p>` : ''}`;
  return keep('<h2>Riskiest assumptions</h2>', `<p>Important claims without strong evidence, riskiest first: what to test next.</p>${body}`, 'riskiest');
}

function okrsHtml(r: Report, links: Linker): string {
  if (r.okrs.length === 0) return '<section id="okrs"><h2>OKRs</h2><p class="none">no OKR yet</p></section>';
  return `<section id="okrs"><h2>OKRs</h2>
${r.okrs.map((o) => `${keep(`<h3>${links.record(`okr:${o.okr}`, o.objective)} <small>(${esc(o.domain)}, ${esc(o.period)}) ${percent(o.progress)}</small></h3>`, table(['key result', 'baseline', 'target', 'current', 'progress', 'last check-in'], o.keyResults.map((k) => [k.metric, k.baseline, k.target, k.current ?? '—', percent(k.progress), { html: `${esc(k.lastCheckIn ?? 'never')}${k.stale ? ` ${staleFlag}` : ''}` }]), { rowHeads: true }))}
${krHistories(r, o)}`).join('\n')}</section>`;
}

function staleHtml(r: Report, links: Linker): string {
  const rows: CellValue[][] = [
    ...r.stale.experiments.map((x) => [{ html: `experiment ${links.record(`experiment:${x.id}`, x.id)}` }, x.started, { html: `${staleFlag} ${esc(`${x.daysRunning} days running, planned ${x.plannedDays}`)}` }]),
    ...r.stale.hypotheses.map((h) => [{ html: `hypothesis ${links.record(`hypothesis:${h.id}`, h.id)}` }, h.lastEvidence ?? '—', { html: `${staleFlag} ${esc(h.days === null ? 'testing with no evidence yet' : `no new evidence for ${h.days} days`)}` }]),
  ];
  return keep('<h2>Stale work</h2>', `<p>Experiments running past their plan, and hypotheses in testing with no new evidence for 30 days.</p>${rows.length === 0 ? '<p class="none">nothing stale</p>' : table(['what', 'since', 'why it is stale'], rows, { id: 'stale', rowHeads: true })}`, 'stale-work');
}

/** One self-contained page: inline CSS and SVG, no script, no network. */
export const formatHtml: ReportFormatter<string> = (r, options) => {
  const links = linker(options?.links);
  const empty = isEmptyReport(r);
  const head = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>Discovery health — ${esc(r.name)} — ${esc(r.asOf)}</title><style>${STYLE}</style></head>
<body>
<svg width="0" height="0" aria-hidden="true" focusable="false" style="position:absolute">${PATTERNS}</svg>
<header><h1>Discovery health — ${esc(r.name)}</h1>
${r.vision ? `<p class="vision"><strong>Vision:</strong> ${esc(r.vision)}</p>\n` : ''}<p>As of ${esc(r.asOf)}, window ${esc(r.since)} to ${esc(r.asOf)} (${esc(r.window)}).${links.commit}</p></header>
<main>
${problemsHtml(r, links)}
${r.notices.map((n) => `<p class="warn">⚠ ${esc(n)}</p>`).join('')}`;
  if (empty) return `${head}\n${startHere(r)}\n</main></body></html>\n`;
  const toc = `<nav class="toc" aria-label="Sections"><a href="#pace">Pace</a><a href="#aging">Time in stage</a><a href="#funnel">Funnel</a><a href="#products-section">Products</a><a href="#investment">Investment</a><a href="#gate-readiness">Gates</a><a href="#learned">Learned</a><a href="#heard">Heard</a><a href="#riskiest">Riskiest</a><a href="#maps">Assumption map</a><a href="#okrs">OKRs</a><a href="#outcomes">Key results</a><a href="#stale-work">Stale work</a></nav>`;
  return `${head}
${toc}
${paceHtml(r, links)}
${agingHtml(r, links)}
${funnelHtml(r)}
${keep('<h2>Products</h2>', productsList(r), 'products-section')}
${investmentHtml(r)}
${gateHtml(r, links)}
${learnedHtml(r)}
${heardHtml(r, links)}
${riskyHtml(r)}
<section id="maps"><h2>Assumption map</h2>
<p>Each current claim by how much rides on it (high and medium importance are important; low is less) and how it is known: a hollow mark has no evidence, amber only what people said, green what they did. Bold labels are high importance; the top-left quadrant is what to test next.</p>
${assumptionMaps(r)}</section>
${okrsHtml(r, links)}
<section id="outcomes">${outcomesHtml(r)}</section>
${staleHtml(r, links)}
</main></body></html>
`;
};
