import { findRecord } from '../../authoring/plan.js';
import { requireConfig } from '../../engine/workspace.js';
import { safeLine } from '../../format/safe-text.js';
import { paragraph, type Cell } from '../../format/table.js';
import { directionNote, percent } from '../../model/ab-text.js';
import { analyseArms, directionOf } from '../../model/ab-test.js';
import { powerOf, significanceOf } from '../../model/settings.js';
import type { Context } from '../context.js';
import { askExperiment } from '../ids.js';
import { openForRead, print, type ReadFlags } from '../read.js';
import { abReportLines } from './experiment-add.js';

/**
 * `pdx experiment show [ID]`: the test card, the learning card and, for an A/B test with counts, each
 * arm's rate, each variant's lift with its interval and p-value, the verdict, a sample-ratio warning
 * and a result recorded against the numbers.
 */
export async function experimentShow(ctx: Context, given: string | undefined, flags: ReadFlags): Promise<number> {
  const session = await openForRead(ctx, flags);
  const { ws } = session;
  const config = requireConfig(ws);
  const significance = significanceOf(config);
  const power = powerOf(config);
  const id = await askExperiment(ctx, ws, given);
  const { data, file } = findRecord(ws.records, 'experiment', id);
  const options = { color: ctx.color, width: ctx.columns };
  const field = (name: string, value: string | undefined): string | undefined => (value === undefined ? undefined : paragraph([{ text: `${name}: `, style: 'dim' } as Cell, value], options, 2));
  const direction = directionOf(data, ws.records.okr.map((o) => o.data));
  const analysis = data.arms && data.arms.length >= 2 ? analyseArms(data.arms, significance, direction.lowerIsBetter) : undefined;
  const dates = [data.started && `started ${data.started}`, data.plannedDays && `planned for ${data.plannedDays} days`, data.concluded && `concluded ${data.concluded}`].filter(Boolean).join(', ');
  const lines = [
    paragraph([{ text: data.id, style: 'bold' }, `  (${data.type} of ${(data.initiative ?? data.domain)!}, ${data.status}${data.result ? `: ${data.result}` : ''}; ${safeLine(file)})`], options, 2),
    field('title', data.title),
    field('dates', dates || undefined),
    field('hypotheses', data.hypotheses.length ? data.hypotheses.join(', ') : undefined),
    field('product', data.product),
    field('key result', data.kr && (direction.lowerIsBetter ? `${data.kr} ${directionNote(direction)}` : data.kr)),
    field('design', data.baselineRate !== undefined && data.mde !== undefined ? `baseline ${percent(data.baselineRate)}, smallest ${direction.lowerIsBetter ? `drop worth detecting ${percent(-data.mde, true)}` : `lift worth detecting ${percent(data.mde, true)}`}` : undefined),
    '',
    field('we believe', data.testCard.believe),
    field('to verify, we will', data.testCard.verify),
    field('and measure', data.testCard.measure),
    field('we are right if', data.testCard.rightIf),
    ...(data.learning
      ? ['', field('we observed', data.learning.observed), field('we learned', data.learning.learned), field('therefore we will', data.learning.next), field('decision', data.learning.decision)]
      : []),
    ...(analysis ? ['', ...abReportLines(data, significance, power, direction).map((line) => paragraph([line], options, 2))] : []),
    ...(data.resultOverride
      ? ['', paragraph([{ text: 'result recorded against the numbers: ', style: 'yellow' } as Cell, `${data.resultOverride.result} on ${data.resultOverride.date}${data.resultOverride.by ? ` by ${data.resultOverride.by}` : ''} — ${data.resultOverride.reason}`], options, 2)]
      : []),
  ]
    .filter((line): line is string => line !== undefined)
    .filter((line, i, all) => line !== '' || (all[i - 1] !== '' && i < all.length - 1));
  return print(ctx, session, { ...data, file, ...(analysis ? { analysis } : {}) }, () => lines.join('\n'));
}
