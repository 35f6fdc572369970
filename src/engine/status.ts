import type { DomainStatus, InitiativeStatus, RepoStatus, StaleKeyResult } from '../format/status-text.js';
import { shellWord } from '../gates/messages.js';
import { evaluateGate } from '../gates/engine.js';
import { daysBetween } from '../model/dates.js';
import { nextStage, stageSetByHand } from '../model/history.js';
import { isHandedOff, parentOf, productTree } from '../model/products.js';
import { asOfSnapshot } from '../model/records.js';
import type { Stage } from '../model/vocabulary.js';
import { okrs } from '../reports/metrics/okrs.js';
import { domainWarnings } from './domains.js';
import { krStaleDays } from '../model/settings.js';
import { stageAging } from '../reports/metrics/stages.js';
import { checklist, handoffCommand } from './stage.js';
import { requireConfig, type Workspace } from './workspace.js';

/** What git says about pdx's files: the changed ones, or why it cannot say. */
export type Uncommitted = { files: { path: string; state: string; staged: boolean }[] } | { why: string };

export interface StatusQuery {
  today: string;
  /** The uncommitted changes to pdx's files (asked of git once, started by the caller while the repo is read). */
  uncommitted: Promise<Uncommitted>;
  /** pdx's paths as the git command to commit them should name them (default: from the repo root). */
  gitPaths?: string[];
}

/**
 * `status`: the repo at a glance. Each initiative's stage and days in it, its next gate (that
 * stage's own rules and any earlier one that fails) with the command that supplies each thing
 * missing, or `pdx advance` when it passes (at mvp, the mvp gate and `pdx handoff`, its next step); key results without a recent check-in with the
 * command to check in; files with problems; pdx's files git has not committed. Initiatives
 * handed off by today are no longer in discovery: they are listed under their domain with their
 * expansions still in discovery, not with a gate. Pure data: the caller formats it.
 */
export async function repoStatus(ws: Workspace, query: StatusQuery): Promise<RepoStatus> {
  const config = requireConfig(ws);
  const { today } = query;
  const { records } = ws;
  let gitDates: ((file: string, stage: Stage) => string | undefined) | undefined;
  if (records.initiative.some(stageSetByHand)) {
    const { dates } = await ws.stageDates();
    gitDates = (file, stage) => dates.get(file)?.get(stage);
  }
  const ages = new Map(stageAging(records, today, (stage) => config.report?.stageWarnAfterDays?.[stage] ?? 30, gitDates).map((a) => [a.initiative, a]));
  const snapshot = asOfSnapshot(records, today);
  const handedOff = new Set(snapshot.initiative.filter((r) => isHandedOff(r.data)).map((r) => r.data.id));
  const initiatives = [...records.initiative]
    .filter((r) => !handedOff.has(r.data.id))
    .sort((a, b) => a.data.id.localeCompare(b.data.id))
    .map((r): InitiativeStatus => {
      const { id, title, stage } = r.data;
      const age = ages.get(id)!;
      const next = nextStage(stage) ?? null;
      // At mvp the next step is the handoff, which needs the mvp gate to pass.
      const handoff = next === null ? handoffCommand(id, r.data.domain) : null;
      const gateStage = next ?? 'mvp';
      const gate = evaluateGate(records, id, gateStage, today, ws.settings);
      // The next gate's own rules, and any earlier one that no longer holds: what stands in the way now.
      const rules = checklist(gate).filter((rule) => rule.gate === gateStage || !rule.pass);
      const missing = rules.filter((rule) => !rule.pass && rule.severity === 'error').reduce((n, rule) => n + rule.findings.length, 0);
      return {
        id,
        title,
        stage,
        enteredOn: age.enteredOn,
        days: age.days,
        warnAfterDays: age.warnAfterDays,
        overdue: age.overdue,
        next,
        ready: gate.pass,
        rules,
        missing,
        handoff: handoff !== null,
        fix: gate.pass ? (handoff ?? `pdx advance ${shellWord(id)}`) : null,
        expands: parentOf(snapshot, r.data),
      };
    });
  const productManagement = productTree(snapshot).map((d): DomainStatus => ({
    domain: d.domain,
    name: d.name,
    products: d.products.map((p) => ({
      id: p.id,
      title: p.title,
      stage: p.stage,
      handedOffOn: p.handedOffOn,
      forced: p.forced,
      expansions: p.expansions
        .filter((x) => x.domain === null)
        .map((x) => ({ id: x.id, title: x.title, stage: x.stage, enteredOn: ages.get(x.id)?.enteredOn ?? null, days: ages.get(x.id)?.days ?? null })),
    })),
  }));
  const staleDays = krStaleDays(config);
  const keyResults = okrs(snapshot, today, staleDays).flatMap((okr) =>
    okr.keyResults
      .filter((kr) => kr.stale)
      .map((kr): StaleKeyResult => ({
        domain: okr.domain,
        okr: okr.okr,
        id: kr.id,
        metric: kr.metric,
        current: kr.current,
        lastCheckIn: kr.lastCheckIn,
        days: kr.lastCheckIn === null ? null : daysBetween(kr.lastCheckIn, today),
        fix: `pdx kr update ${shellWord(kr.id)} --current …`,
      })),
  );
  const errors = ws.problems.filter((p) => p.severity === 'error');
  const files = [...new Set(errors.map((p) => p.file))].sort();
  ws.save();
  const git = await query.uncommitted;
  const paths = (query.gitPaths ?? ['pdx.yaml', 'discovery']).map(shellWord).join(' ');
  const uncommitted =
    'why' in git
      ? { checked: false, why: git.why, files: [], fix: null }
      : { checked: true, files: git.files, fix: git.files.length > 0 ? `git add -- ${paths} && git commit -m "…"` : null };
  return {
    name: config.name,
    vision: config.vision ?? null,
    today,
    initiatives,
    // Missing roles and no OKR for the period; stale key results are listed below (`keyResults`).
    domains: domainWarnings(snapshot, today, config).map((d) => ({ ...d, warnings: d.warnings.filter((w) => w.kind !== 'stale-kr') })),
    productManagement,
    staleAfterDays: staleDays,
    keyResults,
    invalid: { files, errors: errors.length, fix: files.length > 0 ? 'pdx validate' : null },
    uncommitted,
  };
}
