import { createHash } from 'node:crypto';
import { readdirSync, renameSync, rmSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempName } from './disk.js';
import { cleanLeftovers } from './lock.js';
import { makeFolders } from './safe-path.js';

/** How many builds' code caches a user keeps: one per pdx build, checkout or Node version in use. */
const KEEP = 4;

/** A code cache's name: `code-<build>-<command>.bin`, the build a hash of the bundle, its path and Node. */
const NAME = /^code-([0-9a-f]+)(?:-[a-z0-9_-]+)?\.bin$/;

/**
 * Saves the V8 code cache `bin/pdx` compiled the bundle with for one command (it reads it back
 * itself, before the bundle is loaded): a checksum and V8's data, written whole to a temp file and
 * renamed over, in this user's cache folder; the caches of the newest few builds are kept and temp
 * files of killed runs removed, as in every folder pdx writes. Failures only cost start-up time.
 * Layout: sha1 of the rest, V8's data.
 */
export function saveCodeCache(folder: string, file: string, code: Buffer): void {
  const temp = tempName(file);
  try {
    makeFolders(folder, 0o700);
    writeFileSync(temp, Buffer.concat([createHash('sha1').update(code).digest(), code]), { flag: 'wx', mode: 0o600 });
    renameSync(temp, file);
    const names = readdirSync(folder);
    cleanLeftovers(folder, names);
    // Each build's newest use: the builds used longest ago go first.
    const builds = new Map<string, { time: number; paths: string[] }>();
    for (const name of names) {
      const build = NAME.exec(name)?.[1];
      if (build === undefined) continue;
      const path = join(folder, name);
      const time = statSync(path).mtimeMs;
      const seen = builds.get(build) ?? { time, paths: [] };
      seen.time = Math.max(seen.time, time);
      seen.paths.push(path);
      builds.set(build, seen);
    }
    const old = [...builds.values()].sort((a, b) => b.time - a.time).slice(KEEP);
    for (const { paths } of old) for (const path of paths) rmSync(path, { force: true });
  } catch {
    // Without a cache pdx only starts more slowly.
    try {
      unlinkSync(temp);
    } catch {
      // Never made.
    }
  }
}
