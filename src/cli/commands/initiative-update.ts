import { planInitiativeUpdate, type InitiativeUpdate } from '../../authoring/initiative.js';
import { usageError } from '../../errors.js';
import type { Context } from '../context.js';
import { askInitiative } from '../ids.js';
import { openRepo } from '../read.js';
import { fill, isPlaceholder, openForWrite, runWrite, type WriteFlags } from '../write.js';

/** `pdx initiative update [ID]`: changes only the given fields, keeping the rest of the file byte for byte. */
export async function initiativeUpdate(ctx: Context, given: string | undefined, options: InitiativeUpdate & WriteFlags & { domain?: string }): Promise<number> {
  if (options.domain !== undefined) {
    const who = given ?? 'ID';
    // A product has its domain already: pointing at pdx handoff would only be refused again.
    const record = given === undefined ? undefined : (await openRepo(ctx)).records.initiative.find((r) => r.data.id === given);
    const handoff = record?.data.handoff;
    if (record && handoff) {
      throw usageError(
        `${given} was handed off to domain ${record.data.domain ?? '(none named)'} on ${handoff.date} and belongs to it since then: its domain is set once, by the handoff`,
        `moving a product to another domain is not supported: edit by hand \`domain\` in ${record.file} and the \`products\` of both domains' files, then run pdx validate`,
      );
    }
    throw usageError(`an initiative's domain is set by its handoff, not edited: pdx handoff ${who} --domain ${options.domain}`, 'the handoff checks the mvp gate, records the day and who, and lists the product in the domain');
  }
  const session = await openForWrite(ctx);
  const id = await askInitiative(ctx, session.ws, given, 'initiative update', (i) => `pdx initiative update ${i} --epiphany "…"`);
  const { title, objective, risk, releasedOn, budget, date } = options;
  // `--epiphany "…"`, as pdx suggests it, is the statement still to write.
  const epiphany = isPlaceholder(options.epiphany)
    ? (await fill(ctx, 'initiative update', { epiphany: undefined as string | undefined }, { epiphany: { flag: '--epiphany', ask: async () => (await ctx.prompts()).askText('Epiphany statement:', undefined, { required: true }) } })).epiphany
    : options.epiphany;
  return runWrite(ctx, session, options, () => planInitiativeUpdate(session.records, id, { title, objective, risk, epiphany, releasedOn, budget, date }, session.today));
}
