import { PdxError, type Problem } from '../errors.js';
import { KIND_NAMES, RECORD_KINDS, type RecordKind } from '../model/index.js';
import { checkIntegrity } from '../model/integrity.js';
import { invalidIdsOf, type LoadedRecord, type Records } from '../model/records.js';
import { applyEdits, type EditOp } from './edit.js';
import { parseRecord } from './check-file.js';
import { checkRecordBytes } from './read.js';
import type { Repo } from './load.js';
import { renderRecord } from './templates.js';
import { changedOnDisk, readForEdit, type FileChange } from './transaction.js';
import { locate, parseYamlFile } from './yaml-file.js';

/** What a write command will do, decided from the loaded records before anything is touched. */
export interface Plan {
  kind: RecordKind;
  id: string;
  /** The record file the command is about (repo-relative). */
  path: string;
  /** A commit message subject: `pdx: add evidence e-1 to rapid-quotes-customer`. */
  message: string;
  creates: { file: string; kind: RecordKind; data: Record<string, unknown> }[];
  edits: { file: string; kind: RecordKind; ops: EditOp[] }[];
  /** True when the id was generated, so a clash with a parallel writer may pick the next one. */
  generatedId: boolean;
}

/**
 * Turns a plan into file changes and proves them valid before anything is written: each new or
 * edited file must pass its schema, and must not add a cross-file problem (a dangling
 * reference, a duplicate id, a date after today) that was not there before.
 */
export function preparePlan(repo: Repo, plan: Plan, today: string): FileChange[] {
  const changes: (FileChange & { kind: RecordKind })[] = [
    ...plan.creates.map(({ file, kind, data }) => ({ file, kind, before: null, after: renderRecord(kind, data) })),
    ...plan.edits.map(({ file, kind, ops }) => {
      const before = readForEdit(repo.root, file);
      // The plan was made from the file as loaded: if what it says has changed since (another
      // writer), applying the plan to the new text would be a decision nobody made.
      const loaded = (repo.records[kind] as LoadedRecord[]).find((r) => r.file === file);
      const now = parseRecord(file, before, RECORD_KINDS[kind].schema).data;
      if (loaded && JSON.stringify(now) !== JSON.stringify(loaded.data)) {
        throw changedOnDisk(file);
      }
      return { file, kind, before, after: applyEdits(before, ops) };
    }),
  ];

  const problems: Problem[] = [];
  const records = Object.fromEntries(KIND_NAMES.map((kind) => [kind, [...repo.records[kind]]])) as unknown as Records;
  for (const change of changes) {
    // A file the next read refuses (too large, too many lines) would make every later command refuse the repo.
    const refused = checkRecordBytes(Buffer.from(change.after, 'utf8'), change.file);
    if ('problem' in refused) {
      problems.push(refused.problem);
      continue;
    }
    const parsed = parseRecord(change.file, change.after, RECORD_KINDS[change.kind].schema);
    problems.push(...parsed.problems.filter((p) => p.severity === 'error'));
    const list = records[change.kind] as LoadedRecord[];
    const at = list.findIndex((r) => r.file === change.file);
    if (at !== -1) list.splice(at, 1);
    if (parsed.data !== undefined) list.push({ kind: change.kind, file: change.file, data: parsed.data } as LoadedRecord);
  }
  if (problems.length === 0) {
    const changed = new Set(changes.map((c) => c.file));
    const already = new Set(repo.problems.map((p) => `${p.file}\n${p.code}\n${p.message}`));
    for (const finding of checkIntegrity(records, { today, invalidIds: repo.records.unloaded && invalidIdsOf(repo.records.unloaded) })) {
      if (finding.severity !== 'error' || !changed.has(finding.record.file)) continue;
      if (already.has(`${finding.record.file}\n${finding.code}\n${finding.message}`)) continue;
      const text = changes.find((c) => c.file === finding.record.file)!.after;
      problems.push({ file: finding.record.file, ...locate(parseYamlFile(finding.record.file, text).yaml, finding.path, finding.target), severity: 'error', code: finding.code, message: finding.message });
    }
  }
  if (problems.length > 0) {
    throw new PdxError('write/invalid', 'the change would leave the repo invalid, so nothing was written', { problems });
  }
  return changes.map(({ file, before, after }) => ({ file, before, after }));
}
