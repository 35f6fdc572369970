import { randomBytes } from 'node:crypto';
import { closeSync, constants, fstatSync, lstatSync, openSync, readFileSync, readSync, renameSync, unlinkSync, type BigIntStats } from 'node:fs';
import { hostname } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { PdxError } from '../errors.js';
import { faultPoint } from './fault.js';
import { createExclusive, parseTempName, tryUnlink, writeTempFile } from './disk.js';

/**
 * Per-file locks beside the file (`.<name>.pdx-lock`), like git's `index.lock`. A lock names its
 * owner (pid, host, process start time, command), so a lock whose owner is gone (killed, crashed)
 * is taken over at once, and a live one is reported with who holds it.
 */

/** Who holds a lock or wrote a temp file: enough to tell whether that process still runs. */
export interface Owner {
  pid: number;
  host: string;
  /** The process's start time in clock ticks since boot (Linux), telling a reused pid apart. */
  start?: string;
  command?: string;
  since?: string;
  /** Unique per lock taken, so a release never removes another process's lock. */
  token?: string;
}

let me: Owner | undefined;
let commandLine = 'pdx';

/**
 * Names the running command in the locks and journals it writes (for messages about them): its
 * words as commander resolved them (`evidence add`), never its values (interview notes).
 */
export function setCommandLine(words: string[]): void {
  commandLine = ['pdx', ...words.slice(0, 2)].join(' ').replace(/[^\w .-]/g, '?').slice(0, 60);
  me = undefined;
}

/** This process as a lock owner. */
export function currentOwner(): Owner {
  me ??= { pid: process.pid, host: hostname(), start: startTime(process.pid), command: commandLine };
  return me;
}

function startTime(pid: number): string | undefined {
  try {
    // Field 22 of /proc/<pid>/stat; the command name (field 2) may hold spaces, so count after its ')'.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
  } catch {
    return undefined;
  }
}

/** How long a lock or temp file of a process on another host (a shared folder) counts as live. */
const OTHER_HOST_MS = 10 * 60_000;
/** A lock with no readable owner (an older pdx wrote only a pid, or nothing) is live this long. */
const UNKNOWN_OWNER_MS = 30_000;

/** Whether the owner process may still be running: only a certain "gone" is false. */
export function ownerAlive(owner: Owner | undefined, mtimeMs: number): boolean {
  const age = Date.now() - mtimeMs;
  if (!owner) return age < UNKNOWN_OWNER_MS;
  if (owner.host !== currentOwner().host) return age < OTHER_HOST_MS;
  // Without its start time (an older pdx, or a lock that came with the repo) a pid may long
  // since belong to another process: such a lock is trusted only as long as an unknown one.
  if (owner.start === undefined && currentOwner().start !== undefined) return age < UNKNOWN_OWNER_MS && pidAlive(owner.pid);
  return pidAlive(owner.pid, owner.start);
}

/** Whether `pid` runs on this host (and, when known, is the process that started at `start`). */
export function pidAlive(pid: number, start?: string): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  if (pid === process.pid) return start === undefined || start === currentOwner().start;
  try {
    process.kill(pid, 0);
  } catch (error) {
    // EPERM: it exists but belongs to another user.
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  if (start === undefined) return true;
  const now = startTime(pid);
  return now === undefined || now === start;
}

/** The path of the lock guarding `target`. */
export function lockPath(target: string): string {
  return join(dirname(target), `.${basename(target)}.pdx-lock`);
}

function encodeOwner(owner: Owner): string {
  return `${JSON.stringify(owner)}\n`;
}

/** The owner recorded in a lock-like file and its identity; undefined when it is gone. Never follows a link. */
function readLockFile(path: string): { owner?: Owner; stat: BigIntStats } | undefined {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return undefined;
    // A link or something else that is no lock pdx wrote.
    try {
      return { stat: lstatSync(path, { bigint: true }) };
    } catch {
      return undefined;
    }
  }
  try {
    const stat = fstatSync(fd, { bigint: true });
    if (!stat.isFile()) return { stat };
    const buffer = Buffer.alloc(4096);
    const text = buffer.subarray(0, readSync(fd, buffer, 0, buffer.length, 0)).toString('utf8').trim();
    return { owner: parseOwner(text), stat };
  } catch {
    return undefined;
  } finally {
    closeSync(fd);
  }
}

function parseOwner(text: string): Owner | undefined {
  if (/^\d+$/.test(text)) return { pid: Number(text), host: currentOwner().host };
  try {
    const value = JSON.parse(text) as Owner;
    return typeof value.pid === 'number' && typeof value.host === 'string' ? value : undefined;
  } catch {
    return undefined;
  }
}

/** A lock this process holds. */
export interface Lock {
  path: string;
  token: string;
}

/**
 * Takes the lock of `target` (named `file` in messages). A lock whose owner is gone is taken
 * over at once; a live owner means "being changed by another pdx command", naming it.
 */
