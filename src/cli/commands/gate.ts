import { findRecord } from '../../authoring/plan.js';
import { EXIT } from '../../errors.js';
import { evaluateGate, loadRuleSettings, stageIndex, type GateResult } from '../../gates/engine.js';
import type { RuleLocation } from '../../gates/rule.js';
import { loadGateFormatter, type GateFormat, type GateReport, type GateRuleLine } from '../../format/gate.js';
import type { Stage } from '../../model/vocabulary.js';
import { DATA_DIR } from '../../model/kinds.js';
import { loadRepo, type Repo } from '../../store/load.js';
import { requireRoot } from '../../store/root.js';
import type { Context } from '../context.js';
import { requireConfig } from '../read.js';
import { prefetchStageDates, unrecordedStages } from '../stage-history.js';

export interface GateOptions {
  format: GateFormat;
  json?: boolean;
  asOf?: string;
  changedSince?: string;
}

/**
 * `pdx gate STAGE [ID...]`: with no ids, every initiative at or past STAGE must pass the gate
 * of STAGE (so a hand-edited `stage:` without the evidence fails CI); with ids, those are checked
 * whatever their stage. Invalid files fail the gate too.
 */
export async function gate(ctx: Context, stage: Stage, ids: string[], options: GateOptions): Promise<number> {
  const root = requireRoot(ctx.cwd);
  const asOf = options.asOf ?? ctx.today;
  // Validation judges dates against the real today; --as-of only hides what came later.
  const stageDates = prefetchStageDates(root, ctx.cache);
  const repo = await loadRepo(root, { today: ctx.today, cache: ctx.cache, saveCacheLater: true, afterInitiatives: stageDates.afterInitiatives });
  requireConfig(repo);
  const settings = await loadRuleSettings(repo.config);

  let selected = ids.length > 0 ? ids.map((id) => findRecord(repo.records, 'initiative', id, 'INITIATIVE')) : repo.records.initiative.filter((r) => stageIndex(r.data.stage) >= stageIndex(stage));
  if (options.changedSince) {
    const { changedSince } = await import('../../git/index.js');
    const files = await changedSince(root, options.changedSince);
    // A change to the config can change every verdict: then every initiative is checked.
    if (!files.includes('pdx.yaml')) {
      const touched = touchedInitiatives(repo, files);
      selected = selected.filter((r) => touched.has(r.data.id));
    }
  }
  const results = selected.map((r) => evaluateGate(repo.records, r.data.id, stage, asOf, settings));
  const format: GateFormat = options.json ? 'json' : options.format;
  // Text and GitHub annotations show where failing rules look, not passing ones; locating a
  // field costs a YAML parse of its file.
  const report = await repo.withLocations(() => toReport(repo, stage, results, format === 'json' || format === 'junit'));
  report.problems.push(...(await unrecordedStages(repo, selected, stageDates.get)));
  repo.saveCache();
  ctx.out(await (await loadGateFormatter(format))(report, { color: ctx.color }));
  return report.ok ? EXIT.ok : EXIT.failed;
}

/** Initiatives whose own file, or whose hypotheses, evidence or experiments, are among `files`. */
export function touchedInitiatives(repo: Repo, files: string[]): Set<string> {
  const changed = new Set(files);
  const touched = new Set<string>();
  for (const r of repo.records.initiative) if (changed.has(r.file)) touched.add(r.data.id);
  for (const list of [repo.records.hypothesis, repo.records.evidence, repo.records.experiment]) {
    for (const r of list) {
      const initiative = (r.data as { initiative?: string }).initiative;
      if (initiative && changed.has(r.file)) touched.add(initiative);
    }
  }
  // A deleted record has no data left; pdx files records under a folder named by initiative.
  const ids = new Set(repo.records.initiative.map((r) => r.data.id));
  for (const file of files) {
    const [data, folder, sub] = file.split('/');
    if (data === DATA_DIR && sub && ['hypotheses', 'evidence', 'experiments'].includes(folder!) && ids.has(sub)) touched.add(sub);
  }
  return touched;
}

/** Located results (passing ones only with `locatePassing`), validation problems, and forced moves in the history (as warnings). */
export function toReport(repo: Repo, stage: Stage, results: GateResult[], locatePassing = true): GateReport {
  const forced = results.flatMap((result) =>
    result.initiative.data.history.flatMap((entry, i) =>
      entry.forced
        ? [
            repo.toProblem({
              record: result.initiative,
              path: ['history', i],
              severity: 'warning',
              code: 'gate/forced-move',
              message: `${result.initiative.data.id} was forced into ${entry.stage} on ${entry.date}${entry.failedRules?.length ? ` past ${entry.failedRules.join(', ')}` : ''}: ${entry.reason ?? 'no reason given'}`,
            }),
          ]
        : [],
    ),
  );
  const invalid = repo.problems.filter((p) => p.severity === 'error');
  const initiatives = results.map((result) => {
    // A finding about a field the file does not have points at the record's id, or for the initiative at the stage it claims.
    const located = (at: RuleLocation) => {
      const where = repo.has(at.record, at.path) ? at : { record: at.record, path: at.record.file === result.initiative.file ? ['stage'] : ['id'] };
      return { file: where.record.file, ...repo.locate(where.record, where.path) };
    };
    return {
      id: result.initiative.data.id,
      stage: result.initiative.data.stage,
      file: result.initiative.file,
      pass: result.pass,
      rules: result.rules.map((r): GateRuleLine => {
        const base = { id: r.id, gate: r.gate, severity: r.severity, message: r.message };
        const [first, ...rest] = r.findings.map((f) => ({ messageId: f.messageId, data: f.data, message: f.message, ...located(f.at) }));
        if (first) return { ...base, pass: false, file: first.file, line: first.line, column: first.column, findings: [first, ...rest] };
        return locatePassing ? { ...base, pass: true, findings: [], ...located(r.at) } : { ...base, pass: true, findings: [] };
      }),
    };
  });
  return { ok: invalid.length === 0 && initiatives.every((i) => i.pass), stage, initiatives, problems: [...invalid, ...forced] };
}
