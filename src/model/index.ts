import type { z } from 'zod';
import { ConfigSchema } from './config.js';
import { DomainSchema } from './domain.js';
import { EvidenceSchema } from './evidence.js';
import { ExperimentSchema } from './experiment.js';
import { HypothesisSchema } from './hypothesis.js';
import { InitiativeSchema } from './initiative.js';
import { CONFIG_FILE, KIND_FOLDERS, type RecordKind } from './kinds.js';
import { CheckinSchema, OkrSchema } from './okr.js';

export { CONFIG_FILE, DATA_DIR, KIND_NAMES, type RecordKind } from './kinds.js';

/**
 * Every record kind, the folder under `discovery/` that holds it (one record per file, any depth),
 * and its schema. Evidence, experiments and check-ins are appended by many people in parallel, so
 * each is its own small file and git merges never conflict.
 */
export const RECORD_KINDS = {
  initiative: { folder: KIND_FOLDERS.initiative, schema: InitiativeSchema, description: 'A discovery initiative' },
  hypothesis: { folder: KIND_FOLDERS.hypothesis, schema: HypothesisSchema, description: 'A hypothesis of one of six kinds' },
  evidence: { folder: KIND_FOLDERS.evidence, schema: EvidenceSchema, description: 'One observation from the market' },
  experiment: { folder: KIND_FOLDERS.experiment, schema: ExperimentSchema, description: 'An experiment and its learning card' },
  domain: { folder: KIND_FOLDERS.domain, schema: DomainSchema, description: 'A product-management domain' },
  okr: { folder: KIND_FOLDERS.okr, schema: OkrSchema, description: 'An objective with key results' },
  checkin: { folder: KIND_FOLDERS.checkin, schema: CheckinSchema, description: 'A dated key-result check-in' },
} as const satisfies Record<RecordKind, { folder: string; schema: z.ZodType; description: string }>;

export type RecordData<K extends RecordKind> = z.output<(typeof RECORD_KINDS)[K]['schema']>;

/** Schemas for every file kind, config included, by name: what `pdx schema` exports. */
export const FILE_SCHEMAS: Record<'config' | RecordKind, { schema: z.ZodType; description: string }> = {
  config: { schema: ConfigSchema, description: `pdx configuration (${CONFIG_FILE})` },
  ...RECORD_KINDS,
};

export { ConfigSchema };
export type { Config } from './config.js';
