import { planCustomerAdd, planCustomerChurn } from '../../authoring/initiative.js';
import { CUSTOMER_ID_PATTERN } from '../../model/common.js';
import { usageError } from '../../errors.js';
import { parseDateOption, type Context } from '../context.js';
import { findRecord } from '../../authoring/plan.js';
import { fill, openForWrite, runWrite, type WriteFlags } from '../write.js';

/** A day written YYYY-MM-DD, not after today: true, or what is wrong with it. */
function pastDay(day: string, today: string): true | string {
  try {
    parseDateOption(day, 'the date');
  } catch (error) {
    return (error as Error).message;
  }
  return day <= today || `${day} is after today (${today})`;
}

function checkCustomer(customer: string): void {
  if (!CUSTOMER_ID_PATTERN.test(customer)) throw usageError(`not a pseudonymous customer id: ${customer} (e.g. C-017)`);
}

/** `pdx customer add INITIATIVE CUSTOMER --paying-since DATE`. */
export async function customerAdd(ctx: Context, initiative: string, customer: string, options: { payingSince?: string } & WriteFlags): Promise<number> {
  checkCustomer(customer);
  const session = await openForWrite(ctx);
  // Checked before anything is asked about it.
  const { customers } = findRecord(session.records, 'initiative', initiative, 'INITIATIVE').data;
  if (customers.some((c) => c.id === customer)) throw usageError(`${customer} is already a paying customer of ${initiative}`);
  const prompts = ctx.interactive ? await ctx.prompts() : undefined;
  const { payingSince } = await fill(ctx, 'customer add', { payingSince: options.payingSince }, {
    payingSince: { flag: '--paying-since', ask: () => prompts!.askText('Paying since (YYYY-MM-DD):', session.today, { required: true, validate: (day) => pastDay(day, session.today) }) },
  });
  return runWrite(ctx, session, options, () => planCustomerAdd(session.records, initiative, { customer, payingSince }));
}

/** `pdx customer churn INITIATIVE CUSTOMER --date DATE`. */
export async function customerChurn(ctx: Context, initiative: string, customer: string, options: { date?: string } & WriteFlags): Promise<number> {
  checkCustomer(customer);
  const session = await openForWrite(ctx);
  return runWrite(ctx, session, options, () => planCustomerChurn(session.records, initiative, { customer, date: options.date ?? session.today }));
}
