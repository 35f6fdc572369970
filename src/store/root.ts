import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { usageError } from '../errors.js';
import { CONFIG_FILE } from '../model/kinds.js';

/** The nearest folder at or above `start` holding `name` (a file or folder), or undefined. */
export function findUp(start: string, name: string): string | undefined {
  for (let dir = resolve(start); ; dir = dirname(dir)) {
    if (existsSync(join(dir, name))) return dir;
    if (dirname(dir) === dir) return undefined;
  }
}

/** The nearest folder at or above `start` holding the config file, or undefined. */
export function findRoot(start: string): string | undefined {
  return findUp(start, CONFIG_FILE);
}

/** Like `findRoot`, but a folder outside any pdx repo is a usage error with the way out. */
export function requireRoot(start: string): string {
  const root = findRoot(start);
  if (!root) {
    throw usageError(
      `not a pdx repository: no ${CONFIG_FILE} in ${resolve(start)} or any folder above it`,
      'run `pdx init` to start one here, or pass -C <dir> to point at an existing one',
    );
  }
  return root;
}

/** The git work tree holding `dir` (a `.git` folder or file above it), found without starting git. */
export function findGitRoot(dir: string): string | undefined {
  return findUp(dir, '.git');
}
