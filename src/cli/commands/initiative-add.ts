import { planInitiativeAdd } from '../../authoring/initiative.js';
import { chooseId, findRecord } from '../../authoring/plan.js';
import type { Context } from '../context.js';
import { whoIsWriting } from '../identity.js';
import { fill, openForWrite, runWrite, type WriteFlags } from '../write.js';

export interface InitiativeAddOptions extends WriteFlags {
  title?: string;
  id?: string;
  risk?: 'market' | 'technical';
  objective?: string;
  parent?: string;
  date?: string;
}

/** `pdx initiative add`: a new initiative in immersion, its first history entry dated --date. */
export async function initiativeAdd(ctx: Context, options: InitiativeAddOptions): Promise<number> {
  const writing = whoIsWriting(ctx);
  const session = await openForWrite(ctx);
  // Checked before anything is asked.
  if (options.parent !== undefined) findRecord(session.records, 'initiative', options.parent, '--parent');
  if (options.id !== undefined) chooseId(session.records, 'initiative', options.id, '');
  const { askText } = ctx.interactive ? await ctx.prompts() : { askText: undefined };
  const { title } = await fill(ctx, 'initiative add', { title: options.title }, {
    title: { flag: '--title', ask: () => askText!('Title of the initiative:', undefined, { required: true }) },
  });
  const objective = options.objective ?? (ctx.interactive && !options.title ? (await askText!('Business outcome sought (an outcome, not a solution; optional):')) || undefined : undefined);
  const author = await writing;
  return runWrite(
    ctx,
    session,
    options,
    (taken) => planInitiativeAdd(session.records, { ...options, title, objective, date: options.date ?? session.today, by: author.by }, taken),
    { author },
  );
}
