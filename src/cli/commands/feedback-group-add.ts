import { planFeedbackGroupAdd } from '../../authoring/initiative.js';
import { CUSTOMER_ID_PATTERN } from '../../model/common.js';
import { usageError } from '../../errors.js';
import type { Context } from '../context.js';
import { askInitiative } from '../ids.js';
import { fill, isPlaceholder, openForWrite, runWrite, type WriteFlags } from '../write.js';

/** `pdx feedback-group add [INITIATIVE] [PARTICIPANT...]`: recruits participants, dated --date; asks for what is left out at a terminal. */
export async function feedbackGroupAdd(ctx: Context, given: string | undefined, listed: string[], options: { segment?: string; date?: string } & WriteFlags): Promise<number> {
  // `P-…`, as pdx suggests the command, is a participant still to name.
  const named = listed.filter((p) => !isPlaceholder(p));
  const bad = named.filter((p) => !CUSTOMER_ID_PATTERN.test(p));
  if (bad.length > 0) throw usageError(`not a pseudonymous participant id: ${bad.join(', ')} (letters and digits, optionally joined by - or _, e.g. P-101)`);
  const session = await openForWrite(ctx);
  const initiative = await askInitiative(ctx, session.ws, given, 'feedback-group add', (i) => `pdx feedback-group add ${i} P-101 P-102`);
  const prompts = ctx.interactive ? await ctx.prompts() : undefined;
  const { participants } = await fill(ctx, 'feedback-group add', { participants: named.length > 0 ? named : undefined }, {
    participants: { flag: 'PARTICIPANT (one or more ids after the initiative)', ask: () => askParticipants(ctx, prompts!) },
  });
  return runWrite(ctx, session, options, () => planFeedbackGroupAdd(session.records, initiative, { participants, segment: options.segment, date: options.date ?? session.today }));
}

/** Participant ids, one a line; ids that are not pseudonymous are asked for again, never a reason to stop. */
async function askParticipants(ctx: Context, p: import('../context.js').Prompts): Promise<string[]> {
  for (;;) {
    const ids = await p.askList('Another participant', 'Participant (pseudonymous id, e.g. P-101):');
    const bad = ids.filter((id) => !CUSTOMER_ID_PATTERN.test(id));
    if (ids.length > 0 && bad.length === 0) return ids;
    ctx.err(bad.length > 0 ? `not pseudonymous ids: ${bad.join(', ')} (letters and digits, optionally joined by - or _, e.g. P-101); enter the participants again` : 'at least one participant is needed');
  }
}
