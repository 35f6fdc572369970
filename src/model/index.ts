import type { z } from 'zod';
import { ConfigSchema } from './config.js';
import { DomainSchema } from './domain.js';
import { EvidenceSchema } from './evidence.js';
import { ExperimentSchema } from './experiment.js';
import { HypothesisSchema } from './hypothesis.js';
import { InitiativeSchema } from './initiative.js';
import { CheckinSchema, OkrSchema } from './okr.js';

/** The file whose presence marks a pdx repo's root. */
export const CONFIG_FILE = 'pdx.yaml';
/** The folder, next to the config, that holds every record. */
export const DATA_DIR = 'discovery';

/**
 * Every record kind, the folder under `discovery/` that holds it (one record per file, any depth),
 * and its schema. Evidence, experiments and check-ins are appended by many people in parallel, so
 * each is its own small file and git merges never conflict.
 */
export const RECORD_KINDS = {
  initiative: { folder: 'initiatives', schema: InitiativeSchema, description: 'A discovery initiative' },
  hypothesis: { folder: 'hypotheses', schema: HypothesisSchema, description: 'A hypothesis of one of six kinds' },
  evidence: { folder: 'evidence', schema: EvidenceSchema, description: 'One observation from the market' },
  experiment: { folder: 'experiments', schema: ExperimentSchema, description: 'An experiment and its learning card' },
  domain: { folder: 'domains', schema: DomainSchema, description: 'A product-management domain' },
  okr: { folder: 'okrs', schema: OkrSchema, description: 'An objective with key results' },
  checkin: { folder: 'checkins', schema: CheckinSchema, description: 'A dated key-result check-in' },
} as const;

export type RecordKind = keyof typeof RECORD_KINDS;
export const KIND_NAMES = Object.keys(RECORD_KINDS) as RecordKind[];
export type RecordData<K extends RecordKind> = z.output<(typeof RECORD_KINDS)[K]['schema']>;

/** Schemas for every file kind, config included, by name: what `pdx schema` exports. */
export const FILE_SCHEMAS: Record<'config' | RecordKind, { schema: z.ZodType; description: string }> = {
  config: { schema: ConfigSchema, description: `pdx configuration (${CONFIG_FILE})` },
  ...RECORD_KINDS,
};

export { ConfigSchema };
export type { Config } from './config.js';
