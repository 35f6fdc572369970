import { z } from 'zod';
import { FILE_SCHEMAS } from '../model/index.js';
import { PORTFOLIO_FILE, PortfolioSchema } from '../model/portfolio.js';
import { rulesJsonSchema } from './config.js';

/**
 * JSON Schema (draft 2020-12) for every file kind, generated from the zod schemas so the two
 * never drift. The config's `rules:` lists every rule id with its own options, so editors
 * complete and flag them as `pdx validate` does.
 */
export function exportSchemas(): Record<string, Record<string, unknown>> {
  const out: Record<string, Record<string, unknown>> = {};
  for (const [kind, { schema, description }] of Object.entries(FILE_SCHEMAS)) {
    const json = z.toJSONSchema(schema, { io: 'input', target: 'draft-2020-12' }) as Record<string, unknown>;
    if (kind === 'config') (json.properties as Record<string, unknown>).rules = rulesJsonSchema(z);
    out[kind] = { ...json, $id: `urn:pdx:schema:${kind}`, title: `pdx ${kind}`, description };
  }
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
