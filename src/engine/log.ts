import { findRecord } from '../authoring/plan.js';
import type { DecisionLog, LogEntry } from '../format/log-text.js';
import { abSummary } from '../model/ab-text.js';
import { analyseExperiment, directionOf, type Direction } from '../model/ab-test.js';
import { DEFAULT_SIGNIFICANCE, significanceOf } from '../model/settings.js';
import { addDays, windowDays } from '../model/dates.js';
import type { Experiment } from '../model/experiment.js';
import { stageSetByHand } from '../model/history.js';
import { DATA_DIR, KIND_FOLDERS } from '../model/kinds.js';
import type { LoadedRecord, Records } from '../model/records.js';
import { stageIndex } from '../model/vocabulary.js';
import { readFieldDates, type StageDates } from './stage-dates.js';
import type { Workspace } from './workspace.js';

export interface LogQuery {
  today: string;
  /** Only this initiative's decisions. */
  initiative?: string;
  /** Only the last `N` weeks or days (`12w`, `30d`), counted back from today. */
  since?: string;
  /** Reuse git's dates cached for this commit (default true; `--no-cache` turns it off). */
  cache?: boolean;
}

const HISTORY_CACHE = 'log-dates.json';

/** A hypothesis whose status only git can date: set and not by `pdx hypothesis status` (no `statusSince`). */
const statusNeedsGit = (h: LoadedRecord<'hypothesis'>) => h.data.statusSince === undefined && h.data.status !== 'draft';

/**
 * `log`: the decision log, newest first (as `git log`): stage moves, pivots and forced moves with
 * their reasons and failed rules; handoffs to product management (the domain, who, and for a
 * forced one its reason and failed rules); stages set by hand and hypothesis statuses no record dates, with
 * the day git saw them set (one `git log` for the whole repo, only when one needs it, cached per
 * commit); supersede chains; experiment decisions from learning cards.
 */
export async function decisionLog(ws: Workspace, query: LogQuery): Promise<DecisionLog> {
  if (query.initiative !== undefined) findRecord(ws.records, 'initiative', query.initiative, '--initiative');
  const records = ws.records;
  const notices: string[] = [];
  let history: StageDates | undefined;
  if (records.initiative.some(stageSetByHand) || records.hypothesis.some(statusNeedsGit)) {
    history = await readFieldDates(
      ws.root,
      query.cache !== false,
      [
        { folder: `${DATA_DIR}/${KIND_FOLDERS.initiative}`, field: 'stage' },
        { folder: `${DATA_DIR}/${KIND_FOLDERS.hypothesis}`, field: 'status' },
      ],
      HISTORY_CACHE,
    );
    if (!history.available) notices.push(`some stages or statuses were set by hand and there is no git history to date them (${history.why ?? 'no git history'}): their dates are unknown`);
    else if (history.shallow) notices.push('some stages or statuses were set by hand and this clone has shallow git history: some of their dates may be unknown');
  }
  const since = query.since === undefined ? null : addDays(query.today, -(windowDays(query.since) - 1));
  const entries = logEntries(records, (file, value) => history?.dates.get(file)?.get(value), significanceOf(ws.config), ws.whole)
    .filter((e) => query.initiative === undefined || e.initiative === query.initiative)
    .filter((e) => since === null || (e.date !== null && e.date >= since));
  return { initiative: query.initiative ?? null, since, entries, notices };
}

/**
 * Every decision in the records, newest first; those no record or git dates last. Pure: `gitDate`
 * answers the day git saw a file's watched field (stage, status) set to a value; `whole` gives a
 * record with its long texts (when the records were loaded lean), asked only for the records
 * whose statement or learning card an entry quotes.
 */
