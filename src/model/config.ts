import { z } from 'zod';
import { StageSchema, TextSchema } from './common.js';

const RuleSettingsSchema = z.looseObject({
  severity: z.enum(['error', 'warn', 'off']).optional(),
});

/** `pdx.yaml` at the repo root: its presence marks the root. */
export const ConfigSchema = z.strictObject({
  version: z.literal(1),
  /** The product team or organisation, shown in reports. */
  name: TextSchema,
  git: z
    .strictObject({
      autoCommit: z.boolean().default(false),
    })
    .optional(),
  /** Gate rule settings by rule id: severity and the rule's own options. */
  rules: z.record(z.string(), RuleSettingsSchema).optional(),
  report: z
    .strictObject({
      since: z
        .string()
        .regex(/^[1-9]\d*[wd]$/, { error: 'a window such as 12w or 30d' })
        .optional(),
      experimentsPerWeek: z
        .strictObject({
          discovery: z.number().nonnegative().optional(),
          domain: z.number().nonnegative().optional(),
        })
        .optional(),
      stageWarnAfterDays: z.partialRecord(StageSchema, z.number().int().positive()).optional(),
    })
    .optional(),
});
export type Config = z.infer<typeof ConfigSchema>;
