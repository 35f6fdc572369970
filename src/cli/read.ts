import { EXIT } from '../errors.js';
import { toJson } from '../format/safe-text.js';
import { loadRepo, type Repo } from '../store/load.js';
import { requireRoot } from '../store/root.js';
import { localToday, type Context } from './context.js';

export interface ReadFlags {
  format?: 'table' | 'json';
  json?: boolean;
}

/** Loads the repo for a read command; problems elsewhere are mentioned, never fatal. */
export async function openForRead(ctx: Context, flags: ReadFlags): Promise<{ repo: Repo; json: boolean }> {
  const repo = await loadRepo(requireRoot(ctx.cwd), { today: localToday(), cache: ctx.cache });
  const errors = repo.problems.filter((p) => p.severity === 'error');
  if (errors.length > 0) {
    const files = new Set(errors.map((p) => p.file)).size;
    ctx.err(`pdx: ${files} ${files === 1 ? 'file has' : 'files have'} problems and ${files === 1 ? 'is' : 'are'} left out; run pdx validate`);
  }
  return { repo, json: flags.json === true || flags.format === 'json' };
}

/** Prints `value` as JSON, or `table()` as text. */
export async function print(ctx: Context, json: boolean, value: unknown, table: () => string | Promise<string>): Promise<number> {
  ctx.out(json ? toJson(value) : await table());
  return EXIT.ok;
}
