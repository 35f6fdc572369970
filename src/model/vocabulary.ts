/**
 * The contract's fixed words (stage ids, kinds, statuses…), free of any schema library so that
 * the command table can offer them as choices without loading zod.
 */

/** The eight discovery stages, in order. */
export const STAGES = ['immersion', 'epiphany', 'hypothesis', 'validation', 'prototyping', 'design', 'release', 'mvp'] as const;
export type Stage = (typeof STAGES)[number];

/** Position of a stage in the sequence, 0-based. */
export function stageIndex(stage: Stage): number {
  return STAGES.indexOf(stage);
}

export const ROLES = ['product-manager', 'designer', 'engineering-lead', 'ux-researcher', 'data-analyst', 'engineer', 'visionary-customer'] as const;

export const HYPOTHESIS_KINDS = ['customer', 'product', 'market', 'competitor', 'pricing', 'revenue-engine'] as const;
export type HypothesisKind = (typeof HYPOTHESIS_KINDS)[number];
export const HYPOTHESIS_STATUSES = ['draft', 'testing', 'validated', 'invalidated'] as const;

export const EVIDENCE_SOURCES = ['interview', 'observation', 'survey', 'research', 'analytics', 'experiment'] as const;
export const VERDICTS = ['supports', 'refutes', 'neutral'] as const;
/** How much an evidence record weighs: what people say (weak) or what they do (strong). */
export const STRENGTHS = ['weak', 'strong'] as const;
export type Strength = (typeof STRENGTHS)[number];
/** How much a claim matters to the idea: the other axis of the assumption map. */
export const IMPORTANCES = ['high', 'medium', 'low'] as const;
export type Importance = (typeof IMPORTANCES)[number];

export const EXPERIMENT_TYPES = ['interview', 'survey', 'concierge', 'wizard-of-oz', 'landing-page', 'prototype', 'usability', 'technical-spike', 'pilot', 'ab-test'] as const;
export const EXPERIMENT_STATUSES = ['planned', 'running', 'concluded', 'abandoned'] as const;
export const EXPERIMENT_RESULTS = ['validated', 'invalidated', 'inconclusive'] as const;
export const DECISIONS = ['persevere', 'pivot', 'retire', 'keep-testing'] as const;

/** A quarter, half year, month or year. */
export const PERIOD_PATTERN = /^\d{4}(?:-(?:Q[1-4]|H[12]|(?:0[1-9]|1[0-2])))?$/;
export const PERIOD_RULE = 'a period such as 2026-Q4, 2026-H2, 2026-11 or 2026';

/** A period as typed (`2026-q4`) in the form records hold it (`2026-Q4`), or null when it is no period. */
export function normalPeriod(text: string): string | null {
  const period = text.trim().toUpperCase();
  return PERIOD_PATTERN.test(period) ? period : null;
}
