import { basename, join, resolve, sep } from 'node:path';
import { EXIT, usageError } from '../../errors.js';
import { findPortfolio, loadPortfolio, readSources, readSummaryFiles } from '../../engine/portfolio.js';
import type { Report } from '../../reports/build.js';
import { loadReportFormatter, wholeText } from '../../reports/formatters/index.js';
import { loadPortfolioFormatter, type PortfolioFormat } from '../../reports/portfolio/formatters/index.js';
import type { PortfolioInput } from '../../reports/portfolio/input.js';
import { mergePortfolio } from '../../reports/portfolio/merge.js';
import { findRoot } from '../../store/root.js';
import { lstatOrUndefined, outFolderAt } from '../../store/safe-path.js';
import { writeOutputFile } from '../../store/write.js';
import type { Context } from '../context.js';
import { environmentError } from '../failure.js';

export interface PortfolioOptions {
  portfolio?: string;
  from?: string[];
  offline?: boolean;
  asOf?: string;
  since?: string;
  format: PortfolioFormat;
  json?: boolean;
  out?: string;
}

/**
 * `pdx portfolio`: every team of an organisation in one view. The sources of portfolio.yaml are
 * read (local folders, git repositories through the cache) in parallel child processes, each
 * giving its `pdx report --json` summary; or `--from` merges summaries each team's CI made. A
 * source that cannot be read is reported (on stderr too) and left out, never fatal: exit 1.
 */
export async function portfolio(ctx: Context, options: PortfolioOptions): Promise<number> {
  const format: PortfolioFormat = options.json ? 'json' : options.format;
  if (options.from && (options.portfolio !== undefined || options.offline)) {
    throw usageError(`--from merges summaries made elsewhere; ${options.portfolio !== undefined ? '--portfolio' : '--offline'} is for reading the sources of a portfolio.yaml`, 'pass one or the other');
  }
  const outFolder = options.out !== undefined && isFolderOut(resolve(ctx.cwd, options.out), options.out);
  if (outFolder && format !== 'html') throw usageError(`--out ${options.out} is a folder, which is for --format html (the portfolio page and each team's report page)`, 'name a file for other formats');
  const asOf = options.asOf ?? ctx.today;
  let inputs: PortfolioInput[];
  let root: string;
  if (options.from) {
    inputs = await readSummaryFiles(options.from, ctx.cwd, ctx.stdin, { whole: outFolder });
    root = findRoot(ctx.cwd) ?? ctx.cwd;
  } else {
    const loaded = loadPortfolio(findPortfolio(ctx.cwd, options.portfolio), ctx.cwd);
    root = loaded.folder;
    inputs = await readSources(
      loaded,
      { asOf, since: options.since, today: ctx.today },
      { offline: options.offline, cache: ctx.cache, whole: outFolder, onProgress: (done, total, name) => ctx.progress(`source ${done} of ${total}: ${name}`) },
    );
    ctx.progress(undefined);
  }
  // Summaries made elsewhere are as of their own day unless --as-of asks for one.
  const merged = mergePortfolio(inputs, { asOf: options.from && options.asOf === undefined ? undefined : asOf });
  if (options.since !== undefined && options.from) {
    const other = merged.sources.filter((s) => s.status === 'ok' && s.window !== options.since);
    if (other.length > 0) merged.notices.push(`--since ${options.since} does not change summaries made elsewhere: ${other.map((s) => `${s.name} covers ${s.window}`).join(', ')}`);
  }
  for (const input of inputs) {
    if ('summary' in input && input.fetched?.offline) merged.notices.push(`${input.name ?? input.origin}: offline, as fetched ${ago(input.fetched.at, new Date())}`);
  }
  for (const failed of merged.failed) ctx.err(`pdx: ${failed.source} (${failed.origin}): ${failed.error}`);

  // Each team's page in teams/: no team's name can replace the portfolio's index.html.
  const links = outFolder ? Object.fromEntries(merged.sources.filter((s) => s.status === 'ok').map((s) => [s.name, `teams/${s.name}.html`])) : undefined;
  const text = await (await loadPortfolioFormatter(format))(merged, { color: ctx.color && !options.out, width: options.out ? Number.POSITIVE_INFINITY : ctx.columns, ...(links ? { reportLinks: links } : {}) });
  if (options.out === undefined) {
    ctx.out(text);
  } else if (!outFolder) {
    write(ctx, root, options.out, text);
  } else {
    const dir = resolve(ctx.cwd, options.out);
    outFolderAt(root, dir);
    write(ctx, root, join(options.out, 'index.html'), text);
    // Each team's own report page, from the summary it gave.
    const html = await loadReportFormatter('html');
    const summaries = new Map<string, Report>();
    merged.sources.forEach((s, i) => {
      const input = inputs[i]!;
      // Read whole (`whole` above) for these pages.
      if (s.status === 'ok' && 'summary' in input) summaries.set(s.name, input.summary as Report);
    });
    if (summaries.size > 0) outFolderAt(root, resolve(dir, 'teams'));
    for (const [name, summary] of summaries) write(ctx, root, join(options.out, 'teams', `${name}.html`), wholeText(await html(summary, { color: false, width: Number.POSITIVE_INFINITY })));
  }
  return merged.failed.length > 0 ? EXIT.failed : EXIT.ok;
}

function write(ctx: Context, root: string, file: string, text: string): void {
  try {
    writeOutputFile(root, resolve(ctx.cwd, file), text.endsWith('\n') ? text : `${text}\n`);
  } catch (error) {
    throw environmentError(error, file) ?? error;
  }
  ctx.log.files.push(file);
  ctx.err(`wrote ${file}`);
}

/** `--out site/` (a trailing slash) or an existing folder: one page per team beside the portfolio's. */
function isFolderOut(absolute: string, given: string): boolean {
  if (given.endsWith('/') || given.endsWith(sep)) return true;
  return lstatOrUndefined(absolute)?.isDirectory() === true && basename(absolute) !== '';
}

/** `2026-11-29T10:00:00.000Z` → `on 2026-11-29 (2 days ago)`. */
function ago(at: string, now: Date): string {
  const hours = Math.max(0, Math.round((now.getTime() - Date.parse(at)) / 3_600_000));
  const age = hours < 1 ? 'less than an hour ago' : hours < 48 ? `${hours} hour${hours === 1 ? '' : 's'} ago` : `${Math.round(hours / 24)} days ago`;
  return `on ${at.slice(0, 10)} (${age})`;
}
