import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { isValidId } from '../model/ids.js';
import { recordFile, type RecordKind } from '../model/kinds.js';

/**
 * The files of the initiative and hypothesis (and experiment), if each is a valid id with a file
 * where pdx writes it. No evidence is read: a new evidence id is checked against the files named
 * by it (`store/taken-ids.ts`), and a file renamed by hand, whose `id:` line does not name it, is
 * pdx validate's to report (a warning for the name, an error for an id it duplicates).
 */
export function evidenceScope(root: string, initiative: string, hypothesis: string | undefined, experiment?: string): { kind: RecordKind; file: string }[] | undefined {
  const needed: { kind: RecordKind; file: string }[] = [{ kind: 'initiative', file: recordFile('initiative', initiative) }];
  if (hypothesis !== undefined) needed.push({ kind: 'hypothesis', file: recordFile('hypothesis', hypothesis, initiative) });
  if (experiment !== undefined) needed.push({ kind: 'experiment', file: recordFile('experiment', experiment, initiative) });
  const ids = [initiative, ...(hypothesis === undefined ? [] : [hypothesis]), ...(experiment === undefined ? [] : [experiment])];
  if (!ids.every(isValidId) || !needed.every(({ file }) => existsSync(join(root, file)))) return undefined;
  return needed;
}
