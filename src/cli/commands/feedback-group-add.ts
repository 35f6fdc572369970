import { planFeedbackGroupAdd } from '../../authoring/initiative.js';
import { CUSTOMER_ID_PATTERN } from '../../model/common.js';
import { usageError } from '../../errors.js';
import type { Context } from '../context.js';
import { openForWrite, runWrite, type WriteFlags } from '../write.js';

/** `pdx feedback-group add INITIATIVE PARTICIPANT...`: recruits participants, dated --date. */
export async function feedbackGroupAdd(ctx: Context, initiative: string, participants: string[], options: { segment?: string; date?: string } & WriteFlags): Promise<number> {
  const bad = participants.filter((p) => !CUSTOMER_ID_PATTERN.test(p));
  if (bad.length > 0) throw usageError(`not a pseudonymous participant id: ${bad.join(', ')} (letters and digits, optionally joined by - or _, e.g. C-017)`);
  const session = await openForWrite(ctx);
  return runWrite(ctx, session, options, () =>
    planFeedbackGroupAdd(session.records, initiative, { participants, segment: options.segment, date: options.date ?? session.today }),
  );
}
