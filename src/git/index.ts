import { simpleGit } from 'simple-git';

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
