import { resolve } from 'node:path';
import { findRecord } from '../../authoring/plan.js';
import type { Records } from '../../model/records.js';
import { loadRuleSettings } from '../../gates/engine.js';
import { buildReport, type ReportInput } from '../../reports/build.js';
import { loadReportFormatter, type ReportFormat } from '../../reports/formatters/index.js';
import { loadRepo } from '../../store/load.js';
import { requireRoot } from '../../store/root.js';
import { writeOutputFile } from '../../store/write.js';
import type { Context } from '../context.js';
import { environmentError } from '../failure.js';
import { noteUnreadable, requireConfig } from '../read.js';
import { prefetchStageDates, stageSetByHand } from '../stage-history.js';

export interface ReportOptions {
  format: ReportFormat;
  json?: boolean;
  since?: string;
  asOf?: string;
  out?: string;
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
  const root = requireRoot(ctx.cwd);
  const asOf = options.asOf ?? ctx.today;
  const stageDates = prefetchStageDates(root, ctx.cache);
  const repo = await loadRepo(root, { today: ctx.today, cache: ctx.cache, afterInitiatives: stageDates.afterInitiatives });
  const exitCode = noteUnreadable(ctx, repo);
  // Its settings shape every number (the window, the targets): a report without them would mislead.
  const config = requireConfig(repo);
  const window = options.since ?? config.report?.since ?? '12w';
  const records = filterRecords(repo.records, options);

  const notices: string[] = [];
  let gitDates: ReportInput['gitDates'];
  if (records.initiative.some(stageSetByHand)) {
    // Stages set by hand have no history date: read it from git, once for the whole repo.
    const { dates, shallow, available, why } = await stageDates.get();
    gitDates = (file, stage) => dates.get(file)?.get(stage);
    notices.push(
      !available
        ? `some stages were set by hand and there is no git history to date them (${why ?? 'no git history'}): their time in stage is unknown`
        : shallow
          ? 'some stages were set by hand and this clone has shallow git history: their entry dates may be unknown'
          : 'some stages were set by hand: their entry dates come from git history',
    );
  }
  const settings = await loadRuleSettings(config);
  const built = buildReport({ records, config, asOf, window, problems: repo.problems.filter((p) => p.severity === 'error'), notices, gitDates, settings });
  const format: ReportFormat = options.json ? 'json' : options.format;
  const text = await (await loadReportFormatter(format))(built, { color: ctx.color && !options.out, width: ctx.columns });
  if (options.out) {
    try {
      writeOutputFile(root, resolve(ctx.cwd, options.out), text.endsWith('\n') ? text : `${text}\n`);
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

/** The records of the chosen initiatives/domains/team member, and what hangs off them. */
function filterRecords(records: Records, o: ReportOptions): Records {
  if (!o.initiative?.length && !o.domain?.length && !o.team) return records;
  const initiatives = new Set(records.initiative.filter((r) => o.initiative?.includes(r.data.id) || (o.team && r.data.team.some((m) => m.name === o.team))).map((r) => r.data.id));
  const domains = new Set(records.domain.filter((r) => o.domain?.includes(r.data.id) || (o.team && r.data.team.some((m) => m.name === o.team))).map((r) => r.data.id));
  for (const id of o.initiative ?? []) findRecord(records, 'initiative', id, '--initiative');
  for (const id of o.domain ?? []) findRecord(records, 'domain', id, '--domain');
  const okrs = new Set(records.okr.filter((r) => domains.has(r.data.domain)).flatMap((r) => r.data.keyResults.map((k) => k.id)));
  return {
    initiative: records.initiative.filter((r) => initiatives.has(r.data.id)),
    hypothesis: records.hypothesis.filter((r) => initiatives.has(r.data.initiative)),
    evidence: records.evidence.filter((r) => initiatives.has(r.data.initiative)),
    experiment: records.experiment.filter((r) => (r.data.initiative && initiatives.has(r.data.initiative)) || (r.data.domain && domains.has(r.data.domain))),
    domain: records.domain.filter((r) => domains.has(r.data.id)),
    okr: records.okr.filter((r) => domains.has(r.data.domain)),
    checkin: records.checkin.filter((r) => okrs.has(r.data.kr)),
  };
}
