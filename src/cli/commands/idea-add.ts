import { planIdeaAdd } from '../../authoring/initiative.js';
import { findRecord } from '../../authoring/plan.js';
import type { Context } from '../context.js';
import { fill, openForWrite, runWrite, type WriteFlags } from '../write.js';

/** `pdx idea add INITIATIVE --text T`. */
export async function ideaAdd(ctx: Context, initiative: string, options: { text?: string; date?: string } & WriteFlags): Promise<number> {
  const session = await openForWrite(ctx);
  // Checked before anything is asked about it.
  findRecord(session.records, 'initiative', initiative, 'INITIATIVE');
  const prompts = ctx.interactive ? await ctx.prompts() : undefined;
  const { text } = await fill(ctx, 'idea add', { text: options.text }, {
    text: { flag: '--text', ask: () => prompts!.askText('The idea:', undefined, { required: true }) },
  });
  return runWrite(ctx, session, options, () => planIdeaAdd(session.records, initiative, { text, date: options.date ?? session.today }));
}
