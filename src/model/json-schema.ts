import { z } from 'zod';
import { FILE_SCHEMAS } from './index.js';

/** JSON Schema (draft 2020-12) for every file kind, generated from the zod schemas so the two never drift. */
export function exportSchemas(): Record<string, Record<string, unknown>> {
  const out: Record<string, Record<string, unknown>> = {};
  for (const [kind, { schema, description }] of Object.entries(FILE_SCHEMAS)) {
    const json = z.toJSONSchema(schema, { io: 'input', target: 'draft-2020-12' }) as Record<string, unknown>;
    out[kind] = { ...json, $id: `urn:pdx:schema:${kind}`, title: `pdx ${kind}`, description };
  }
  return out;
}
