import { readCacheFile, writeCacheFile } from './cache.js';

/** Per-clone memory of what the user last worked on (in the git-ignored cache folder), used for prompt defaults. */
const STATE_FILE = 'state.json';

interface State {
  lastInitiative?: string;
  /** pdx told the user, in this clone, that git does not know who they are. */
  identityWarned?: boolean;
}

export function readState(root: string): State {
  try {
    return JSON.parse(readCacheFile(root, STATE_FILE)?.toString('utf8') ?? '{}') as State;
  } catch {
    return {};
  }
}

/** A default for the next prompt is a convenience: failing to save it never fails the command. */
export function rememberInitiative(root: string, id: string): void {
  writeCacheFile(root, STATE_FILE, `${JSON.stringify({ ...readState(root), lastInitiative: id })}\n`);
}

/** Remembers whether the user was told that git has no identity (so it is said once per clone); never fails the command. */
export function rememberIdentityWarned(root: string, warned: boolean): void {
  const { identityWarned: _, ...rest } = readState(root);
  writeCacheFile(root, STATE_FILE, `${JSON.stringify(warned ? { ...rest, identityWarned: true } : rest)}\n`);
}
