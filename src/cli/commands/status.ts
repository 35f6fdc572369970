import { join, relative, sep } from 'node:path';
import { repoStatus, type Uncommitted } from '../../engine/status.js';
import { toJsonPieces } from '../../format/safe-text.js';
import { formatShortStatus, formatStatus } from '../../format/status-text.js';
import { CONFIG_FILE, DATA_DIR } from '../../model/kinds.js';
import { requireRoot } from '../../store/root.js';
import type { Context } from '../context.js';
import { noteUnreadable, openRepo } from '../read.js';

export interface StatusOptions {
  json?: boolean;
  /** Bare `pdx`: one line per initiative and the way on. */
  short?: boolean;
}

/**
 * `pdx status`: the repo at a glance, each missing thing with the command that supplies it.
 * Like `git status` it reports and never fails for what it finds (exit 1 only when some file
 * could not be read, so the answer may be incomplete).
 */
export async function status(ctx: Context, options: StatusOptions): Promise<number> {
  const root = requireRoot(ctx.cwd);
  // git works while the repo is read.
  const uncommitted: Promise<Uncommitted> = import('../../git/index.js').then((git) => git.uncommittedFiles(root, [CONFIG_FILE, DATA_DIR]));
  uncommitted.catch(() => undefined);
  const ws = await openRepo(ctx, { saveLater: true, prefetchHistory: true, texts: false });
  const exitCode = noteUnreadable(ctx, ws);
  // Commands are shown as the user would type them where pdx was started.
  const from = ctx.invokedIn ?? root;
  const path = (file: string) => relative(from, join(root, file)).split(sep).join('/') || '.';
  const result = await repoStatus(ws, { today: ctx.today, uncommitted, gitPaths: [path(CONFIG_FILE), path(DATA_DIR)] });
  if (options.json) ctx.out(toJsonPieces(result));
  else ctx.out((options.short ? formatShortStatus : formatStatus)(result, { color: ctx.color, path }));
  return exitCode;
}
