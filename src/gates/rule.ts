import type { z } from 'zod';
import type { FieldPath } from '../model/words.js';
import type { Initiative } from '../model/initiative.js';
import { currentHypotheses as currentOf, type LoadedRecord, type Records } from '../model/records.js';
import type { Stage } from '../model/vocabulary.js';

export type RuleSeverity = 'error' | 'warn' | 'off';

/** The values a message's `{{placeholders}}` are filled with. */
export type MessageData = Record<string, string | number>;

/** A field of a record: the one a user must change (or the initiative's `stage` when no field says it). */
export interface RuleLocation {
  record: LoadedRecord;
  path: FieldPath;
}

/** One problem a rule found, as the rule reports it: a declared message id, its data, and where. */
export interface RuleReport<M extends string = string> {
  messageId: M;
  data?: MessageData;
  at: RuleLocation;
}

/** What a rule sees: one initiative and the repo's records as of a day (later-dated records removed). */
export interface RuleContext<M extends string = string> {
  initiative: LoadedRecord<'initiative'>;
  /** The initiative's stage on the day (`asOf`), from its whole history. */
  stage: Stage;
  records: Records;
  /**
   * The experiments of product-management domains as of the day (the split per initiative holds
   * only the initiative's own): what a rule about the line between discovery and product management reads.
   */
  domainExperiments: readonly LoadedRecord<'experiment'>[];
  asOf: string;
  /** Reports one finding; a rule that reports none passes. */
  report(finding: RuleReport<M>): void;
}

/**
 * A gate rule: declarative meta (id, gate, option schema with defaults, message templates) and a
 * pure check. `check` reports each finding with `ctx.report` and returns the data of its `pass`
 * message, shown when it reports none.
 */
export interface Rule<O extends Record<string, unknown> = Record<string, unknown>, M extends string = string> {
  meta: {
    id: string;
    /** The stage whose gate this rule belongs to (it must hold to enter that stage). */
    gate: Stage;
    /**
     * An earlier stage from whose gate on the rule is also checked, as a warning only, until its
     * own `gate`: a problem that must be fixed by `gate` is shown as soon as it can arise.
     */
    warnFrom?: Stage;
    description: string;
    /** The options when pdx.yaml sets none: what `options(z).parse({})` gives (a test holds them equal). */
    defaults: O;
    /** The options' schema, built only when pdx.yaml sets options, so gates and reports need not load zod. */
    options: (zod: typeof z) => z.ZodType<O>;
    /** Default severity for a risk profile. */
    severity?: (initiative: Initiative) => RuleSeverity;
    /** Every sentence the rule can say, by id, with `{{placeholders}}`; `pass` is the line shown when it holds. */
    messages: Record<M | 'pass', string>;
    /**
     * For each failing message, the command that supplies what it says is missing, as a template
     * filled from the finding's data plus `{{initiative}}` (the initiative checked) and `{{asOf}}`.
     * Ids and choices are filled in; what only the user knows is written `"…"` (pdx asks for it at
     * a terminal), so the command runs as printed.
     */
    fix: Record<Exclude<M, 'pass'>, string>;
  };
  check(ctx: RuleContext<Exclude<M, 'pass'>>, options: O): MessageData;
}

export function defineRule<O extends Record<string, unknown>, M extends string>(rule: Rule<O, M>): Rule<O, M> {
  return rule;
}

/** `7 of 10` style counts with the right plural. */
export function count(n: number, noun: string, plural = `${noun}s`): string {
  return `${n} ${n === 1 ? noun : plural}`;
}

/** The initiative's `stage`: where a finding points when no field of a record is the one to change. */
export function atStage(ctx: RuleContext): RuleLocation {
  return { record: ctx.initiative, path: ['stage'] };
}

/** Current hypotheses of an initiative: not invalidated and not superseded. */
export function currentHypotheses(ctx: RuleContext): LoadedRecord<'hypothesis'>[] {
  return currentOf(ctx.records, ctx.initiative.data.id);
}

/** The experiment type that counts as a prototype for the initiative's risk profile. */
export function prototypeType(ctx: RuleContext): 'prototype' | 'technical-spike' {
  return ctx.initiative.data.risk === 'technical' ? 'technical-spike' : 'prototype';
}

export function concludedExperiments(ctx: RuleContext, type: string) {
  return ctx.records.experiment.filter((x) => x.data.initiative === ctx.initiative.data.id && x.data.type === type && x.data.status === 'concluded');
}

/**
 * The experiment-count rules' finding: when an experiment of `type` is running or planned,
 * concluding it is what comes next (`notConcluded`, naming the earliest); otherwise adding one (`tooFew`).
 */
export function reportTooFewExperiments(ctx: RuleContext<'tooFew' | 'notConcluded'>, type: string, data: MessageData): void {
  const running = ctx.records.experiment
    .filter((x) => x.data.initiative === ctx.initiative.data.id && x.data.type === type && (x.data.status === 'running' || x.data.status === 'planned'))
    .sort((a, b) => (a.data.started ?? '').localeCompare(b.data.started ?? '') || a.data.id.localeCompare(b.data.id))[0];
  if (running) ctx.report({ messageId: 'notConcluded', data: { ...data, experiment: running.data.id }, at: { record: running, path: ['status'] } });
  else ctx.report({ messageId: 'tooFew', data, at: atStage(ctx) });
}

export const minOption = (n: number) => ({ defaults: { min: n }, options: (zod: typeof z) => zod.strictObject({ min: zod.number().int().nonnegative().default(n) }) });
export const noOptions = { defaults: {}, options: (zod: typeof z) => zod.strictObject({}) };

/** The feedback-group size rules (feedback-group, feedback-circle) differ only in gate and threshold. */
export function participantsRule(id: string, gate: 'prototyping' | 'release', n: number, description: string, technicalOff = false): Rule<{ min: number }, 'pass' | 'tooFew'> {
  const sentence = 'feedback group has {{size}} of {{min}} participants';
  return defineRule({
    meta: {
      id,
      gate,
      description,
      ...minOption(n),
      ...(technicalOff ? { severity: (i: { risk: string }) => (i.risk === 'technical' ? 'off' : 'error') } : {}),
      messages: { pass: sentence, tooFew: sentence },
      fix: { tooFew: 'pdx feedback-group add {{initiative}} P-…' },
    },
    check: (ctx, o) => {
      const data = { size: ctx.initiative.data.feedbackGroup.length, min: o.min };
      if (data.size < o.min) ctx.report({ messageId: 'tooFew', data, at: { record: ctx.initiative, path: ['feedbackGroup'] } });
      return data;
    },
  });
}
