import { simpleGit } from 'simple-git';
import { usageError } from '../errors.js';

/**
 * The only module that talks to git. Every argument that comes from a user or a file is checked
 * against an allow-list before it gets here; none of simple-git's unsafe options is enabled.
 */

/** Runs `git init` in `dir`. Resolves false when git is not installed. */
export async function gitInit(dir: string): Promise<boolean> {
  try {
    await simpleGit({ baseDir: dir }).init();
    return true;
  } catch (error) {
    if (/ENOENT|not found|spawn git/i.test((error as Error).message)) return false;
    throw error;
  }
}

/** The committer identity from git config, or undefined when name or email is not set. */
export async function gitIdentity(dir: string): Promise<{ name: string; email: string } | undefined> {
  const git = simpleGit({ baseDir: dir });
  const [name, email] = await Promise.all([git.getConfig('user.name'), git.getConfig('user.email')]);
  return name.value && email.value ? { name: name.value, email: email.value } : undefined;
}

/**
 * Commits exactly `files` (paths relative to `dir`) with `message`, leaving anything else that is
 * staged staged and uncommitted. Returns the new commit's short hash.
 */
export async function commitFiles(dir: string, files: string[], message: string): Promise<string> {
  const git = simpleGit({ baseDir: dir });
  await git.raw(['add', '--', ...files]);
  await git.raw(['commit', '--only', '--quiet', '-m', message, '--', ...files]);
  return (await git.raw(['rev-parse', '--short', 'HEAD'])).trim();
}

/** Refs and revisions a user may pass: no leading dash, no spaces or shell-ish characters. */
const REF_PATTERN = /^(?!-)[A-Za-z0-9_./~^@{}-]+$/;

/**
 * Files (relative to `dir`) changed since `ref`, committed or not, read with one git call.
 * A ref git does not know (a shallow clone without that commit, a typo) is a usage error.
 */
export async function changedSince(dir: string, ref: string): Promise<string[]> {
  if (!REF_PATTERN.test(ref)) throw usageError(`--changed-since "${ref}" is not a git revision`);
  const git = simpleGit({ baseDir: dir });
  try {
    const out = await git.raw(['diff', '--name-only', '--relative', '--no-renames', '--end-of-options', ref, '--']);
    return out.split('\n').filter((line) => line !== '');
  } catch (error) {
    const shallow = await git.raw(['rev-parse', '--is-shallow-repository']).then((s) => s.trim() === 'true', () => false);
    throw usageError(
      `git does not know ${ref}: ${(error as Error).message.split('\n')[0]}`,
      shallow ? 'this clone is shallow; fetch more history (actions/checkout with fetch-depth: 0) so the comparison is real' : 'check the revision name',
    );
  }
}

/** `user.name` from git config, or undefined (for the "by" of a stage move). */
export async function gitUserName(dir: string): Promise<string | undefined> {
  try {
    return (await simpleGit({ baseDir: dir }).getConfig('user.name')).value ?? undefined;
  } catch {
    return undefined;
  }
}
