import { stageAsOf } from '../model/history.js';
import { asOfSnapshot, splitByInitiative, type LoadedRecord, type Records } from '../model/records.js';
import { stageIndex, type Stage } from '../model/vocabulary.js';
import { fixCommand, interpolate } from './messages.js';
import type { MessageData, Rule, RuleContext, RuleLocation, RuleReport, RuleSeverity } from './rule.js';
import { RULES } from './rules/index.js';

export const RULE_IDS = RULES.map((r) => r.meta.id);

/** One problem a rule found: its declared message id and data, the sentence they make, the command that fixes it, and the field it is about. */
export interface RuleFinding {
  messageId: string;
  data: MessageData;
  message: string;
  /** The command that supplies what is missing, ids filled in (`meta.fix`). */
  fix: string;
  at: RuleLocation;
}

/** One rule's verdict for one initiative: it passes when it found nothing. */
export interface RuleResult {
  id: string;
  gate: Stage;
  pass: boolean;
  severity: 'error' | 'warn';
  findings: RuleFinding[];
  /** The findings' sentences joined with `; `, or the rule's `pass` message. */
  message: string;
  /** The first finding's field, or the initiative's `stage` when the rule passes. */
  at: RuleLocation;
}

export interface GateResult {
  initiative: LoadedRecord<'initiative'>;
  /** The stage whose gate was evaluated (cumulative: every earlier gate too). */
  target: Stage;
  pass: boolean;
  rules: RuleResult[];
}

export interface RuleSettings {
  severity?: RuleSeverity;
  options: Record<string, unknown>;
}

export { stageIndex };

interface DaySplit {
  split: Map<string, Records>;
  domainExperiments: LoadedRecord<'experiment'>[];
  /** Each initiative's stage on the day, from its whole history (the snapshot has only the moves up to then). */
  stages: Map<string, Stage>;
}

const byInitiativeCache = new WeakMap<Records, Map<string, DaySplit>>();

/**
 * The as-of snapshot split per initiative, and its domains' experiments, built once per records
 * and day: gating many initiatives then costs one pass, not one per initiative.
 */
function daySplit(records: Records, asOf: string): DaySplit {
  let perDay = byInitiativeCache.get(records);
  if (!perDay) byInitiativeCache.set(records, (perDay = new Map()));
  let day = perDay.get(asOf);
  if (!day) {
    const snapshot = asOfSnapshot(records, asOf);
    const stages = new Map(records.initiative.map((r) => [r.data.id, stageAsOf(r, asOf).stage]));
    perDay.set(asOf, (day = { split: splitByInitiative(snapshot), domainExperiments: domainExperimentsOf(snapshot), stages }));
  }
  return day;
}

/** The experiments that belong to a product-management domain. */
export function domainExperimentsOf(records: Records): LoadedRecord<'experiment'>[] {
  return records.experiment.filter((x) => x.data.domain !== undefined);
}

/**
 * The initiative as of `asOf` (a handoff dated later is not there yet), or undefined when it did
 * not exist then.
 */
export function initiativeAsOf(records: Records, id: string, asOf: string): LoadedRecord<'initiative'> | undefined {
  return daySplit(records, asOf).split.get(id)?.initiative[0];
}

/**
 * Runs one rule and turns what it reported into findings with their sentences and fix commands.
 * A message id the rule does not declare, a failing message without a fix, a placeholder without
 * data, or a finding without its record and field throws: that is a bug in the rule, not
 * something to print.
 */
export function evaluateRule(rule: Rule, ctx: Omit<RuleContext, 'report'>, options: Record<string, unknown>): Pick<RuleResult, 'pass' | 'findings' | 'message' | 'at'> {
  const reports: RuleReport[] = [];
  const passData = rule.check({ ...ctx, report: (finding) => void reports.push(finding) }, options);
  const findings = reports.map(({ messageId, data = {}, at }): RuleFinding => {
    if (!at?.record || !Array.isArray(at.path)) throw new Error(`rule ${rule.meta.id} reported \`${messageId}\` without the record and field it is about`);
    if (messageId === 'pass') throw new Error(`rule ${rule.meta.id} reported its \`pass\` message as a finding`);
    const message = interpolate(rule.meta.id, rule.meta.messages, messageId, data);
    const fix = fixCommand(rule.meta.id, rule.meta.fix, messageId, { initiative: ctx.initiative.data.id, asOf: ctx.asOf, ...data });
    return { messageId, data, message, fix, at };
  });
  const [first] = findings;
  if (!first) return { pass: true, findings, message: interpolate(rule.meta.id, rule.meta.messages, 'pass', passData), at: { record: ctx.initiative, path: ['stage'] } };
  return { pass: false, findings, message: findings.map((f) => f.message).join('; '), at: first.at };
}

/**
 * Evaluates the gate of `target` (and every gate before it) for one initiative, plus, as warnings,
 * the rules of later gates that warn from `target` or earlier (`meta.warnFrom`).
 */
export function evaluateGate(records: Records, initiativeId: string, target: Stage, asOf: string, settings: Map<string, RuleSettings>): GateResult {
  const day = daySplit(records, asOf);
  const snapshot = day.split.get(initiativeId)!;
  const initiative = snapshot.initiative[0]!;
  const rules: RuleResult[] = [];
  for (const rule of RULES) {
    const early = stageIndex(rule.meta.gate) > stageIndex(target);
    if (early && (rule.meta.warnFrom === undefined || stageIndex(rule.meta.warnFrom) > stageIndex(target))) continue;
    const setting = settings.get(rule.meta.id);
    const configured = setting?.severity ?? rule.meta.severity?.(initiative.data) ?? 'error';
    if (configured === 'off') continue;
    // Before its own gate a rule that warns early only warns, whatever its severity there.
    const severity = early ? 'warn' : configured;
    const options = setting?.options ?? rule.meta.defaults;
    rules.push({ id: rule.meta.id, gate: rule.meta.gate, severity, ...evaluateRule(rule, { initiative, stage: day.stages.get(initiativeId) ?? initiative.data.stage, records: snapshot, domainExperiments: day.domainExperiments, asOf }, options) });
  }
  return { initiative, target, pass: rules.every((r) => r.pass || r.severity === 'warn'), rules };
}
