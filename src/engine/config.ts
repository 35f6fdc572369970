import type { z } from 'zod';
import type { Config } from '../model/config.js';
import type { FieldPath } from '../model/words.js';
import { closest } from '../model/words.js';
import { RULE_IDS, type RuleSettings } from '../gates/engine.js';
import { RULES } from '../gates/rules/index.js';

/** A problem in the config's `rules:` section, located by field path in `pdx.yaml`. */
export interface ConfigFinding {
  path: FieldPath;
  target: 'value' | 'key' | 'parent';
  code: string;
  message: string;
}

/**
 * Reads the `rules:` section of a config whose schema is valid: the settings of each rule, and a
 * located finding for each unknown rule id (with a did-you-mean) and each bad option. Options
 * are checked against each rule's own schema, built with zod only when the config sets some, so
 * gates and reports of a repo that only sets severities never load it.
 */
export async function readRuleSettings(config: Config): Promise<{ settings: Map<string, RuleSettings>; findings: ConfigFinding[] }> {
  const setsOptions = Object.values(config.rules ?? {}).some((raw) => Object.keys(raw).some((key) => key !== 'severity'));
  const checker = setsOptions ? await import('../model/describe.js') : undefined;
  const zod = setsOptions ? (await import('zod')).z : undefined;
  return ruleSettings(config, checker && zod ? { zod, validate: checker.validateRecord } : undefined);
}

/** `readRuleSettings` with the option checker at hand (needed only when the config sets options). */
export function ruleSettings(
  config: Config,
  checker?: { zod: typeof z; validate: typeof import('../model/describe.js').validateRecord },
): { settings: Map<string, RuleSettings>; findings: ConfigFinding[] } {
  const settings = new Map<string, RuleSettings>();
  const findings: ConfigFinding[] = [];
  for (const [id, raw] of Object.entries(config.rules ?? {})) {
    const rule = RULES.find((r) => r.meta.id === id);
    if (!rule) {
      const hint = closest(id, RULE_IDS);
      findings.push({
        path: ['rules', id],
        target: 'key',
        code: 'config/unknown-rule',
        message: `unknown rule \`${id}\`${hint ? ` (did you mean \`${hint}\`?)` : `; the rules are ${RULE_IDS.join(', ')}`}`,
      });
      continue;
    }
    const { severity, ...rest } = raw;
    if (Object.keys(rest).length === 0) {
      settings.set(id, { severity, options: rule.meta.defaults });
      continue;
    }
    if (!checker) throw new Error('ruleSettings: the config sets options, so the option checker must be passed (use readRuleSettings)');
    const checked = checker.validate(rule.meta.options(checker.zod), rest);
    if (checked.ok) settings.set(id, { severity, options: checked.data as Record<string, unknown> });
    else {
      for (const issue of checked.issues) {
        findings.push({ path: ['rules', id, ...issue.path], target: issue.target, code: 'config/rule-option', message: `rule \`${id}\`: ${issue.message}` });
      }
    }
  }
  return { settings, findings };
}

/**
 * The JSON Schema of `rules:` for editors: every rule id with its severity and its own options,
 * nothing else, so a misspelt rule or option is flagged where it is typed.
 */
export function rulesJsonSchema(zod: typeof z): Record<string, unknown> {
  const properties: Record<string, unknown> = {};
  for (const rule of RULES) {
    const options = zod.toJSONSchema(rule.meta.options(zod), { io: 'input', target: 'draft-2020-12' }) as { properties?: Record<string, unknown> };
    properties[rule.meta.id] = {
      type: 'object',
      description: `${rule.meta.description} (gate: ${rule.meta.gate})`,
      properties: { severity: { enum: ['error', 'warn', 'off'], description: 'error fails the gate, warn only reports, off skips the rule' }, ...(options.properties ?? {}) },
      additionalProperties: false,
    };
  }
  return { type: 'object', description: 'Gate rule settings by rule id: severity and the rule\'s own options', properties, additionalProperties: false };
}
