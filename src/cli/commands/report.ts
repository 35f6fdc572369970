import { dirname, resolve } from 'node:path';
import { pageLinks, weeklyReport } from '../../engine/report.js';
import { loadReportFormatter, wholeText, type ReportFormat } from '../../reports/formatters/index.js';
import { folderPrefix } from '../../store/safe-path.js';
import { writeOutputFile } from '../../store/write.js';
import type { Context } from '../context.js';
import { environmentError } from '../failure.js';
import { usageError } from '../../errors.js';
import { noteUnreadable, openRepo } from '../read.js';

export interface ReportOptions {
  format: ReportFormat;
  json?: boolean;
  since?: string;
  asOf?: string;
  out?: string;
  link?: string;
  initiative?: string[];
  domain?: string[];
  team?: string;
}

/**
 * `pdx report`: the weekly health report. It never refuses to run because some records are
 * invalid or a stage was set by hand: it lists those at the top and reports on the rest (and
 * exits 1 when some could not be read). An invalid config is a usage error, as for gate.
 */
export async function report(ctx: Context, options: ReportOptions): Promise<number> {
  const link = options.link === undefined ? null : checkLink(options.link, options.json ? 'json' : options.format);
  const ws = await openRepo(ctx, { prefetchHistory: true, texts: false });
  const exitCode = noteUnreadable(ctx, ws);
  const format: ReportFormat = options.json ? 'json' : options.format;
  const built = await weeklyReport(ws, { asOf: options.asOf ?? ctx.today, since: options.since, initiative: options.initiative, domain: options.domain, team: options.team });
  // Only the page links to the records: to each file, relative to where the page is written (else
  // to the repo), and to the git host (its commit would make every other format differ per commit).
  const links = format === 'html' ? await pageLinks(ws, options.out ? folderPrefix(dirname(resolve(ctx.cwd, options.out)), ws.root) : '') : undefined;
  // A file has no width: its tables keep whole lines, as when piped.
  const text = await (await loadReportFormatter(format))(built, { color: ctx.color && !options.out, width: options.out ? Number.POSITIVE_INFINITY : ctx.columns, link, links });
  if (options.out) {
    try {
      const whole = wholeText(text);
      writeOutputFile(ws.root, resolve(ctx.cwd, options.out), whole.endsWith('\n') ? whole : `${whole}\n`);
    } catch (error) {
      throw environmentError(error, options.out) ?? error;
    }
    ctx.log.files.push(options.out);
    ctx.err(`wrote ${options.out}`);
  } else {
    ctx.out(text);
  }
  return exitCode;
}

/** The chat digests' formats: the only ones `--link` is for. */
const DIGESTS: readonly ReportFormat[] = ['slack', 'teams'];

/**
 * `--link`: an absolute http(s) address, for the slack and teams digests only (the other formats
 * have nowhere to put it, and silently ignoring it would hide a mistyped --format). Checked before
 * the repo is read. Returned as the URL parser writes it, so no raw space or `>` reaches a link.
 */
function checkLink(link: string, format: ReportFormat): string {
  if (!DIGESTS.includes(format)) throw usageError(`--link is for --format slack or teams, not ${format}`, 'drop --link, or add --format slack');
  let url: URL;
  try {
    url = new URL(link);
  } catch {
    throw usageError(`--link ${JSON.stringify(link)} is not an address: give an absolute http or https URL, e.g. https://ci.example/runs/42`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw usageError(`--link ${JSON.stringify(link)} is not an http or https address`);
  if (url.href.length > 2000) throw usageError('--link is longer than 2000 characters: chat platforms refuse such links');
  return url.href;
}