export function logEntries(
  records: Records,
  gitDate: (file: string, value: string) => string | undefined,
  significance = DEFAULT_SIGNIFICANCE,
  whole: <R extends LoadedRecord>(record: R) => R = (record) => record,
): LogEntry[] {
  const entries: LogEntry[] = [];
  for (const r of records.initiative) {
    const { id, history, stage } = r.data;
    history.forEach((h, i) => {
      const from = i === 0 ? null : history[i - 1]!.stage;
      const step = from === null ? 1 : stageIndex(h.stage) - stageIndex(from);
      const move = from === null ? 'start' : step < 0 ? 'pivot' : step > 1 ? 'skip' : 'advance';
      entries.push({ kind: 'stage', date: h.date, dated: 'record', initiative: id, domain: null, file: r.file, move, from, to: h.stage, forced: h.forced === true, reason: h.reason ?? null, failedRules: h.failedRules ?? [], by: h.by ?? null });
    });
    const { handoff, domain } = r.data;
    if (handoff) {
      entries.push({ kind: 'handoff', date: handoff.date, dated: 'record', initiative: id, domain: domain ?? null, file: r.file, forced: handoff.forced === true, reason: handoff.reason ?? null, failedRules: handoff.failedRules ?? [], by: handoff.by ?? null });
    }
    if (stageSetByHand(r)) {
      const seen = gitDate(r.file, stage);
      entries.push({ kind: 'stage', date: seen ?? null, dated: seen ? 'git' : 'unknown', initiative: id, domain: null, file: r.file, move: 'by-hand', from: history.at(-1)?.stage ?? null, to: stage, forced: false, reason: null, failedRules: [], by: null });
    }
  }
  const byId = new Map(records.hypothesis.map((h) => [h.data.id, h.data]));
  for (const r of records.hypothesis) {
    const h = r.data;
    if (h.status !== 'draft' || h.statusSince !== undefined) {
      const seen = h.statusSince ?? gitDate(r.file, h.status);
      entries.push({ kind: 'status', date: seen ?? null, dated: h.statusSince ? 'record' : seen ? 'git' : 'unknown', initiative: h.initiative, domain: null, file: r.file, hypothesis: h.id, status: h.status, statement: whole(r).data.statement });
    }
    if (h.supersedes !== undefined) {
      // The chain from the first hypothesis of the line to this one (a loop in bad data ends it).
      const chain = [h.id];
      let prev: string | undefined = h.supersedes;
      while (prev !== undefined && !chain.includes(prev)) {
        chain.unshift(prev);
        prev = byId.get(prev)?.supersedes;
      }
      entries.push({ kind: 'supersede', date: h.created ?? null, dated: h.created ? 'record' : 'unknown', initiative: h.initiative, domain: null, file: r.file, hypothesis: h.id, supersedes: h.supersedes, chain });
    }
  }
  const okrs = records.okr.map((o) => o.data);
  for (const r of records.experiment) {
    if (r.data.concluded === undefined || r.data.learning === undefined) continue;
    const x = whole(r).data as Experiment & { concluded: string; learning: NonNullable<Experiment['learning']> };
    entries.push({ kind: 'decision', date: x.concluded, dated: 'record', initiative: x.initiative ?? null, domain: x.domain ?? null, file: r.file, experiment: x.id, title: x.title ?? null, result: x.result ?? null, decision: x.learning.decision ?? null, learned: x.learning.learned, next: x.learning.next, ...abNumbers(x, significance, directionOf(x, okrs)) });
  }
  // Newest first; on one day, later in a record's history first, then by file for a stable order.
  const order = new Map(entries.map((e, i) => [e, i]));
  return entries.sort((a, b) => (b.date ?? '').localeCompare(a.date ?? '') || a.file.localeCompare(b.file) || order.get(b)! - order.get(a)!);
}

/** An A/B test's numbers and override for its decision entry: present only when it has them. */
function abNumbers(x: Experiment, significance: number, direction: Direction): { numbers?: string; override?: string } {
  const numbers = abSummary(analyseExperiment(x, significance, direction), direction);
  const o = x.resultOverride;
  return { ...(numbers ? { numbers } : {}), ...(o ? { override: `${o.result} on ${o.date}${o.by ? ` by ${o.by}` : ''}: ${o.reason}` } : {}) };
}
