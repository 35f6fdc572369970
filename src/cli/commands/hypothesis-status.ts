import { planHypothesisStatus } from '../../authoring/hypothesis.js';
import type { Context } from '../context.js';
import { openForWrite, runWrite, type WriteFlags } from '../write.js';

/** `pdx hypothesis status ID STATUS`: changes the one value, nothing else in the file. */
export async function hypothesisStatus(ctx: Context, id: string, status: string, options: WriteFlags): Promise<number> {
  const session = await openForWrite(ctx);
  return runWrite(ctx, session, options, () => planHypothesisStatus(session.records, id, status));
}
