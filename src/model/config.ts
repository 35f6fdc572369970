import { z } from 'zod';
import { StageSchema, TextSchema } from './common.js';
import { ROLES } from './vocabulary.js';
import { MAX_DAYS, WINDOW_PATTERN, WINDOW_RANGE } from './dates.js';

const RuleSettingsSchema = z.looseObject({
  severity: z.enum(['error', 'warn', 'off']).optional(),
});

/** The most experiments a week a team can be asked for: far above any real flywheel, and sums of targets stay exact. */
export const MAX_EXPERIMENTS_PER_WEEK = 10_000;
const TargetSchema = z.number().min(0).max(MAX_EXPERIMENTS_PER_WEEK);

/** `pdx.yaml` at the repo root: its presence marks the root. */
export const ConfigSchema = z.strictObject({
  version: z.literal(1),
  /** The product team or organisation, shown in reports. */
  name: TextSchema,
  /** The product vision, shown at the top of status and the report. */
  vision: z.string().optional(),
  git: z
    .strictObject({
      autoCommit: z.boolean().default(false),
    })
    .optional(),
  /** Gate rule settings by rule id: severity and the rule's own options. */
  rules: z.record(z.string(), RuleSettingsSchema).optional(),
  report: z
    .strictObject({
      since: z.string().regex(WINDOW_PATTERN, { error: `a window of ${WINDOW_RANGE}` }).optional(),
      experimentsPerWeek: z
        .strictObject({
          discovery: TargetSchema.optional(),
          domain: TargetSchema.optional(),
          touchpoints: TargetSchema.optional(),
        })
        .optional(),
      /** A key result with no check-in for this many days is stale. */
      krStaleAfterDays: z.number().int().positive().max(MAX_DAYS).optional(),
      stageWarnAfterDays: z.partialRecord(StageSchema, z.number().int().positive().max(MAX_DAYS)).optional(),
    })
    .optional(),
  /** Product management: what a domain team needs. */
  domains: z
    .strictObject({
      /** Roles every domain team should have (default: product-manager, designer, engineering-lead, data-analyst, ux-researcher). */
      roles: z.array(z.enum(ROLES)).optional(),
    })
    .optional(),
  /** A/B tests: the significance level a validated result must reach, and the power sample sizes are planned for. */
  experiments: z
    .strictObject({
      significance: z.number().gt(0).lt(0.5).optional(),
      power: z.number().gt(0.5).lt(1).optional(),
    })
    .optional(),
});
export type Config = z.infer<typeof ConfigSchema>;
