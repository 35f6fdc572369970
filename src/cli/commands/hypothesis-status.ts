import { checkStatusFlags, planHypothesisStatus } from '../../authoring/hypothesis.js';
import { HYPOTHESIS_STATUSES } from '../../model/vocabulary.js';
import type { Context } from '../context.js';
import { whoIsWriting } from '../identity.js';
import { askChoiceArgument, askHypothesis } from '../ids.js';
import { openForWrite, runWrite, type WriteFlags } from '../write.js';

export interface HypothesisStatusOptions extends WriteFlags {
  date?: string;
  force?: boolean;
  reason?: string;
}

/**
 * `pdx hypothesis status [ID] [STATUS] [--date D] [--force --reason R]`: changes the status and the
 * day it was set, nothing else in the file. A status the evidence contradicts is refused (exit 1,
 * nothing written) unless forced with a reason, which is recorded with who forced it.
 */
export async function hypothesisStatus(ctx: Context, given: string | undefined, status: (typeof HYPOTHESIS_STATUSES)[number] | undefined, options: HypothesisStatusOptions): Promise<number> {
  checkStatusFlags(options);
  const writing = options.force ? whoIsWriting(ctx) : undefined;
  const session = await openForWrite(ctx);
  const id = await askHypothesis(ctx, session.ws, given, (h) => `pdx hypothesis status ${h} validated`);
  const chosen = await askChoiceArgument(ctx, status, 'status', HYPOTHESIS_STATUSES, (s) => `pdx hypothesis status ${id} ${s}`, 'validated');
  const author = await writing;
  const change = { force: options.force, reason: options.reason, by: author?.by };
  return runWrite(ctx, session, options, () => planHypothesisStatus(session.records, id, chosen, options.date, session.today, change), author ? { author } : {});
}
