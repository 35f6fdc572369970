import { planHypothesisStatus } from '../../authoring/hypothesis.js';
import { HYPOTHESIS_STATUSES } from '../../model/vocabulary.js';
import type { Context } from '../context.js';
import { askChoiceArgument, askHypothesis } from '../ids.js';
import { openForWrite, runWrite, type WriteFlags } from '../write.js';

/** `pdx hypothesis status [ID] [STATUS] [--date D]`: changes the status and the day it was set, nothing else in the file. */
export async function hypothesisStatus(ctx: Context, given: string | undefined, status: (typeof HYPOTHESIS_STATUSES)[number] | undefined, options: { date?: string } & WriteFlags): Promise<number> {
  const session = await openForWrite(ctx);
  const id = await askHypothesis(ctx, session.ws, given, (h) => `pdx hypothesis status ${h} validated`);
  const chosen = await askChoiceArgument(ctx, status, 'status', HYPOTHESIS_STATUSES, (s) => `pdx hypothesis status ${id} ${s}`, 'validated');
  return runWrite(ctx, session, options, () => planHypothesisStatus(session.records, id, chosen, options.date, session.today));
}
