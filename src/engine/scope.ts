import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { isValidId } from '../model/ids.js';
import { DATA_DIR, KIND_FOLDERS, recordFile, type RecordKind } from '../model/kinds.js';
import { filesNotNamedByTheirId } from '../store/load.js';

/**
 * The files of the initiative and hypothesis, if both are valid ids with a file where pdx writes
 * them; and of the initiative's own evidence, those whose `id:` line does not name the file (one
 * renamed there by hand), so that their ids are read. Elsewhere evidence ids are taken from file
 * names, which pdx warns about when they differ.
 */
export function evidenceScope(root: string, initiative: string, hypothesis: string | undefined, experiment?: string): { kind: RecordKind; file: string }[] | undefined {
  const needed: { kind: RecordKind; file: string }[] = [{ kind: 'initiative', file: recordFile('initiative', initiative) }];
  if (hypothesis !== undefined) needed.push({ kind: 'hypothesis', file: recordFile('hypothesis', hypothesis, initiative) });
  if (experiment !== undefined) needed.push({ kind: 'experiment', file: recordFile('experiment', experiment, initiative) });
  const ids = [initiative, ...(hypothesis === undefined ? [] : [hypothesis]), ...(experiment === undefined ? [] : [experiment])];
  if (!ids.every(isValidId) || !needed.every(({ file }) => existsSync(join(root, file)))) return undefined;
  const renamed = filesNotNamedByTheirId(root, `${DATA_DIR}/${KIND_FOLDERS.evidence}/${initiative}`);
  return [...needed, ...renamed.map((file) => ({ kind: 'evidence' as const, file }))];
}
