import { EXIT, type ExitCode } from '../errors.js';
import { toJson } from '../format/safe-text.js';
import { openWorkspace, requireConfig, type OpenOptions, type Workspace } from '../engine/workspace.js';
import { CONFIG_FILE } from '../model/kinds.js';
import { UNREADABLE_HINT } from '../store/read.js';
import { requireRoot } from '../store/root.js';
import type { Context } from './context.js';

export interface ReadFlags {
  format?: 'table' | 'json';
  json?: boolean;
}

/** A workspace for a read command, and the exit code its answer deserves. */
export interface ReadSession {
  ws: Workspace;
  json: boolean;
  /** 1 when some file or folder could not be read: the answer may lack what it holds. */
  exitCode: ExitCode;
}

/**
 * Opens the repo the command runs in, judging dates against the real today (`--as-of` only hides
 * what came later). An unreadable config is a usage error (exit 2), as for every command.
 */
export async function openRepo(ctx: Context, options: Partial<OpenOptions> = {}): Promise<Workspace> {
  const ws = await openWorkspace(requireRoot(ctx.cwd), { today: ctx.today, cache: ctx.cache, ...options });
  // Before anything is said about the records: an unreadable config leaves nothing to judge them by.
  if (ws.repo.unreadable.some((p) => p.file === CONFIG_FILE)) requireConfig(ws);
  return ws;
}

/** Opens the repo for a read command; problems in records are mentioned, never fatal. */
export async function openForRead(ctx: Context, flags: ReadFlags, options: Partial<OpenOptions> = {}): Promise<ReadSession> {
  const ws = await openRepo(ctx, options);
  const exitCode = noteUnreadable(ctx, ws);
  requireConfig(ws);
  const errors = ws.problems.filter((p) => p.severity === 'error' && !ws.repo.unreadable.includes(p));
  if (errors.length > 0) {
    const files = new Set(errors.map((p) => p.file)).size;
    ctx.err(`pdx: ${files} ${files === 1 ? 'file has' : 'files have'} problems and ${files === 1 ? 'is' : 'are'} left out; run pdx validate`);
  }
  return { ws, json: flags.json === true || flags.format === 'json', exitCode };
}

/**
 * Names on stderr each file or folder that could not be read, so that no answer passes for
 * complete (or empty) when it is not, and returns the exit code that says so: 1 then, else 0.
 */
export function noteUnreadable(ctx: Context, ws: Workspace): ExitCode {
  if (ws.repo.unreadable.length === 0) return EXIT.ok;
  for (const p of ws.repo.unreadable) ctx.err(`pdx: ${p.file}: ${p.message}`);
  ctx.err(`  hint: ${UNREADABLE_HINT}`);
  return EXIT.failed;
}

/** Prints `value` as JSON, or `table()` as text (in parts, for a long table: `Context.out`), and returns the session's exit code. */
export async function print(ctx: Context, session: ReadSession, value: unknown, table: () => string | Iterable<string> | Promise<string>): Promise<number> {
  ctx.out(session.json ? toJson(value) : await table());
  return session.exitCode;
}
