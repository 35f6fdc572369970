import { planCustomerAdd, planCustomerChurn } from '../../authoring/initiative.js';
import { CUSTOMER_ID_PATTERN, CUSTOMER_RULE } from '../../model/common.js';
import { usageError } from '../../errors.js';
import { parseDateOption, type Context } from '../context.js';
import { findRecord } from '../../authoring/plan.js';
import { askInitiative } from '../ids.js';
import { fill, isPlaceholder, openForWrite, runWrite, sameDate, type WriteFlags } from '../write.js';

/** A day written YYYY-MM-DD, not after today: true, or what is wrong with it. */
function pastDay(day: string, today: string): true | string {
  try {
    parseDateOption(day, 'the date');
  } catch (error) {
    return (error as Error).message;
  }
  return day <= today || `${day} is after today (${today})`;
}

function checkCustomer(customer: string | undefined): void {
  if (customer !== undefined && !isPlaceholder(customer) && !CUSTOMER_ID_PATTERN.test(customer)) throw usageError(`customer \`${customer}\` is not ${CUSTOMER_RULE}`);
}

/** The customer argument: given, or (left out, or `C-…` as pdx suggests it) asked for at a terminal. */
async function customerArgument(ctx: Context, command: string, customer: string | undefined, initiative: string, question: string): Promise<string> {
  const prompts = ctx.interactive ? await ctx.prompts() : undefined;
  const ask = () => prompts!.askText(question, undefined, { required: true, validate: (id) => CUSTOMER_ID_PATTERN.test(id) || `not ${CUSTOMER_RULE}` });
  const filled = await fill(ctx, command, { customer }, { customer: { flag: `the customer id (e.g. pdx ${command} ${initiative} C-017)`, ask } });
  return filled.customer;
}

/** `pdx customer add [INITIATIVE] [CUSTOMER] --paying-since DATE` (or `--date DATE`, the same). */
export async function customerAdd(ctx: Context, given: string | undefined, customerGiven: string | undefined, options: { payingSince?: string; date?: string } & WriteFlags): Promise<number> {
  checkCustomer(customerGiven);
  const paying = sameDate(options.payingSince, '--paying-since', options.date);
  const session = await openForWrite(ctx);
  const initiative = await askInitiative(ctx, session.ws, given, 'customer add', (i) => `pdx customer add ${i} C-017 --paying-since ${session.today}`);
  const { customers } = findRecord(session.records, 'initiative', initiative).data;
  const customer = await customerArgument(ctx, 'customer add', customerGiven, initiative, 'Customer (pseudonymous id, e.g. C-017):');
  if (customers.some((c) => c.id === customer)) throw usageError(`${customer} is already a paying customer of ${initiative}`);
  const prompts = ctx.interactive ? await ctx.prompts() : undefined;
  const { payingSince } = await fill(ctx, 'customer add', { payingSince: paying }, {
    payingSince: { flag: '--paying-since', ask: () => prompts!.askText('Paying since (YYYY-MM-DD):', session.today, { required: true, validate: (day) => pastDay(day, session.today) }) },
  });
  return runWrite(ctx, session, options, () => planCustomerAdd(session.records, initiative, { customer, payingSince }));
}

/** `pdx customer churn [INITIATIVE] [CUSTOMER] --date DATE`. */
export async function customerChurn(ctx: Context, given: string | undefined, customerGiven: string | undefined, options: { date?: string } & WriteFlags): Promise<number> {
  checkCustomer(customerGiven);
  const session = await openForWrite(ctx);
  const initiative = await askInitiative(ctx, session.ws, given, 'customer churn', (i) => `pdx customer churn ${i} C-017`);
  const paying = session.records.initiative.find((r) => r.data.id === initiative)?.data.customers.filter((c) => !c.churnedOn).map((c) => c.id) ?? [];
  let customer = customerGiven;
  if ((customer === undefined || isPlaceholder(customer)) && ctx.interactive && paying.length > 0) {
    customer = await (await ctx.prompts()).askChoice('Customer who stopped paying:', paying.map((c) => ({ value: c, name: c })));
  }
  customer = await customerArgument(ctx, 'customer churn', customer, initiative, 'Customer who stopped paying (pseudonymous id):');
  return runWrite(ctx, session, options, () => planCustomerChurn(session.records, initiative, { customer, date: options.date ?? session.today }));
}
