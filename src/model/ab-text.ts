/**
 * An A/B test's numbers in words (`ab-test.ts` computes them): percentages, p-values, one
 * line per comparison, and the one-line and table-cell summaries of reports and lists.
 */

import { isWorse, type AbResult, type Comparison, type Direction, type ResultConflict } from './ab-test.js';
import type { Arm } from './experiment.js';

/** `(fewer is better: key result wismo-calls falls from 14 to 5)`; empty when more is better. */
export function directionNote(direction: Direction | undefined): string {
  if (!direction?.lowerIsBetter) return '';
  return direction.kr ? `(fewer is better: key result ${direction.kr.id} falls from ${direction.kr.baseline} to ${direction.kr.target})` : '(fewer is better)';
}

/** `0.1234` → `12.3%`; signed → `+12.3%`. */
export function percent(x: number, signed = false): string {
  const text = `${(x * 100).toFixed(Math.abs(x) < 0.001 && x !== 0 ? 2 : 1)}%`;
  return signed && x >= 0 ? `+${text}` : text.replace('-', '−');
}

/** Why no arm can be tested: `no arm converted`, or `every arm converted every exposure` (no variation either way). */
export function noVariation(result: Pick<AbResult, 'noConversions' | 'allConverted'>): string {
  return result.noConversions ? 'no arm converted' : 'every arm converted every exposure: no variation';
}

/** A difference of rates in percentage points: `0.025` → `+2.5 points` (`+2.5` without the unit). */
function points(x: number, unit = true): string {
  const text = percent(x, true).replace('%', '');
  return unit ? `${text} points` : text;
}

/** A p-value as people read it: `p < 0.001`, else three decimals. */
export function pText(p: number | null): string {
  if (p === null) return 'no p-value';
  return p < 0.001 ? 'p < 0.001' : `p = ${p.toFixed(3)}`;
}

/** The confidence level of an interval at two-sided `significance`: `95%`. */
export function confidence(significance: number): string {
  return `${Number(((1 - significance) * 100).toFixed(2))}%`;
}

/** One comparison in a line: `variant +12.0% (95% CI −3.1% to +27.1%), p = 0.103, not significant`. */
export function comparisonLine(c: Comparison, result: AbResult): string {
  const effect =
    c.lift !== null && c.liftInterval !== null
      ? `${percent(c.lift, true)} (${confidence(result.significance)} CI ${percent(c.liftInterval[0], true)} to ${percent(c.liftInterval[1], true)})`
      : `${points(c.difference)} (${confidence(result.significance)} CI ${points(c.differenceInterval[0], false)} to ${points(c.differenceInterval[1])}; ${c.controlRate === 0 ? 'the control' : 'the variant'} converted none)`;
  if (c.pValue === null) return `${c.name} ${effect}: no test possible, ${c.rate === 0 ? 'neither arm converted' : 'both arms converted every exposure'}`;
  const p = result.adjusted ? `${pText(c.pValue)}, Holm-adjusted ${pText(c.adjustedPValue)}` : pText(c.pValue);
  return `${c.name} ${effect}, ${p}, ${c.significant ? 'significant' : 'not significant'} at ${result.significance}`;
}

/**
 * The A/B result of an experiment with counts (`analyseExperiment`), in one line for reports and lists, or undefined when
 * it has none: each variant's lift, interval, p-value and verdict, and a sample-ratio warning.
 */
export function abSummary(result: AbResult | undefined, direction?: Direction): string | undefined {
  if (!result) return undefined;
  if (result.noConversions || result.allConverted) return `${noVariation(result)}: no test possible, not significant`;
  const lines = result.comparisons.map((c) => comparisonLine(c, result));
  const note = directionNote(direction);
  return [...lines, ...(result.srm.mismatch ? [`sample-ratio mismatch (${pText(result.srm.pValue)}): check the assignment before trusting it`] : [])].join('; ') + (note ? ` ${note}` : '');
}

/**
 * The A/B result in a table cell: each variant's lift and p-value (`+6.3% p = 0.004`, `n.s.` when
 * not significant), `SRM` on a mismatch, `fewer is better` when the key result falls; undefined
 * without counts.
 */
export function abCompact(result: AbResult | undefined): string | undefined {
  if (!result) return undefined;
  if (result.noConversions) return 'no conversions';
  if (result.allConverted) return 'all converted';
  const several = result.comparisons.length > 1;
  const cells = result.comparisons.map((c) => {
    const effect = c.lift === null ? `${points(c.difference, false)} pts` : percent(c.lift, true);
    const p = pText(several ? c.adjustedPValue : c.pValue).replace(/^p /, several ? 'p(Holm) ' : 'p ');
    return `${several ? `${c.name} ` : ''}${effect} ${p}${c.significant ? '' : ' n.s.'}`;
  });
  return [...cells, ...(result.srm.mismatch ? ['SRM'] : []), ...(result.lowerIsBetter ? ['fewer is better'] : [])].join('; ');
}

/** Why the numbers do not support a result (conclude's refusal, validate's warning on a hand edit); undefined when they do. */
export function conflictWords(analysis: AbResult, conflict: ResultConflict | undefined, direction: Direction, arms: readonly Arm[]): string | undefined {
  if (!conflict) return undefined;
  const note = directionNote(direction);
  const way = note ? ` ${note}` : '';
  const better = conflict.kind === 'better' ? conflict.variants : [];
  if (conflict.kind === 'srm') {
    return `a sample-ratio mismatch: exposures ${arms.map((a) => a.exposures).join(' vs ')} are unlikely under the equal split the test assumes (${pText(analysis.srm.pValue)}), so the assignment is broken and the numbers can neither validate nor invalidate`;
  }
  if (conflict.kind === 'none-better') {
    const p = analysis.noConversions || analysis.allConverted ? `${noVariation(analysis)}, so no test is possible` : analysis.comparisons.map((c) => `${c.name} ${pText(analysis.adjusted ? c.adjustedPValue : c.pValue)}${analysis.adjusted ? ' (Holm-adjusted)' : ''}${isWorse(c, analysis) ? ', significantly worse' : ''}`).join(', ');
    return `no variant is significantly better than the control at ${analysis.significance} (${p})${way}`;
  }
  return `${better.map((c) => c.name).join(' and ')} ${better.length > 1 ? 'are' : 'is'} significantly better than the control at ${analysis.significance} (${better.map((c) => pText(analysis.adjusted ? c.adjustedPValue : c.pValue)).join(', ')})${way}`;
}
