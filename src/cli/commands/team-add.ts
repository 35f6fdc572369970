import { planTeamAdd, teamOf } from '../../authoring/initiative.js';
import { ROLES } from '../../model/common.js';
import type { Context } from '../context.js';
import { askTeamTarget } from '../ids.js';
import { fill, openForWrite, runWrite, type WriteFlags } from '../write.js';

/** `pdx team add [TARGET]`: a member of an initiative's or a domain's team. */
export async function teamAdd(ctx: Context, given: string | undefined, options: { name?: string; role?: string; date?: string } & WriteFlags): Promise<number> {
  const session = await openForWrite(ctx);
  const target = await askTeamTarget(ctx, session.ws, given);
  const team = teamOf(session.records, target).data.team as { name: string }[];
  const prompts = ctx.interactive ? await ctx.prompts() : undefined;
  const values = await fill(ctx, 'team add', { name: options.name, role: options.role }, {
    name: { flag: '--name', ask: () => prompts!.askText('Name:', undefined, { required: true, validate: (name) => !team.some((m) => m.name === name) || `${name} is already on the team of ${target}` }) },
    role: { flag: '--role', ask: () => prompts!.askChoice('Role:', ROLES.map((r) => ({ value: r, name: r }))) },
  });
  return runWrite(ctx, session, options, () => planTeamAdd(session.records, target, { ...values, date: options.date ?? session.today }));
}
