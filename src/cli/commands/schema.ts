import { join, resolve } from 'node:path';
import { EXIT } from '../../errors.js';
import { exportSchemas, portfolioJsonSchema } from '../../engine/schemas.js';
import { findRoot } from '../../store/root.js';
import { outFolderAt } from '../../store/safe-path.js';
import { refuseProtected, writeOutputFile } from '../../store/write.js';
import type { Context } from '../context.js';
import { environmentError } from '../failure.js';

/** `pdx schema`: JSON Schemas generated from the zod schemas, printed or written one file per kind. */
export async function schema(ctx: Context, options: { out?: string }): Promise<number> {
  const schemas = { ...exportSchemas(), portfolio: portfolioJsonSchema() };
  if (!options.out) {
    ctx.out(JSON.stringify(schemas, null, 2));
    return EXIT.ok;
  }
  // Outside a pdx repo, the folder it runs in bounds where links may lead.
  const root = findRoot(ctx.cwd) ?? ctx.cwd;
  const dir = resolve(ctx.cwd, options.out);
  refuseProtected(root, resolve(dir, 'config.schema.json'));
  outFolderAt(root, dir);
  for (const [kind, json] of Object.entries(schemas)) {
    const file = join(options.out, `${kind}.schema.json`);
    try {
      writeOutputFile(root, resolve(dir, `${kind}.schema.json`), `${JSON.stringify(json, null, 2)}\n`);
    } catch (error) {
      throw environmentError(error, file) ?? error;
    }
    ctx.log.files.push(file);
  }
  ctx.out(`wrote ${Object.keys(schemas).length} schemas to ${options.out}`);
  return EXIT.ok;
}
