import { lstatSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { EXIT, PdxError } from '../errors.js';
import { DATA_DIR, KIND_FOLDERS } from '../model/kinds.js';
import { UNREADABLE, UNREADABLE_HINT, whyUnreadable } from './read.js';

/**
 * A lookup of the evidence file named by an id (`<id>.yaml` or `.yml`), without listing the
 * evidence: the folder of evidence is listed once (its entries are one folder per initiative), and
 * each id asked costs a look-up at the top and in each of those folders — so a write's cost grows
 * with the initiatives, never with the evidence in them. The file a write creates is created
 * exclusively, so two writers never take the same id in one folder; a file renamed by hand (its
 * `id:` line not naming it) is not seen here, and `pdx validate` reports the id it duplicates.
 * A folder that cannot be read is an error (exit 1): the ids in it are unknown.
 */
export function evidenceFileNamed(root: string): (id: string) => string | undefined {
  const top = `${DATA_DIR}/${KIND_FOLDERS.evidence}`;
  const folders = [top];
  try {
    for (const entry of readdirSync(join(root, top), { withFileTypes: true })) {
      // Dot-folders are never read as records (load.ts skips them too).
      if (entry.isDirectory() && !entry.name.startsWith('.')) folders.push(`${top}/${entry.name}`);
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return () => undefined;
    throw unreadable(top, error);
  }
  return (id) => {
    for (const folder of folders) {
      for (const file of [`${folder}/${id}.yaml`, `${folder}/${id}.yml`]) {
        try {
          lstatSync(join(root, file));
          return file;
        } catch (error) {
          const code = (error as NodeJS.ErrnoException).code;
          if (code !== 'ENOENT' && code !== 'ENOTDIR') throw unreadable(folder, error);
        }
      }
    }
    return undefined;
  };
}

function unreadable(folder: string, error: unknown): PdxError {
  return new PdxError(UNREADABLE, `cannot read ${folder}, so pdx cannot tell which evidence ids are taken; nothing was written`, {
    exitCode: EXIT.failed,
    problems: [{ file: folder, severity: 'error', code: UNREADABLE, message: `cannot read the folder (${whyUnreadable(error)})` }],
    hint: UNREADABLE_HINT,
  });
}
