import { checkProduct, planDomainAdd, planDomainUpdate, planKrAdd, planKrUpdate, planOkrAdd } from '../../authoring/domain.js';
import { usageError } from '../../errors.js';
import { isValidId } from '../../model/ids.js';
import { normalPeriod, PERIOD_RULE } from '../../model/vocabulary.js';
import { findRecord } from '../../authoring/plan.js';
import type { Context } from '../context.js';
import { whoIsWriting } from '../identity.js';
import { askDomain, askKeyResult, askOkr } from '../ids.js';
import { fill, openForWrite, runWrite, type WriteFlags } from '../write.js';

/** `pdx domain add --id ID --name N --purpose P`. */
export async function domainAdd(ctx: Context, options: { id?: string; name?: string; purpose?: string; date?: string } & WriteFlags): Promise<number> {
  const session = await openForWrite(ctx);
  const prompts = ctx.interactive ? await ctx.prompts() : undefined;
  const values = await fill(ctx, 'domain add', { id: options.id, name: options.name, purpose: options.purpose }, {
    id: {
      flag: '--id',
      ask: () =>
        prompts!.askText('Domain id (e.g. shipper-onboarding):', undefined, {
          required: true,
          validate: (id) => (!isValidId(id) ? 'lowercase letters and digits in words joined by single dashes, e.g. shipper-onboarding' : !session.records.domain.some((d) => d.data.id === id) || `domain id ${id} is already used`),
        }),
    },
    name: { flag: '--name', ask: () => prompts!.askText('Name:', undefined, { required: true }) },
    purpose: { flag: '--purpose', ask: () => prompts!.askText('Purpose (a bounded area of the product):', undefined, { required: true }) },
  });
  return runWrite(ctx, session, options, () => planDomainAdd(session.records, { ...values, date: options.date ?? session.today }));
}

/** `pdx okr add --domain ID --period P --objective O`. */
export async function okrAdd(ctx: Context, options: { domain?: string; period?: string; objective?: string; product?: string; id?: string; date?: string } & WriteFlags): Promise<number> {
  const session = await openForWrite(ctx);
  // The product is checked before anything is asked: nothing typed is refused afterwards.
  if (options.product !== undefined) {
    if (options.domain === undefined) throw usageError('--product goes with --domain: the OKR is the domain\'s objective for that product', `pdx okr add --domain … --product ${options.product} --period … --objective "…"`);
    findRecord(session.records, 'domain', options.domain, '--domain');
    checkProduct(session.records, options.product, options.domain);
  }
  // A period is written as the OKR schema has it (2026-q4 is 2026-Q4); one that is no period is refused before anything is asked.
  const given = options.period === undefined ? undefined : normalPeriod(options.period);
  if (given === null) throw usageError(`--period "${options.period}" is not ${PERIOD_RULE}`);
  const prompts = ctx.interactive ? await ctx.prompts() : undefined;
  const values = await fill(ctx, 'okr add', { domain: options.domain, period: given, objective: options.objective }, {
    domain: { flag: '--domain', ask: () => prompts!.askChoice('Domain:', session.records.domain.map((d) => ({ value: d.data.id, name: `${d.data.id}  ${d.data.name}` }))) },
    period: { flag: '--period', ask: async () => normalPeriod(await prompts!.askText('Period (e.g. 2026-Q4):', undefined, { required: true, validate: (period) => normalPeriod(period) !== null || `not ${PERIOD_RULE}` }))! },
    objective: { flag: '--objective', ask: () => prompts!.askText('Objective:', undefined, { required: true }) },
  });
  return runWrite(ctx, session, options, () => planOkrAdd(session.records, { ...values, product: options.product, id: options.id, date: options.date ?? session.today }));
}

/** `pdx kr add [OKR_ID] --metric M --baseline N --target N [--unit U]`. */
export async function krAdd(ctx: Context, given: string | undefined, options: { metric?: string; baseline?: number; target?: number; unit?: string; id?: string; date?: string } & WriteFlags): Promise<number> {
  const session = await openForWrite(ctx);
  const okr = await askOkr(ctx, session.records, given);
  // Checked before anything is asked about it.
  findRecord(session.records, 'okr', okr);
  const prompts = ctx.interactive ? await ctx.prompts() : undefined;
  const values = await fill(ctx, 'kr add', { metric: options.metric, baseline: options.baseline, target: options.target }, {
    metric: { flag: '--metric', ask: () => prompts!.askText('Metric:', undefined, { required: true }) },
    baseline: { flag: '--baseline', ask: async () => (await prompts!.askNumber('Baseline (where it starts):', { required: true }))! },
    target: { flag: '--target', ask: async () => (await prompts!.askNumber('Target:', { required: true }))! },
  });
  return runWrite(ctx, session, options, () => planKrAdd(session.records, okr, { ...values, unit: options.unit, id: options.id, date: options.date ?? session.today }));
}

/** `pdx kr update [KR_ID] --current N [--date D]`: the key result's current value and a dated check-in file. */
export async function krUpdate(ctx: Context, given: string | undefined, options: { current?: number; date?: string; note?: string } & WriteFlags): Promise<number> {
  const writing = whoIsWriting(ctx);
  const session = await openForWrite(ctx);
  const kr = await askKeyResult(ctx, session.records, given);
  const prompts = ctx.interactive ? await ctx.prompts() : undefined;
  const { current } = await fill(ctx, 'kr update', { current: options.current }, {
    current: { flag: '--current', ask: async () => (await prompts!.askNumber(`Current value of ${kr}:`, { required: true }))! },
  });
  const author = await writing;
  return runWrite(ctx, session, options, (taken) => planKrUpdate(session.records, kr, { current, date: options.date ?? session.today, note: options.note, by: author.by }, taken), { author });
}

/** `pdx domain update [D] [--name N] [--purpose P] [--budget B] [--date D]`: only those values (and `updated`) change; the rest of the file stays byte for byte. */
export async function domainUpdate(ctx: Context, given: string | undefined, options: { name?: string; purpose?: string; budget?: number; date?: string } & WriteFlags): Promise<number> {
  // An empty text flag is a mistake in the call (exit 2), not a file the schema refuses.
  if (options.name !== undefined && options.name.trim() === '') throw usageError('--name is empty', 'pass the domain\'s name in words, e.g. --name "Shipment visibility"');
  if (options.purpose !== undefined && options.purpose.trim() === '') throw usageError('--purpose is empty', 'pass what the domain is for in words, e.g. --purpose "Shippers always know where their freight is"');
  const session = await openForWrite(ctx);
  const id = await askDomain(ctx, session.records, given, (d) => `pdx domain update ${d} --purpose "…"`);
  return runWrite(ctx, session, options, () => planDomainUpdate(session.records, id, { name: options.name, purpose: options.purpose, budget: options.budget }, options.date ?? session.today));
}