export function acquireLock(target: string, file: string): Lock {
  const path = lockPath(target);
  const token = randomBytes(8).toString('hex');
  const text = encodeOwner({ ...currentOwner(), since: new Date().toISOString(), token });
  for (let attempt = 0; attempt < 5; attempt++) {
    if (createExclusive(path, text, false)) return { path, token };
    const held = readLockFile(path);
    if (!held) continue;
    if (!held.stat.isFile() && !held.stat.isSymbolicLink()) {
      throw new PdxError('write/blocked', `${file} cannot be locked: ${basename(path)} beside it is not a lock file pdx wrote; nothing was written`, { hint: `remove ${basename(path)} and run the command again` });
    }
    // A link is never a lock pdx took: replace it (the rename replaces the link, not what it names).
    if (held.stat.isFile() && ownerAlive(held.owner, Number(held.stat.mtimeMs))) throw busy(file, path, held.owner);
    if (takeOver(path, held.stat, text, 0)) return { path, token };
  }
  const held = readLockFile(path);
  throw busy(file, path, held?.owner);
}

/** Who holds the lock of `target`, in words for a message ("pid 123, `pdx advance`, since …"). */
export function lockHolder(target: string): string {
  return describe(readLockFile(lockPath(target))?.owner);
}

function describe(owner: Owner | undefined): string {
  return owner ? `pid ${owner.pid}${owner.host !== currentOwner().host ? ` on ${owner.host}` : ''}${owner.command ? `, \`${owner.command}\`` : ''}${owner.since ? `, since ${owner.since}` : ''}` : 'owner unknown';
}

function busy(file: string, path: string, owner: Owner | undefined): PdxError {
  const who = describe(owner);
  const expires = !owner || owner.start === undefined ? `, or ${UNKNOWN_OWNER_MS / 1000} s after it was taken` : owner.host !== currentOwner().host ? `, or ${OTHER_HOST_MS / 60_000} minutes after it was taken` : '';
  return new PdxError('write/changed-on-disk', `${file} is being changed by another pdx command (${who}); nothing was written — run the command again when it has finished`, {
    hint: `the lock is ${basename(path)} beside the file; pdx takes it over by itself once that process is gone${expires}`,
  });
}

/**
 * Replaces the lock at `path` whose owner is gone, so that of several processes finding it at
 * once exactly one wins: each must first create a guard named after that very lock file (its
 * inode and change time), which only one can; the winner replaces the lock by a rename (never
 * leaving the name free for a moment) only if it is still the same file. A guard left by a
 * process that died in these few microseconds is itself taken over the same way.
 */
function takeOver(path: string, stale: BigIntStats, text: string, depth: number): boolean {
  const guard = `${path}.takeover-${stale.ino}-${stale.ctimeNs}`;
  if (!createExclusive(guard, text, false)) {
    const held = readLockFile(guard);
    if (!held || ownerAlive(held.owner, Number(held.stat.mtimeMs)) || depth >= 2) return false;
    if (!takeOver(guard, held.stat, text, depth + 1)) return false;
  }
  try {
    let now: BigIntStats;
    try {
      now = lstatSync(path, { bigint: true });
    } catch {
      return false;
    }
    if (now.ino !== stale.ino || now.ctimeNs !== stale.ctimeNs) return false;
    renameSync(writeTempFile(path, text), path);
    return true;
  } finally {
    tryUnlink(guard);
  }
}

/** Releases a lock, if it is still this process's. */
export function releaseLock(lock: Lock): void {
  try {
    if (readLockFile(lock.path)?.owner?.token !== lock.token) return;
    faultPoint('unlock');
    unlinkSync(lock.path);
  } catch {
    // Already gone.
  }
}

const STALE_GUARD = /^\.(.+)\.pdx-lock\.takeover-\d+-\d+$/;
const LOCK = /^\.(.+)\.pdx-lock$/;

/** Whether `name` is that of a lock or takeover guard pdx takes (`.<name>.pdx-lock…`). */
export function isLockName(name: string): boolean {
  return LOCK.test(name) || STALE_GUARD.test(name);
}

/**
 * Removes what writers that died left in `dir`: their temp and backup files, their locks and
 * takeover guards. Only what a process that is gone (on this host) left; called after a write.
 * `keep` names files a pending journal still needs.
 */
export function cleanLeftovers(dir: string, names: string[], keep: ReadonlySet<string> = new Set()): void {
  for (const name of names) {
    const path = join(dir, name);
    if (!name.startsWith('.') || keep.has(path)) continue;
    try {
      const leftover = parseTempName(name);
      if (leftover) {
        if (!pidAlive(leftover.pid)) unlinkSync(path);
      } else if (isLockName(name)) {
        const held = readLockFile(path);
        if (!held || ownerAlive(held.owner, Number(held.stat.mtimeMs))) continue;
        if (STALE_GUARD.test(name)) unlinkSync(path);
        else {
          const text = encodeOwner({ ...currentOwner(), token: randomBytes(8).toString('hex') });
          if (takeOver(path, held.stat, text, 0)) unlinkSync(path);
        }
      }
    } catch {
      // Cleaning up is a courtesy: never fail a write over it.
    }
  }
}
