import { asOfSnapshot, splitByInitiative, type LoadedRecord, type Records } from '../model/records.js';
import { stageIndex, type Stage } from '../model/vocabulary.js';
import type { RuleOutcome, RuleSeverity } from './rule.js';
import { RULES } from './rules/index.js';

export const RULE_IDS = RULES.map((r) => r.meta.id);

/** One rule's verdict for one initiative, with where to look. */
export interface RuleResult {
  id: string;
  gate: Stage;
  pass: boolean;
  severity: 'error' | 'warn';
  message: string;
  at: NonNullable<RuleOutcome['at']>;
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

const byInitiativeCache = new WeakMap<Records, Map<string, Map<string, Records>>>();

/**
 * The as-of snapshot split per initiative, built once per records and day: gating many
 * initiatives then costs one pass, not one per initiative.
 */
function initiativeRecords(records: Records, asOf: string, id: string): Records {
  let perDay = byInitiativeCache.get(records);
  if (!perDay) byInitiativeCache.set(records, (perDay = new Map()));
  let split = perDay.get(asOf);
  if (!split) perDay.set(asOf, (split = splitByInitiative(asOfSnapshot(records, asOf))));
  return split.get(id)!;
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
    const outcome = rule.check({ initiative, records: snapshot, asOf }, options);
    rules.push({
      id: rule.meta.id,
      gate: rule.meta.gate,
      pass: outcome.pass,
      severity,
      message: outcome.message,
      at: outcome.at ?? { record: initiative, path: ['stage'] },
    });
  }
  return { initiative, target, pass: rules.every((r) => r.pass || r.severity === 'warn'), rules };
}
