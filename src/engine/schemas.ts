import { z } from 'zod';
import { FILE_SCHEMAS } from '../model/index.js';
import { PORTFOLIO_FILE, PortfolioSchema } from '../model/portfolio.js';
import { ReportSummarySchema } from '../model/summary.js';
import { rulesJsonSchema } from './config.js';

/** The key (and file name stem) of the report summary's schema: no record file kind, so no editor maps it to a folder. */
export const SUMMARY_SCHEMA_KEY = 'report-summary';

/**
 * JSON Schema (draft 2020-12) for every file kind, generated from the zod schemas so the two
 * never drift, and for the report summary (`pdx report --json`, which `pdx portfolio --from`
 * reads). The config's `rules:` lists every rule id with its own options, so editors complete
 * and flag them as `pdx validate` does.
 */
export function exportSchemas(): Record<string, Record<string, unknown>> {
  const out: Record<string, Record<string, unknown>> = {};
  for (const [kind, { schema, description }] of Object.entries(FILE_SCHEMAS)) {
    const json = z.toJSONSchema(schema, { io: 'input', target: 'draft-2020-12' }) as Record<string, unknown>;
    if (kind === 'config') (json.properties as Record<string, unknown>).rules = rulesJsonSchema(z);
    out[kind] = { ...json, $id: `urn:pdx:schema:${kind}`, title: `pdx ${kind}`, description };
  }
  // Input side: a reader keeps accepting fields a later pdx of the same version adds.
  const summary = z.toJSONSchema(ReportSummarySchema, { io: 'input', target: 'draft-2020-12' }) as Record<string, unknown>;
  out[SUMMARY_SCHEMA_KEY] = {
    ...summary,
    $id: `urn:pdx:schema:${SUMMARY_SCHEMA_KEY}`,
    title: 'pdx report summary',
    description: 'What pdx report --json prints and pdx portfolio --from reads; schemaVersion is raised when a field is renamed or removed, not when one is added',
  };
  return out;
}

/**
 * JSON Schema of `portfolio.yaml`, which lives beside team repos rather than in one: `pdx
 * schema` publishes it with the rest (key `portfolio`); `init` does not write it into a repo.
 */
export function portfolioJsonSchema(): Record<string, unknown> {
  const json = z.toJSONSchema(PortfolioSchema, { io: 'input', target: 'draft-2020-12' }) as Record<string, unknown>;
  return { ...json, $id: 'urn:pdx:schema:portfolio', title: 'pdx portfolio', description: `the sources of a portfolio (${PORTFOLIO_FILE}): local pdx folders and git repositories` };
}
