import { checkKeyResult, concludable, planExperimentAdd, planExperimentConclude } from '../../authoring/experiment.js';
import { findRecord } from '../../authoring/plan.js';
import { DECISIONS, EXPERIMENT_RESULTS, EXPERIMENT_TYPES } from '../../model/experiment.js';
import type { Context } from '../context.js';
import { askOpenExperiment } from '../ids.js';
import { longTexts } from '../text-input.js';
import { fill, openForWrite, runWrite, sameDate, type WriteFlags } from '../write.js';

export interface ExperimentAddOptions extends WriteFlags {
  initiative?: string;
  domain?: string;
  /** With --domain: the key result it is meant to move. */
  kr?: string;
  type?: string;
  hypothesis?: string[];
  believe?: string;
  verify?: string;
  measure?: string;
  rightIf?: string;
  start?: string;
  /** The same as --start: the date every write command takes is the one this one records. */
  date?: string;
  days?: number;
  title?: string;
  id?: string;
}

/** `pdx experiment add`: a test card; running from --start (or --date), planned without it. */
export async function experimentAdd(ctx: Context, options: ExperimentAddOptions): Promise<number> {
  const start = sameDate(options.start, '--start', options.date);
  const session = await openForWrite(ctx);
  // The key result is checked before anything is asked: nothing typed is refused afterwards.
  if (options.kr !== undefined) {
    if (options.domain !== undefined && options.initiative === undefined) findRecord(session.records, 'domain', options.domain, '--domain');
    checkKeyResult(session.records, options.kr, options.domain, options.initiative);
  }
  const p = ctx.interactive ? await ctx.prompts() : undefined;
  const text = (message: string) => () => p!.askText(message, undefined, { required: true });
  const values = await fill(ctx, 'experiment add', { type: options.type, believe: options.believe, verify: options.verify, measure: options.measure, rightIf: options.rightIf }, {
    type: { flag: '--type', ask: () => p!.askChoice('Type:', EXPERIMENT_TYPES.map((t) => ({ value: t, name: t }))) },
    believe: { flag: '--believe', ask: text('We believe that…') },
    verify: { flag: '--verify', ask: text('To verify that, we will…') },
    measure: { flag: '--measure', ask: text('And measure…') },
    rightIf: { flag: '--right-if', ask: text('We are right if…') },
  });
  return runWrite(ctx, session, options, (taken) =>
    planExperimentAdd(session.records, { ...options, ...values, start, hypotheses: options.hypothesis ?? [] }, taken),
  );
}

export interface ExperimentConcludeOptions extends WriteFlags {
  result?: string;
  observed?: string;
  observedFile?: string;
  learned?: string;
  learnedFile?: string;
  next?: string;
  decision?: string;
  date?: string;
}

/** `pdx experiment conclude [ID]`: the result and the learning card, dated --date. */
export async function experimentConclude(ctx: Context, given: string | undefined, options: ExperimentConcludeOptions): Promise<number> {
  const long = longTexts(ctx, {
    observed: { flag: '--observed', value: options.observed, file: options.observedFile, question: 'We observed…' },
    learned: { flag: '--learned', value: options.learned, file: options.learnedFile, question: 'We learned…' },
  });
  const session = await openForWrite(ctx);
  const id = await askOpenExperiment(ctx, session.ws, given);
  // The experiment is checked before anything is asked about it.
  concludable(session.records, id);
  const p = long.asking.interactive ? await ctx.prompts() : undefined;
  const text = (message: string) => () => p!.askText(message, undefined, { required: true });
  const values = await fill(long.asking, 'experiment conclude', { result: options.result, observed: long.values.observed, learned: long.values.learned, next: options.next }, {
    result: { flag: '--result', ask: () => p!.askChoice('Result:', EXPERIMENT_RESULTS.map((r) => ({ value: r, name: r }))) },
    observed: { flag: '--observed', ask: text('We observed…') },
    learned: { flag: '--learned', ask: text('We learned…') },
    next: { flag: '--next', ask: text('Therefore we will…') },
  }).catch(long.check);
  const asked = p && [options.result, long.values.observed, long.values.learned, options.next].includes(undefined);
  const decision = options.decision ?? (asked ? await p.askChoice('Decision:', DECISIONS.map((d) => ({ value: d, name: d }))) : undefined);
  await long.finish(values);
  return runWrite(ctx, session, options, () => planExperimentConclude(session.records, id, { ...values, decision, date: options.date ?? session.today }));
}
