import { isForcedStatus } from '../model/status-evidence.js';
import type { Problem } from '../errors.js';
import type { GateReport, GateRuleLine, HandedOff } from '../format/gate.js';
import { evaluateGate, initiativeAsOf, type GateResult } from '../gates/engine.js';
import type { RuleLocation } from '../gates/rule.js';
import { DATA_DIR, INITIATIVE_PARTS, KIND_OF_FOLDER } from '../model/kinds.js';
import { ofInitiative } from '../model/lookup.js';
import { ownerOf, type Finding, type LoadedRecord } from '../model/records.js';
import { stageIndex, type Stage } from '../model/vocabulary.js';
import { findRecord } from '../authoring/plan.js';
import { unrecordedStages } from './stage-dates.js';
import type { Workspace } from './workspace.js';

export interface GateCheck {
  stage: Stage;
  /** The initiatives to check whatever their stage; none: every one at or past `stage`. */
  ids: string[];
  asOf: string;
  /** The files changed (asked of git once the ids are known to exist): only initiatives they touch are checked, unless the config changed. */
  changedFiles?: () => Promise<string[]>;
  /** Locate passing rules too (JSON and JUnit print every rule's place); text and annotations need only failing ones. */
  locatePassing: boolean;
}

/**
 * `gate`: the gate of `stage` for the chosen initiatives, located, with the repo's invalid files
 * (they fail a gate too), forced moves and stages set by hand as warnings. An initiative handed
 * to product management by `asOf` is not evaluated: it is listed in `handedOff`.
 */
export async function checkGate(ws: Workspace, check: GateCheck): Promise<GateReport> {
  const { records } = ws;
  let selected = check.ids.length > 0 ? check.ids.map((id) => findRecord(records, 'initiative', id)) : records.initiative.filter((r) => stageIndex(r.data.stage) >= stageIndex(check.stage));
  // A change to the config can change every verdict: then every initiative is checked.
  const changed = check.changedFiles && (await check.changedFiles());
  if (changed && !changed.includes('pdx.yaml')) {
    const touched = touchedInitiatives(ws, changed);
    selected = selected.filter((r) => touched.has(r.data.id));
  }
  const handedOff: HandedOff[] = [];
  selected = selected.filter((r) => {
    const asOf = handoffAsOf(records, r.data.id, check.asOf);
    if (asOf) handedOff.push({ id: r.data.id, stage: r.data.stage, file: r.file, ...asOf });
    return !asOf;
  });
  const results = selected.map((r) => evaluateGate(records, r.data.id, check.stage, check.asOf, ws.settings));
  const report = await toReport(ws, check.stage, results, check.locatePassing);
  report.handedOff = handedOff;
  report.problems.push(...(await unrecordedStages(ws.repo, selected, ws.stageDates)));
  ws.save();
  return report;
}

/** The domain an initiative was handed to and the day, when it was handed off by `asOf`; from then on no gate applies to it. */
export function handoffAsOf(records: Workspace['records'], id: string, asOf: string): { domain: string; since: string } | undefined {
  const { handoff, domain } = initiativeAsOf(records, id, asOf)?.data ?? {};
  return handoff && domain ? { domain, since: handoff.date } : undefined;
}

/** Initiatives whose own file, or the file of a record that belongs to one (its hypotheses, evidence, experiments), is among `files`. */
export function touchedInitiatives(ws: Workspace, files: string[]): Set<string> {
  const changed = new Set(files);
  const touched = new Set<string>();
  for (const r of ws.records.initiative) if (changed.has(r.file)) touched.add(r.data.id);
  for (const kind of INITIATIVE_PARTS) {
    for (const r of ws.records[kind] as LoadedRecord[]) {
      const owner = ownerOf(r);
      if (owner?.kind === 'initiative' && changed.has(r.file)) touched.add(owner.id);
    }
  }
  // A deleted record has no data left; pdx files those records under a folder named by their initiative.
  const ids = new Set(ws.records.initiative.map((r) => r.data.id));
  for (const file of files) {
    const [data, folder, sub] = file.split('/');
    const kind = folder === undefined ? undefined : KIND_OF_FOLDER.get(folder);
    if (data === DATA_DIR && sub && kind && INITIATIVE_PARTS.includes(kind) && ids.has(sub)) touched.add(sub);
  }
  return touched;
}

/** Located results (passing ones only with `locatePassing`), validation problems, and forced moves in the history and forced hypothesis statuses (as warnings). */
export async function toReport(ws: Workspace, stage: Stage, results: GateResult[], locatePassing: boolean): Promise<GateReport> {
  const forced: Finding[] = results.flatMap((result) =>
    result.initiative.data.history.flatMap((entry, i): Finding[] =>
      entry.forced
        ? [
            {
              record: result.initiative,
              path: ['history', i],
              severity: 'warning',
              code: 'gate/forced-move',
              message: `${result.initiative.data.id} was forced into ${entry.stage} on ${entry.date}${entry.failedRules?.length ? ` past ${entry.failedRules.join(', ')}` : ''}: ${entry.reason ?? 'no reason given'}`,
            },
          ]
        : [],
    ),
  );
  // A status forced against the evidence is a warning wherever status-matches-evidence is checked (not when it is off).
  const forcedStatuses: Finding[] = results.flatMap((result) =>
    !result.rules.some((r) => r.id === 'status-matches-evidence')
      ? []
      : ofInitiative(ws.records.hypothesis, result.initiative.data.id)
          .filter((h) => isForcedStatus(h))
          .map((h): Finding => {
            const o = h.data.statusOverride!;
            return { record: h, path: ['statusOverride'], severity: 'warning', code: 'gate/forced-status', message: `${h.data.id} was marked ${o.status} on ${o.date}${o.by ? ` by ${o.by}` : ''} against its evidence: ${o.reason}` };
          }),
  );
  forced.push(...forcedStatuses);
  const invalid: Problem[] = ws.problems.filter((p) => p.severity === 'error');
  // Every place to point at, located at once: each finding's field, and each passing rule's when asked.
  // A finding about a field the file does not have points at the record's id, or for the initiative at the stage it claims.
  const request = (at: RuleLocation, initiative: LoadedRecord<'initiative'>) => ({
    file: at.record.file,
    path: at.path,
    orElse: { file: at.record.file, path: at.record.file === initiative.file ? ['stage'] : ['id'] },
  });
  const wanted = results.flatMap((result) =>
    result.rules.flatMap((r) => (r.findings.length > 0 ? r.findings.map((f) => request(f.at, result.initiative)) : locatePassing ? [request(r.at, result.initiative)] : [])),
  );
  const places = await ws.repo.locate(wanted);
  let next = 0;
  const initiatives = results.map((result) => ({
    id: result.initiative.data.id,
    stage: result.initiative.data.stage,
    file: result.initiative.file,
    pass: result.pass,
    rules: result.rules.map((r): GateRuleLine => {
      const base = { id: r.id, gate: r.gate, severity: r.severity, message: r.message };
      const [first, ...rest] = r.findings.map((f) => ({ messageId: f.messageId, data: f.data, message: f.message, fix: f.fix, ...places[next++]! }));
      if (first) return { ...base, pass: false, file: first.file, line: first.line, column: first.column, findings: [first, ...rest] };
      return locatePassing ? { ...base, pass: true, findings: [], ...places[next++]! } : { ...base, pass: true, findings: [] };
    }),
  }));
  return { ok: invalid.length === 0 && initiatives.every((i) => i.pass), stage, initiatives, handedOff: [], problems: [...invalid, ...(await ws.repo.toProblems(forced))] };
}
