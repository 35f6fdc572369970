import { EXIT, PdxError, type ExitCode } from '../errors.js';
import { toJson } from '../format/safe-text.js';
import type { Config } from '../model/config.js';
import { CONFIG_FILE } from '../model/kinds.js';
import { loadRepo, type Repo } from '../store/load.js';
import { UNREADABLE_HINT } from '../store/read.js';
import { requireRoot } from '../store/root.js';
import type { Context } from './context.js';

export interface ReadFlags {
  format?: 'table' | 'json';
  json?: boolean;
}

/** A loaded repo for a read command, and the exit code its answer deserves. */
export interface ReadSession {
  repo: Repo;
  json: boolean;
  /** 1 when some file or folder could not be read: the answer may lack what it holds. */
  exitCode: ExitCode;
}

/**
 * The repo's config, or the usage error (exit 2) every command gives for an invalid one: its
 * settings (thresholds, windows, targets) shape every answer, so none is given without them.
 */
export function requireConfig(repo: Repo): Config {
  if (repo.config) return repo.config;
  throw new PdxError('config/invalid', `${CONFIG_FILE} is invalid; fix it first`, { exitCode: EXIT.usage, problems: repo.problems.filter((p) => p.file === CONFIG_FILE) });
}

/** Loads the repo for a read command; problems in records are mentioned, never fatal. */
export async function openForRead(ctx: Context, flags: ReadFlags): Promise<ReadSession> {
  const repo = await loadRepo(requireRoot(ctx.cwd), { today: ctx.today, cache: ctx.cache });
  const exitCode = noteUnreadable(ctx, repo);
  requireConfig(repo);
  const errors = repo.problems.filter((p) => p.severity === 'error' && !repo.unreadable.includes(p));
  if (errors.length > 0) {
    const files = new Set(errors.map((p) => p.file)).size;
    ctx.err(`pdx: ${files} ${files === 1 ? 'file has' : 'files have'} problems and ${files === 1 ? 'is' : 'are'} left out; run pdx validate`);
  }
  return { repo, json: flags.json === true || flags.format === 'json', exitCode };
}

/**
 * Names on stderr each file or folder that could not be read, so that no answer passes for
 * complete (or empty) when it is not, and returns the exit code that says so: 1 then, else 0.
 * An unreadable config is a usage error (exit 2), as for every command.
 */
export function noteUnreadable(ctx: Context, repo: Repo): ExitCode {
  const config = repo.unreadable.filter((p) => p.file === CONFIG_FILE);
  if (config.length > 0) throw new PdxError('config/unreadable', `cannot read ${CONFIG_FILE}; fix it first`, { exitCode: EXIT.usage, problems: config, hint: UNREADABLE_HINT });
  if (repo.unreadable.length === 0) return EXIT.ok;
  for (const p of repo.unreadable) ctx.err(`pdx: ${p.file}: ${p.message}`);
  ctx.err(`  hint: ${UNREADABLE_HINT}`);
  return EXIT.failed;
}

/** Prints `value` as JSON, or `table()` as text, and returns the session's exit code. */
export async function print(ctx: Context, session: ReadSession, value: unknown, table: () => string | Promise<string>): Promise<number> {
  ctx.out(session.json ? toJson(value) : await table());
  return session.exitCode;
}
