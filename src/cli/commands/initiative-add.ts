import { checkParent, planInitiativeAdd } from '../../authoring/initiative.js';
import { chooseId } from '../../authoring/plan.js';
import type { Context } from '../context.js';
import { whoIsWriting } from '../identity.js';
import { askProduct } from '../ids.js';
import { fill, openForWrite, runWrite, type WriteFlags, type WriteSession } from '../write.js';

export interface InitiativeAddOptions extends WriteFlags {
  title?: string;
  id?: string;
  risk?: 'market' | 'technical';
  objective?: string;
  parent?: string;
  date?: string;
}

/** `pdx initiative add`: a new initiative in immersion, its first history entry dated --date; with --parent, an expansion. */
export async function initiativeAdd(ctx: Context, options: InitiativeAddOptions): Promise<number> {
  return addInitiative(ctx, await openForWrite(ctx), options, 'initiative add');
}

/** `pdx expand PARENT`: `initiative add --parent PARENT`, the parent asked from the list at a terminal when left out. */
export async function expand(ctx: Context, parent: string | undefined, options: Omit<InitiativeAddOptions, 'parent'>): Promise<number> {
  const session = await openForWrite(ctx);
  const id = await askProduct(ctx, session.ws, parent, options.date ?? session.today);
  return addInitiative(ctx, session, { ...options, parent: id }, 'expand');
}

async function addInitiative(ctx: Context, session: WriteSession, options: InitiativeAddOptions, command: 'initiative add' | 'expand'): Promise<number> {
  const writing = whoIsWriting(ctx);
  // Checked before anything is asked: a parent that is no product yet is refused with nothing typed.
  if (options.parent !== undefined) checkParent(session.records, options.parent, options.date ?? session.today);
  if (options.id !== undefined) chooseId(session.records, 'initiative', options.id, '');
  const { askText } = ctx.interactive ? await ctx.prompts() : { askText: undefined };
  const { title } = await fill(ctx, command, { title: options.title }, {
    title: { flag: '--title', ask: () => askText!(options.parent !== undefined ? `Title of the expansion of ${options.parent}:` : 'Title of the initiative:', undefined, { required: true }) },
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
