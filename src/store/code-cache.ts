import { createHash } from 'node:crypto';
import { readdirSync, renameSync, rmSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempName } from './disk.js';
import { cleanLeftovers } from './lock.js';
import { makeFolders } from './safe-path.js';

/** How many code caches a user keeps: one per pdx build, checkout or Node version in use. */
const KEEP = 4;

/**
 * Saves the V8 code cache `bin/pdx` compiled the bundle with (it reads it back itself, before
 * the bundle is loaded): a checksum, the commands it covers and V8's data, written whole to a
 * temp file and renamed over, in this user's cache folder; the newest few are kept and temp
 * files of killed runs removed, as in every folder pdx writes. Failures only cost start-up time.
 * Layout: sha256 of the rest, the header's length (u32 LE), the JSON header, V8's data.
 */
export function saveCodeCache(folder: string, file: string, commands: string[], code: Buffer): void {
  const temp = tempName(file);
  try {
    makeFolders(folder, 0o700);
    const header = Buffer.from(JSON.stringify(commands));
    const length = Buffer.alloc(4);
    length.writeUInt32LE(header.length);
    const rest = Buffer.concat([length, header, code]);
    writeFileSync(temp, Buffer.concat([createHash('sha256').update(rest).digest(), rest]), { flag: 'wx', mode: 0o600 });
    renameSync(temp, file);
    const names = readdirSync(folder);
    cleanLeftovers(folder, names);
    const old = names
      .filter((name) => /^code-[0-9a-f]+\.bin$/.test(name))
      .map((name) => ({ path: join(folder, name), time: statSync(join(folder, name)).mtimeMs }))
      .sort((a, b) => b.time - a.time)
      .slice(KEEP);
    for (const { path } of old) rmSync(path, { force: true });
  } catch {
    // Without a cache pdx only starts more slowly.
    try {
      unlinkSync(temp);
    } catch {
      // Never made.
    }
  }
}
