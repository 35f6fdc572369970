import { customerHistory, customerIds } from '../../engine/research.js';
import { usageError } from '../../errors.js';
import { paragraph, renderTable } from '../../format/table.js';
import { suggestion } from '../../model/words.js';
import type { Context } from '../context.js';
import { openForRead, print, type ReadFlags } from '../read.js';

/**
 * `pdx customer show C`: everything heard from and done with one pseudonymous customer, across
 * initiatives — their evidence (dated, with verdicts and their own words), the feedback groups
 * they joined, and when they paid and stopped.
 */
export async function customerShow(ctx: Context, customer: string, flags: ReadFlags): Promise<number> {
  const session = await openForRead(ctx, flags);
  const { records } = session.ws;
  const history = customerHistory(records, customer);
  if (history === undefined) throw usageError(`no record names customer ${customer}${suggestion(customer, customerIds(records))}`, 'customers are named by evidence (pdx evidence add --customer), feedback groups and paying customers');
  const options = { color: ctx.color, width: ctx.columns };
  return print(ctx, session, history, () => {
    const initiatives = new Set([...history.evidence, ...history.feedbackGroups, ...history.paying].map((r) => r.initiative));
    const parts = [
      paragraph([{ text: customer, style: 'bold' }, `  ${history.evidence.length} evidence, in ${initiatives.size} ${initiatives.size === 1 ? 'initiative' : 'initiatives'}: ${[...initiatives].sort().join(', ')}`], options, 2),
      '',
      'Evidence',
      renderTable(
        ['date', 'initiative', 'source', 'on', 'verdict', 'heard'],
        history.evidence.map((e) => [e.date, e.initiative, e.source, e.hypothesis === undefined ? '' : `${e.hypothesis} ${e.claim}`, e.verdict ?? '', e.quote === undefined ? e.note : `“${e.quote}”\n${e.note}`]),
        options,
      ),
      '',
      'Feedback groups',
      renderTable(['initiative', 'segment', 'joined'], history.feedbackGroups.map((g) => [g.initiative, g.segment ?? '', g.joined]), options),
      '',
      'Paying',
      renderTable(['initiative', 'paying since', 'churned on'], history.paying.map((p) => [p.initiative, p.payingSince, p.churnedOn ?? '']), options),
    ];
    return parts.join('\n');
  });
}
