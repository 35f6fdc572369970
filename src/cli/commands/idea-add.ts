import { planIdeaAdd } from '../../authoring/initiative.js';
import { findRecord } from '../../authoring/plan.js';
import type { Context } from '../context.js';
import { whoIsWriting } from '../identity.js';
import { askInitiative } from '../ids.js';
import { fill, openForWrite, runWrite, type WriteFlags } from '../write.js';

/** `pdx idea add [INITIATIVE] --text T`. */
export async function ideaAdd(ctx: Context, given: string | undefined, options: { text?: string; date?: string } & WriteFlags): Promise<number> {
  const writing = whoIsWriting(ctx);
  const session = await openForWrite(ctx);
  const initiative = await askInitiative(ctx, session.ws, given, 'idea add', (i) => `pdx idea add ${i} --text "…"`);
  // Checked before anything is asked about it.
  findRecord(session.records, 'initiative', initiative);
  const prompts = ctx.interactive ? await ctx.prompts() : undefined;
  const { text } = await fill(ctx, 'idea add', { text: options.text }, {
    text: { flag: '--text', ask: () => prompts!.askText('The idea:', undefined, { required: true }) },
  });
  const author = await writing;
  return runWrite(ctx, session, options, () => planIdeaAdd(session.records, initiative, { text, date: options.date ?? session.today, by: author.by }), { author });
}
