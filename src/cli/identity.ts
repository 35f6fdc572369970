import { userInfo } from 'node:os';
import { readState, rememberIdentityWarned } from '../store/state.js';
import type { Context } from './context.js';

/** Who is writing a record, for its `by`, and what git lacks to know it. */
export interface Author {
  /** What the record names as `by`; undefined when nothing says who it is. */
  by: string | undefined;
  /** What git's config lacks of an identity, as `--commit` checks it: `user.name`, `user.email` (empty when git cannot say). */
  missing: string[];
  /** Where `by` came from when it is not git's name: "your email", "your login name". */
  from?: string;
  /** The commands that give git an identity. */
  hint?: string;
}

/**
 * Who is writing, as git would name the author of a commit: `GIT_AUTHOR_NAME`, else `user.name`;
 * without either, the email (`GIT_AUTHOR_EMAIL`, `user.email`, `EMAIL`), then the login name.
 * One git call, started before the repo is read so that it runs meanwhile.
 */
export async function whoIsWriting(ctx: Context): Promise<Author> {
  const env = (name: string) => ctx.env[name]?.trim() || undefined;
  const git = await import('../git/index.js');
  const identity = await git.gitIdentity(ctx.cwd).catch(() => undefined);
  const name = env('GIT_AUTHOR_NAME') ?? identity?.name;
  const email = env('GIT_AUTHOR_EMAIL') ?? identity?.email ?? env('EMAIL');
  // What --commit checks: git's own config (its committer identity too comes from there).
  const missing = identity === undefined ? [] : [...(identity.name ? [] : ['user.name']), ...(identity.email ? [] : ['user.email'])];
  const told = { missing, ...(missing.length > 0 ? { hint: git.IDENTITY_HINT } : {}) };
  if (name) return { by: name, ...told };
  if (email) return { by: email, ...told, from: 'your email' };
  const login = loginName();
  return { by: login, ...told, ...(login ? { from: 'your login name' } : {}) };
}

function loginName(): string | undefined {
  try {
    return userInfo().username.trim() || undefined;
  } catch {
    // No entry for this user id (a container run as an arbitrary user).
    return undefined;
  }
}

/**
 * After a write that recorded `author`: when git lacks an identity, says so on stderr with the
 * two commands that set it, once per clone (pdx remembers it in `.pdx/cache/`, and forgets once
 * git knows, so a later loss is told again). Every later record still names who it can.
 */
export function noteAuthor(ctx: Context, root: string, author: Author): void {
  const warned = readState(root).identityWarned === true;
  if (author.missing.length === 0) {
    if (warned) rememberIdentityWarned(root, false);
    return;
  }
  if (warned) return;
  const both = author.missing.length === 2;
  const what = both ? 'who you are' : author.missing[0] === 'user.name' ? 'your name' : 'your email';
  const recorded = author.by === undefined ? ', so this record names no one' : author.from ? `, so pdx recorded you as "${author.by}" (${author.from})` : '';
  ctx.err(`pdx: git does not know ${what} (${author.missing.join(' and ')} ${both ? 'are' : 'is'} not set)${recorded}; --commit needs both`);
  ctx.err(`  hint: tell git once, for all your repos: ${author.hint}`);
  rememberIdentityWarned(root, true);
}
