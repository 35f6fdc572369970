import type { z } from 'zod';
import type { FieldPath } from '../model/words.js';
import type { Initiative } from '../model/initiative.js';
import type { LoadedRecord, Records } from '../model/records.js';
import type { Stage } from '../model/vocabulary.js';

export type RuleSeverity = 'error' | 'warn' | 'off';

/** What a rule sees: one initiative and the repo's records as of a day (later-dated records removed). */
export interface RuleContext {
  initiative: LoadedRecord<'initiative'>;
  records: Records;
  asOf: string;
}

/** A rule's verdict: whether it holds, a sentence a product manager understands, and where to look. */
export interface RuleOutcome {
  pass: boolean;
  message: string;
  /** Field of the initiative (or another record) the message is about; default the initiative's `stage`. */
  at?: { record: LoadedRecord; path: FieldPath };
}

/** A gate rule: declarative meta (id, gate, option schema with defaults) and a pure check. */
export interface Rule<O extends Record<string, unknown> = Record<string, unknown>> {
  meta: {
    id: string;
    /** The stage whose gate this rule belongs to (it must hold to enter that stage). */
    gate: Stage;
    description: string;
    /** The options when pdx.yaml sets none: what `options(z).parse({})` gives (a test holds them equal). */
    defaults: O;
    /** The options' schema, built only when pdx.yaml sets options, so gates and reports need not load zod. */
    options: (zod: typeof z) => z.ZodType<O>;
    /** Default severity for a risk profile. */
    severity?: (initiative: Initiative) => RuleSeverity;
  };
  check(ctx: RuleContext, options: O): RuleOutcome;
}

export function defineRule<O extends Record<string, unknown>>(rule: Rule<O>): Rule<O> {
  return rule;
}

/** `7 of 10` style counts with the right plural. */
export function count(n: number, noun: string, plural = `${noun}s`): string {
  return `${n} ${n === 1 ? noun : plural}`;
}

/** Current hypotheses of an initiative: not invalidated and not superseded. */
export function currentHypotheses(ctx: RuleContext): LoadedRecord<'hypothesis'>[] {
  const mine = ctx.records.hypothesis.filter((h) => h.data.initiative === ctx.initiative.data.id);
  const superseded = new Set(mine.map((h) => h.data.supersedes).filter((id): id is string => id !== undefined));
  return mine.filter((h) => h.data.status !== 'invalidated' && !superseded.has(h.data.id));
}

/** The experiment type that counts as a prototype for the initiative's risk profile. */
export function prototypeType(ctx: RuleContext): 'prototype' | 'technical-spike' {
  return ctx.initiative.data.risk === 'technical' ? 'technical-spike' : 'prototype';
}

export function concludedExperiments(ctx: RuleContext, type: string) {
  return ctx.records.experiment.filter((x) => x.data.initiative === ctx.initiative.data.id && x.data.type === type && x.data.status === 'concluded');
}

export const minOption = (n: number) => ({ defaults: { min: n }, options: (zod: typeof z) => zod.strictObject({ min: zod.number().int().nonnegative().default(n) }) });
export const noOptions = { defaults: {}, options: (zod: typeof z) => zod.strictObject({}) };

/** The feedback-group size rules (feedback-group, feedback-circle) differ only in gate and threshold. */
export function participantsRule(id: string, gate: 'prototyping' | 'release', n: number, description: string, technicalOff = false): Rule<{ min: number }> {
  return defineRule({
    meta: { id, gate, description, ...minOption(n), ...(technicalOff ? { severity: (i: { risk: string }) => (i.risk === 'technical' ? 'off' : 'error') } : {}) },
    check: (ctx, o) => {
      const size = ctx.initiative.data.feedbackGroup.length;
      return { pass: size >= o.min, message: `feedback group has ${size} of ${o.min} participants`, at: { record: ctx.initiative, path: ['feedbackGroup'] } };
    },
  });
}
