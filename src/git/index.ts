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
    const diff = await git.raw(['diff', '--name-only', '--relative', '--no-renames', '--end-of-options', ref, '--']);
    // New files nobody has added yet are changes too.
    const untracked = await git.raw(['ls-files', '--others', '--exclude-standard', '--']);
    return [...diff.split('\n'), ...untracked.split('\n')].filter((line) => line !== '');
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

/** The commit checked out and whether older history is cut off, from one git call; undefined without commits or git. */
export async function headState(dir: string): Promise<{ commit: string; shallow: boolean } | undefined> {
  try {
    const [commit, shallow] = (await simpleGit({ baseDir: dir }).raw(['rev-parse', 'HEAD', '--is-shallow-repository'])).trim().split('\n');
    return commit && /^[0-9a-f]{40,64}$/.test(commit) ? { commit, shallow: shallow === 'true' } : undefined;
  } catch {
    return undefined;
  }
}

/**
 * For each file, the day its `stage:` line last changed to each value, from one `git log` over
 * `folder` (never one call per file). `shallow` (from `headState`) says whether older history is
 * cut off: then the oldest commit's dates are dropped, since it shows every file as added.
 * Undefined when git or history is missing.
 */
export async function stageDatesFromHistory(dir: string, folder: string, shallow: boolean): Promise<Map<string, Map<string, string>> | undefined> {
  const git = simpleGit({ baseDir: dir });
  const dates = new Map<string, Map<string, string>>();
  let out: string;
  try {
    out = await git.raw(['log', '--format=pdx-commit %ad', '--date=short', '-p', '--unified=0', '--no-color', '--no-renames', '--relative', '--', folder]);
  } catch {
    // Not a git repository, git missing, or no commit yet.
    return undefined;
  }
  let date = '';
  let file = '';
  let commit = 0;
  const fromCommit = new Map<string, number>();
  for (const line of out.split('\n')) {
    if (line.startsWith('pdx-commit ')) {
      date = line.slice('pdx-commit '.length).trim();
      commit++;
    } else if (line.startsWith('+++ ')) file = line.startsWith('+++ b/') ? line.slice(6) : '';
    else if (file && line.startsWith('+stage:')) {
      const stage = line.slice('+stage:'.length).replace(/#.*$/, '').trim();
      const perFile = dates.get(file) ?? new Map<string, string>();
      // Newest commit first: the first one seen setting a stage is when it last appeared.
      if (!perFile.has(stage)) {
        perFile.set(stage, date);
        fromCommit.set(`${file}\n${stage}`, commit);
      }
      dates.set(file, perFile);
    }
  }
  if (shallow) {
    for (const [key, n] of fromCommit) {
      const [f, stage] = key.split('\n') as [string, string];
      if (n === commit) dates.get(f)?.delete(stage);
    }
  }
  return dates;
}
