import { planCustomerAdd, planCustomerChurn } from '../../authoring/initiative.js';
import { CUSTOMER_ID_PATTERN } from '../../model/common.js';
import { usageError } from '../../errors.js';
import type { Context } from '../context.js';
import { fill, openForWrite, runWrite, sameDate, type WriteFlags } from '../write.js';

function checkCustomer(customer: string): void {
  if (!CUSTOMER_ID_PATTERN.test(customer)) throw usageError(`not a pseudonymous customer id: ${customer} (e.g. C-017)`);
}

/** `pdx customer add INITIATIVE CUSTOMER --paying-since DATE` (or `--date DATE`, the same). */
export async function customerAdd(ctx: Context, initiative: string, customer: string, options: { payingSince?: string; date?: string } & WriteFlags): Promise<number> {
  checkCustomer(customer);
  const given = sameDate(options.payingSince, '--paying-since', options.date);
  const session = await openForWrite(ctx);
  const prompts = ctx.interactive ? await ctx.prompts() : undefined;
  const { payingSince } = await fill(ctx, 'customer add', { payingSince: given }, {
    payingSince: { flag: '--paying-since', ask: () => prompts!.askText('Paying since (YYYY-MM-DD):', session.today, { required: true }) },
  });
  return runWrite(ctx, session, options, () => planCustomerAdd(session.records, initiative, { customer, payingSince }));
}

/** `pdx customer churn INITIATIVE CUSTOMER --date DATE`. */
export async function customerChurn(ctx: Context, initiative: string, customer: string, options: { date?: string } & WriteFlags): Promise<number> {
  checkCustomer(customer);
  const session = await openForWrite(ctx);
  return runWrite(ctx, session, options, () => planCustomerChurn(session.records, initiative, { customer, date: options.date ?? session.today }));
}
