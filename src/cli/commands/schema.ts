import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { EXIT } from '../../errors.js';
import { exportSchemas } from '../../model/json-schema.js';
import { writeFileAtomic } from '../../store/write.js';
import type { Context } from '../context.js';
import { environmentError } from '../failure.js';

/** `pdx schema`: JSON Schemas generated from the zod schemas, printed or written one file per kind. */
export async function schema(ctx: Context, options: { out?: string }): Promise<number> {
  const schemas = exportSchemas();
  if (!options.out) {
    ctx.out(JSON.stringify(schemas, null, 2));
    return EXIT.ok;
  }
  const dir = resolve(ctx.cwd, options.out);
  mkdirSync(dir, { recursive: true });
  for (const [kind, json] of Object.entries(schemas)) {
    const file = join(options.out, `${kind}.schema.json`);
    try {
      writeFileAtomic(resolve(dir, `${kind}.schema.json`), `${JSON.stringify(json, null, 2)}\n`);
    } catch (error) {
      throw environmentError(error, file) ?? error;
    }
    ctx.log.files.push(file);
  }
  ctx.out(`wrote ${Object.keys(schemas).length} schemas to ${options.out}`);
  return EXIT.ok;
}
