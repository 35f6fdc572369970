import { relative } from 'node:path';
import type { Plan } from '../authoring/plan.js';
import { EXIT, PdxError, usageError } from '../errors.js';
import type { RecordKind } from '../model/kinds.js';
import type { Records } from '../model/records.js';
import { requireConfig, type OpenOptions, type Workspace } from '../engine/workspace.js';
import { requireReadable, type Repo } from '../store/load.js';
import { preparePlan } from '../store/plan-writer.js';
import { applyChanges } from '../store/transaction.js';
import type { Context } from './context.js';
import { openRepo } from './read.js';
import { environmentError } from './failure.js';
import { noteAuthor, type Author } from './identity.js';
import { existingInterview } from './interview.js';

export interface WriteFlags {
  commit?: boolean;
  json?: boolean;
}

/** What a write command needs to know about the repo before it plans. */
export interface WriteSession {
  ws: Workspace;
  repo: Repo;
  records: Records;
  today: string;
}

/**
 * Loads the repo for a write; a broken config is a usage error (exit 2), broken records are not.
 * `only` names the record files a write needs when it knows them: then only those are read, so
 * the write takes the same time in a repo of ten records or ten thousand.
 */
export async function openForWrite(ctx: Context, only?: { kind: RecordKind; file: string }[], afterInitiatives?: OpenOptions['afterInitiatives']): Promise<WriteSession> {
  const ws = await openRepo(ctx, { only, afterInitiatives });
  requireConfig(ws);
  requireReadable(ws.repo);
  return { ws, repo: ws.repo, records: ws.records, today: ctx.today };
}

/**
 * Runs a planned write: checks the git identity first when committing, proves the change valid,
 * optionally shows it and asks, writes it atomically (taking the next generated id if a parallel
 * writer took this one), commits exactly the changed files, and reports (and, for a record
 * naming its `author`, that git does not know who that is).
 */
export async function runWrite(
  ctx: Context,
  session: WriteSession,
  flags: WriteFlags,
  build: (taken: Set<string>) => Plan,
  options: { confirm?: boolean; author?: Author } = {},
): Promise<number> {
  const { repo } = session;
  const commit = flags.commit ?? repo.config?.git?.autoCommit ?? false;
  const git = commit ? await import('../git/index.js') : undefined;
  if (git) {
    ctx.log.commitWanted = true;
    await git.checkCanCommit(repo.root, flags.commit ? 'leave out --commit' : 'set git.autoCommit: false in pdx.yaml');
  }

  const taken = new Set<string>();
  for (let attempt = 0; ; attempt++) {
    const plan = build(taken);
    const changes = preparePlan(repo, plan, session.today);
    if (options.confirm && ctx.interactive) {
      ctx.out(`\nThis will be saved to ${plan.path}:\n`);
      for (const change of changes) ctx.out(change.before === null ? change.after : `(edit of ${change.file})`);
      const { askConfirm } = await ctx.prompts();
      if (!(await askConfirm('Save it?'))) {
        const draft = ctx.log.draft;
        ctx.out(draft ? `nothing was written; your answers are kept in ${draft.file} — run ${draft.resume} to change them and save` : 'nothing was written');
        return EXIT.ok;
      }
    }
    let written: string[];
    try {
      written = applyChanges(repo.root, changes);
    } catch (error) {
      if (error instanceof PdxError && error.code === 'write/exists' && plan.generatedId && attempt < 10_000) {
        taken.add(plan.id);
        continue;
      }
      // A write to an open file fails without naming it: name what was being saved.
      throw environmentError(error, changes.map((c) => c.file).join(', ')) ?? error;
    }
    ctx.log.files.push(...written.map((file) => shown(ctx, repo.root, file)));
    // The answers are in the record now.
    existingInterview(ctx)?.saved();
    let sha: string | undefined;
    if (git) {
      try {
        sha = await git.commitFiles(repo.root, written, plan.message, lockWait(ctx));
      } catch (error) {
        throw uncommitted(error, git.manualCommit(repo.root, written, plan.message, ctx.invokedIn), written.length);
      }
      ctx.log.commit = sha ?? '';
    }
    if (flags.json) {
      ctx.out(JSON.stringify({ ok: true, id: plan.id, path: plan.path, changed: written, ...(sha ? { commit: sha } : {}) }, null, 2));
    } else {
      for (const file of written) {
        const created = changes.find((c) => c.file === file)?.before === null;
        ctx.out(`${created ? 'created' : 'updated'}  ${shown(ctx, repo.root, file)}`);
      }
      if (git) ctx.out(`committed ${sha ?? '(git printed no hash)'}  ${plan.message}`);
    }
    if (options.author) noteAuthor(ctx, repo.root, options.author);
    return EXIT.ok;
  }
}

