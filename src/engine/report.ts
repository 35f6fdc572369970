import { findRecord } from '../authoring/plan.js';
import { requireConfig, type Workspace } from './workspace.js';
import { stageAsOf, stageSetByHand } from '../model/history.js';
import { KIND_NAMES } from '../model/kinds.js';
import { asOfSnapshot, keepOwnedBy, type Records } from '../model/records.js';
import { buildReport, type Report, type ReportInput } from '../reports/build.js';
import type { PageLinks } from '../reports/formatters/index.js';

export interface ReportQuery {
  asOf: string;
  /** The window (`12w`, `30d`); default `report.since` in the config, else 12 weeks. */
  since?: string;
  /** Only these initiatives, domains, or what this team member works on, and what belongs to them. */
  initiative?: string[];
  domain?: string[];
  team?: string;
}

/**
 * `report`: the weekly health report over the records as they stood on `asOf` (the snapshot is
 * made here, once; metrics never filter by date again), for the chosen initiatives or domains.
 * Invalid records are listed, not fatal; an invalid config is (its settings shape every number).
 */
export async function weeklyReport(ws: Workspace, query: ReportQuery): Promise<Report> {
  const config = requireConfig(ws);
  // The config's window is checked with its schema; --since by the command line.
  const window = query.since ?? config.report?.since ?? '12w';
  const chosen = chooseRecords(ws.records, query);
  const notices: string[] = [];
  let gitDates: ReportInput['gitDates'];
  if (chosen.initiative.some(stageSetByHand)) {
    // Stages set by hand have no history date: read it from git, once for the whole repo.
    const { dates, shallow, available, why } = await ws.stageDates();
    gitDates = (file, stage) => dates.get(file)?.get(stage);
    notices.push(
      !available
        ? `some stages were set by hand and there is no git history to date them (${why ?? 'no git history'}): their time in stage is unknown`
        : shallow
          ? 'some stages were set by hand and this clone has shallow git history: their entry dates may be unknown'
          : 'some stages were set by hand: their entry dates come from git history',
    );
  }
  return buildReport({
    records: asOfSnapshot(stagesAsOf(chosen, query.asOf), query.asOf),
    config,
    asOf: query.asOf,
    window,
    problems: ws.problems.filter((p) => p.severity === 'error'),
    notices,
    gitDates,
    settings: ws.settings,
  });
}

/**
 * Where the review page links each record: its file (reached from the page through `base`), and
 * its page on the git host at HEAD when `origin` is a known host (read once: origin and HEAD).
 * Check-ins are never linked.
 */
export async function pageLinks(ws: Workspace, base: string): Promise<PageLinks> {
  const files = new Map<string, string>();
  for (const kind of KIND_NAMES) if (kind !== 'checkin') for (const r of ws.records[kind]) files.set(`${kind}:${r.data.id}`, r.file);
  const repository = (await (await import('../git/index.js')).repositoryWeb(ws.root)) ?? null;
  return { base, files, repository };
}

/**
 * Initiatives as they stood on `asOf`: those whose history starts later did not exist yet, and
 * each one's stage is the one its history shows on that day (read from the whole history, before
 * the snapshot drops the later moves).
 */
function stagesAsOf(records: Records, asOf: string): Records {
  return {
    ...records,
    initiative: records.initiative
      .filter((r) => r.data.history.length === 0 || r.data.history[0]!.date <= asOf)
      .map((r) => ({ ...r, data: { ...r.data, stage: stageAsOf(r, asOf).stage } })),
  };
}

/** The records of the chosen initiatives/domains/team member, and what belongs to them. */
function chooseRecords(records: Records, q: ReportQuery): Records {
  if (!q.initiative?.length && !q.domain?.length && !q.team) return records;
  for (const id of q.initiative ?? []) findRecord(records, 'initiative', id, '--initiative');
  for (const id of q.domain ?? []) findRecord(records, 'domain', id, '--domain');
  const onTeam = (team: { name: string }[]) => q.team !== undefined && team.some((m) => m.name === q.team);
  const wanted = { initiative: q.initiative ?? [], domain: q.domain ?? [] } as Partial<Record<string, string[]>>;
  return keepOwnedBy(records, (r) => {
    const { id, team } = r.data as { id: string; team?: { name: string }[] };
    return (wanted[r.kind]?.includes(id) ?? false) || onTeam(team ?? []);
  });
}
