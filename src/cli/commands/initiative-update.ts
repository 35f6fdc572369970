import { planInitiativeUpdate, type InitiativeUpdate } from '../../authoring/initiative.js';
import type { Context } from '../context.js';
import { openForWrite, runWrite, type WriteFlags } from '../write.js';

/** `pdx initiative update ID`: changes only the given fields, keeping the rest of the file byte for byte. */
export async function initiativeUpdate(ctx: Context, id: string, options: InitiativeUpdate & WriteFlags): Promise<number> {
  const session = await openForWrite(ctx);
  const { title, objective, risk, epiphany, releasedOn, date } = options;
  return runWrite(ctx, session, options, () => planInitiativeUpdate(session.records, id, { title, objective, risk, epiphany, releasedOn, date }, session.today));
}
