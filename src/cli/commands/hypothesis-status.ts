import { planHypothesisStatus } from '../../authoring/hypothesis.js';
import type { Context } from '../context.js';
import { openForWrite, runWrite, type WriteFlags } from '../write.js';

/** `pdx hypothesis status ID STATUS [--date D]`: changes the status and the day it was set, nothing else in the file. */
export async function hypothesisStatus(ctx: Context, id: string, status: string, options: { date?: string } & WriteFlags): Promise<number> {
  const session = await openForWrite(ctx);
  return runWrite(ctx, session, options, () => planHypothesisStatus(session.records, id, status, options.date, session.today));
}
