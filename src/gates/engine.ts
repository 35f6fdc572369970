import type { z } from 'zod';
import { usageError } from '../errors.js';
import type { Config } from '../model/config.js';
import type { LoadedRecord, Records } from '../model/records.js';
import { STAGES, stageIndex, type Stage } from '../model/vocabulary.js';
import { interpolate } from './messages.js';
import type { MessageData, Rule, RuleContext, RuleLocation, RuleReport, RuleSeverity } from './rule.js';
import { RULES } from './rules/index.js';

export const RULE_IDS = RULES.map((r) => r.meta.id);

/** One problem a rule found: its declared message id and data, the sentence they make, and the field it is about. */
export interface RuleFinding {
  messageId: string;
  data: MessageData;
  message: string;
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

/**
 * Reads the `rules:` section of the config: an unknown rule id or invalid options are usage
 * errors (exit 2) that say what is allowed. Options are checked with zod, loaded only when the
 * config sets some.
 */
export async function loadRuleSettings(config: Config | undefined): Promise<Map<string, RuleSettings>> {
  const setsOptions = Object.values(config?.rules ?? {}).some((raw) => Object.keys(raw).some((key) => key !== 'severity'));
  return ruleSettings(config, setsOptions ? (await import('zod')).z : undefined);
}

/** `loadRuleSettings` with zod at hand (required when the config sets options). */
export function ruleSettings(config: Config | undefined, zod?: typeof z): Map<string, RuleSettings> {
  const settings = new Map<string, RuleSettings>();
  for (const [id, raw] of Object.entries(config?.rules ?? {})) {
    const rule = RULES.find((r) => r.meta.id === id);
    if (!rule) throw usageError(`unknown rule \`${id}\` in pdx.yaml`, `known rules: ${RULE_IDS.join(', ')}`);
    const { severity, ...rest } = raw;
    if (Object.keys(rest).length === 0) {
      settings.set(id, { severity, options: rule.meta.defaults });
      continue;
    }
    if (!zod) throw new Error('ruleSettings: options are set, so zod must be passed (use loadRuleSettings)');
    const parsed = rule.meta.options(zod).safeParse(rest);
    if (!parsed.success) {
      throw usageError(`invalid options for rule \`${id}\` in pdx.yaml: ${parsed.error.issues.map((i) => `${i.path.join('.') || 'options'}: ${i.message}`).join('; ')}`);
    }
    settings.set(id, { severity, options: parsed.data });
  }
  return settings;
}

export { stageIndex };

/** The records as they stood on `asOf`: anything dated later is left out. */
export function asOfSnapshot(records: Records, asOf: string): Records {
  const on = (date: string | undefined) => date === undefined || date <= asOf;
  return {
    ...records,
    initiative: records.initiative.map((r) => ({
      ...r,
      data: {
        ...r.data,
        ideas: r.data.ideas.filter((i) => on(i.date)),
        feedbackGroup: r.data.feedbackGroup.filter((p) => on(p.joined)),
        customers: r.data.customers.filter((c) => on(c.payingSince)),
        history: r.data.history.filter((h) => on(h.date)),
      },
    })),
    evidence: records.evidence.filter((e) => on(e.data.date)),
    experiment: records.experiment.map((x) =>
      x.data.status === 'concluded' && !on(x.data.concluded) ? { ...x, data: { ...x.data, status: 'running' as const, result: undefined } } : x,
    ),
    checkin: records.checkin.filter((c) => on(c.data.date)),
  };
}

const byInitiativeCache = new WeakMap<Records, Map<string, Map<string, Records>>>();

/**
 * The as-of snapshot split per initiative (its own hypotheses, evidence and experiments), built
 * once per records and day: gating many initiatives then costs one pass, not one per initiative.
 */
function initiativeRecords(records: Records, asOf: string, id: string): Records {
  let perDay = byInitiativeCache.get(records);
  if (!perDay) byInitiativeCache.set(records, (perDay = new Map()));
  let split = perDay.get(asOf);
  if (!split) {
    const snapshot = asOfSnapshot(records, asOf);
    split = new Map(snapshot.initiative.map((r) => [r.data.id, { ...snapshot, initiative: [r], hypothesis: [], evidence: [], experiment: [] } as Records]));
    for (const kind of ['hypothesis', 'evidence', 'experiment'] as const) {
      for (const r of snapshot[kind] as LoadedRecord<typeof kind>[]) {
        const owner = (r.data as { initiative?: string }).initiative;
        const bucket = owner === undefined ? undefined : split.get(owner);
        if (bucket) (bucket[kind] as LoadedRecord[]).push(r);
      }
    }
    perDay.set(asOf, split);
  }
  return split.get(id)!;
}

/**
 * Runs one rule and turns what it reported into findings with their sentences. A message id the
 * rule does not declare, a placeholder without data, or a finding without its record and field
 * throws: that is a bug in the rule, not something to print.
 */
export function evaluateRule(rule: Rule, ctx: Omit<RuleContext, 'report'>, options: Record<string, unknown>): Pick<RuleResult, 'pass' | 'findings' | 'message' | 'at'> {
  const reports: RuleReport[] = [];
  const passData = rule.check({ ...ctx, report: (finding) => void reports.push(finding) }, options);
  const findings = reports.map(({ messageId, data = {}, at }): RuleFinding => {
    if (!at?.record || !Array.isArray(at.path)) throw new Error(`rule ${rule.meta.id} reported \`${messageId}\` without the record and field it is about`);
    if (messageId === 'pass') throw new Error(`rule ${rule.meta.id} reported its \`pass\` message as a finding`);
    return { messageId, data, message: interpolate(rule.meta.id, rule.meta.messages, messageId, data), at };
  });
  const [first] = findings;
  if (!first) return { pass: true, findings, message: interpolate(rule.meta.id, rule.meta.messages, 'pass', passData), at: { record: ctx.initiative, path: ['stage'] } };
  return { pass: false, findings, message: findings.map((f) => f.message).join('; '), at: first.at };
}

/** Evaluates the gate of `target` (and every gate before it) for one initiative. */
export function evaluateGate(records: Records, initiativeId: string, target: Stage, asOf: string, settings: Map<string, RuleSettings>): GateResult {
  const snapshot = initiativeRecords(records, asOf, initiativeId);
  const initiative = snapshot.initiative[0]!;
  const rules: RuleResult[] = [];
  for (const rule of RULES) {
    if (stageIndex(rule.meta.gate) > stageIndex(target)) continue;
    const setting = settings.get(rule.meta.id);
    const severity = setting?.severity ?? rule.meta.severity?.(initiative.data) ?? 'error';
    if (severity === 'off') continue;
    const options = setting?.options ?? rule.meta.defaults;
    rules.push({ id: rule.meta.id, gate: rule.meta.gate, severity, ...evaluateRule(rule, { initiative, records: snapshot, asOf }, options) });
  }
  return { initiative, target, pass: rules.every((r) => r.pass || r.severity === 'warn'), rules };
}

/** The next stage after `stage`, or undefined at mvp. */
export function nextStage(stage: Stage): Stage | undefined {
  return STAGES[stageIndex(stage) + 1];
}

/**
 * The stage an initiative was in on `asOf`, from its history: the current stage when its entry is
 * on or before that day, else the last move recorded by then. Without history, the current stage.
 */
export function stageAsOf(initiative: LoadedRecord<'initiative'>, asOf: string): { stage: Stage; enteredOn?: string } {
  const history = initiative.data.history.filter((h) => h.date <= asOf);
  const current = [...history].reverse().find((h) => h.stage === initiative.data.stage);
  if (current && history.at(-1)?.stage === initiative.data.stage) return { stage: initiative.data.stage, enteredOn: current.date };
  const last = history.at(-1);
  if (last && initiative.data.history.some((h) => h.date > asOf)) return { stage: last.stage, enteredOn: last.date };
  return { stage: initiative.data.stage, enteredOn: current?.date };
}
