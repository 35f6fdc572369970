import { checkStageMove } from '../../engine/advance.js';
import type { Stage } from '../../model/vocabulary.js';
import type { Context } from '../context.js';
import { whoIsWriting } from '../identity.js';
import { openForWrite, runWrite, type WriteFlags } from '../write.js';

export interface AdvanceOptions extends WriteFlags {
  to?: Stage;
  force?: boolean;
  reason?: string;
  date?: string;
}

/**
 * `pdx advance ID`: runs the gate of the next stage (or --to); on pass moves the initiative and
 * records who and when; on fail exits 1 with the checklist and writes nothing.
 */
export async function advance(ctx: Context, id: string, options: AdvanceOptions): Promise<number> {
  const writing = whoIsWriting(ctx);
  const session = await openForWrite(ctx);
  const plan = checkStageMove(session.ws, id, { to: options.to, force: options.force, reason: options.reason, date: options.date ?? session.today });
  const author = await writing;
  return runWrite(ctx, session, options, () => plan(author.by), { author });
}