/** A written file as the user sees it: relative to the folder the command runs in. */
function shown(ctx: Context, root: string, file: string): string {
  return relative(ctx.cwd, `${root}/${file}`) || file;
}

/** How long a commit waits for git's locks: `PDX_GIT_LOCK_TIMEOUT` seconds, else git's module default. */
export function lockWait(ctx: Context): number | undefined {
  const seconds = Number(ctx.env.PDX_GIT_LOCK_TIMEOUT);
  return ctx.env.PDX_GIT_LOCK_TIMEOUT && Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : undefined;
}

/**
 * A commit that failed after its files were written: the cause and its remedy as git's module
 * told them, plus the command that commits the files by hand. (The message itself gets "… was
 * written but not committed" from the CLI, which knows what was written.)
 */
function uncommitted(error: unknown, command: string, count: number): unknown {
  const known = error instanceof PdxError ? error : environmentError(error);
  if (!known) return error;
  const how = `commit ${count === 1 ? 'it' : 'them'} with: ${command}`;
  return new PdxError(known.code, known.message, { exitCode: EXIT.failed, hint: known.hint ? `${known.hint}; then ${how}` : how, cause: known.cause ?? known });
}

/**
 * A date given by its own flag (`--start`, `--paying-since`) or by `--date`, which every write
 * command takes for the date it records: either, or both when they agree.
 */
export function sameDate(own: string | undefined, flag: string, date: string | undefined): string | undefined {
  if (own !== undefined && date !== undefined && own !== date) throw usageError(`${flag} and --date name the same day here, and they differ (${own}, ${date})`, 'pass one of them');
  return own ?? date;
}

/** The flags still missing for a required value, as a usage error listing all of them at once. */
export function missingFlags(missing: string[], command: string): PdxError {
  return usageError(
    `missing ${missing.length === 1 ? 'a required value' : 'required values'}: ${missing.join(', ')}`,
    `pass ${missing.length === 1 ? 'it' : 'them'} as flags (see pdx ${command} --help), or run at a terminal without --no-input to be asked`,
  );
}

/**
 * A value left for the user to write, as the commands pdx suggests show it: `"…"` (or `...`),
 * or an id such as `P-…`. A command treats it as not given: asked at a terminal, else a usage error.
 */
export function isPlaceholder(value: unknown): boolean {
  // A number option given as `…` arrives as NaN (program.ts).
  return (typeof value === 'string' && /^\s*([A-Za-z]+-)?(\u2026|\.\.\.)\s*$/.test(value)) || (typeof value === 'number' && Number.isNaN(value));
}

/** A required value: its flag, and how to ask for it at a terminal. */
export interface Question<V> {
  flag: string;
  ask: () => Promise<V>;
}

/**
 * Fills the missing required values: at a terminal by asking, in order; otherwise a usage error
 * that names every missing flag at once.
 */
export async function fill<T extends Record<string, unknown>>(
  ctx: Context,
  command: string,
  values: T,
  questions: { [K in keyof T]?: Question<Exclude<T[K], undefined>> },
): Promise<{ [K in keyof T]-?: Exclude<T[K], undefined> }> {
  // `--name "…"` as a fix command prints it: the value is still to be given.
  for (const key of Object.keys(questions) as (keyof T)[]) if (isPlaceholder(values[key])) values[key] = undefined as T[keyof T];
  const missing = (Object.keys(questions) as (keyof T)[]).filter((key) => values[key] === undefined);
  if (missing.length > 0 && !ctx.interactive) throw missingFlags(missing.map((key) => questions[key]!.flag), command);
  for (const key of missing) values[key] = (await questions[key]!.ask()) as T[keyof T];
  return values as { [K in keyof T]-?: Exclude<T[K], undefined> };
}

/** The initiative question shared by the commands that log work on one: last used first (see `askInitiative`). */
export function initiativeQuestion(ctx: Context, session: WriteSession): Question<string> {
  return {
    flag: '--initiative',
    ask: async () => (await import('./ids.js')).askInitiative(ctx, session.ws, undefined, 'initiative'),
  };
}
