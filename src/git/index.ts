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
