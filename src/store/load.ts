import { readdirSync, statSync, type Dirent } from 'node:fs';
import { join } from 'node:path';
import type { ZodType } from 'zod';
import { compareProblems, type Problem } from '../errors.js';
import { closest, validateRecord, type FieldPath } from '../model/describe.js';
import { CONFIG_FILE, ConfigSchema, DATA_DIR, KIND_NAMES, RECORD_KINDS, type Config, type RecordKind } from '../model/index.js';
import { checkIntegrity, type InvalidIds } from '../model/integrity.js';
import { emptyRecords, type Finding, type LoadedRecord, type Records } from '../model/records.js';
import { readTextFile } from './read.js';
import { locate, parseYamlFile, type Position, type YamlFile } from './yaml-file.js';

/** A whole discovery repo, read once: valid records, and every problem found on the way. */
export interface Repo {
  root: string;
  /** Undefined when the config file itself is unreadable or invalid. */
  config?: Config;
  records: Records;
  /** All problems, config included, ordered by file and line. */
  problems: Problem[];
  /** Number of files read, config included. */
  fileCount: number;
  /** Points a field of a loaded record at its line and column. */
  locate(record: LoadedRecord, path: FieldPath, target?: 'value' | 'key' | 'parent'): Position;
  /** Whether the field is written in the record's file (not just filled in by a default). */
  has(record: LoadedRecord, path: FieldPath): boolean;
  /** Turns findings about records (from integrity checks or gate rules) into located problems. */
  toProblem(finding: Finding): Problem;
}

export interface LoadOptions {
  /** `YYYY-MM-DD`: dates after it are reported. */
  today: string;
  /** How messages name that day (default `today`). */
  todayLabel?: string;
}

/**
 * Reads the config and every record under the data folder. One bad file never hides another's
 * problems: each file is read, parsed and validated on its own, then the valid records are
 * checked against each other.
 */
export function loadRepo(root: string, options: LoadOptions): Repo {
  const problems: Problem[] = [];
  const sources = new Map<string, YamlFile>();
  const records = emptyRecords();
  const invalidIds: InvalidIds = {};

  const config = readRecord(root, CONFIG_FILE, ConfigSchema, problems, sources) as Config | undefined;
  let fileCount = 1;

  const { files, warnings } = listRecordFiles(root);
  problems.push(...warnings);
  for (const { kind, file } of files) {
    fileCount++;
    const data = readRecord(root, file, RECORD_KINDS[kind].schema, problems, sources, (value) => {
      // References to a broken record are not also reported as dangling: its file name (records
      // are named by id) and whatever ids could still be read count as existing.
      const ids = (invalidIds[kind] ??= new Set());
      ids.add(file.slice(file.lastIndexOf('/') + 1).replace(/\.ya?ml$/i, ''));
      const raw = value as { id?: unknown; keyResults?: unknown } | undefined;
      if (typeof raw?.id === 'string') ids.add(raw.id);
      if (kind === 'okr') {
        const krs = (invalidIds.kr ??= new Set());
        if (!Array.isArray(raw?.keyResults)) krs.add('*');
        else for (const kr of raw.keyResults) if (typeof (kr as { id?: unknown })?.id === 'string') krs.add((kr as { id: string }).id);
      }
    });
    if (data !== undefined) (records[kind] as LoadedRecord[]).push({ kind, file, data } as LoadedRecord);
  }

  const locateField = (record: LoadedRecord, path: FieldPath, target: 'value' | 'key' | 'parent' = 'value'): Position => {
    const source = sources.get(record.file);
    return source ? locate(source, path, target) : { line: 1, column: 1 };
  };
  const toProblem = (finding: Finding): Problem => ({
    file: finding.record.file,
    ...locateField(finding.record, finding.path, finding.target),
    severity: finding.severity,
    code: finding.code,
    message: finding.message,
  });

  problems.push(...checkIntegrity(records, { today: options.today, todayLabel: options.todayLabel, invalidIds }).map(toProblem));
  problems.sort(compareProblems);
  const has = (record: LoadedRecord, path: FieldPath) => sources.get(record.file)?.doc.hasIn(path) ?? false;
  return { root, config, records, problems, fileCount, locate: locateField, has, toProblem };
}

function readRecord(
  root: string,
  file: string,
  schema: ZodType,
  problems: Problem[],
  sources: Map<string, YamlFile>,
  onInvalid?: (value: unknown) => void,
): unknown {
  const read = readTextFile(join(root, file), file, root);
  if ('problem' in read) {
    problems.push(read.problem);
    onInvalid?.(undefined);
    return undefined;
  }
  const parsed = parseRecord(file, read.text, schema);
  sources.set(file, parsed.yaml);
  problems.push(...parsed.problems);
  if (parsed.data === undefined) onInvalid?.(parsed.value);
  return parsed.data;
}

/**
 * Parses and validates one record's text. Never throws for any input: every problem comes back
 * located. `data` is set only for a valid record; `value` whenever the YAML itself was readable.
 */
export function parseRecord(
  file: string,
  text: string,
  schema: ZodType,
): { yaml: YamlFile; value?: unknown; data?: unknown; problems: Problem[] } {
  const parsed = parseYamlFile(file, text);
  if (parsed.value === undefined) return parsed;
  const result = validateRecord(schema, parsed.value);
  if (result.ok) return { ...parsed, data: result.data };
  const problems = [...parsed.problems];
  for (const issue of result.issues) {
    problems.push({ file, ...locate(parsed.yaml, issue.path, issue.target), severity: 'error', code: issue.code, message: issue.message });
  }
  return { ...parsed, problems };
}

const FOLDER_KINDS = new Map<string, RecordKind>(KIND_NAMES.map((kind) => [RECORD_KINDS[kind].folder, kind]));

/** Record files by kind, found by folder; YAML in unknown folders is reported, not silently skipped. */
export function listRecordFiles(root: string): { files: { kind: RecordKind; file: string }[]; warnings: Problem[] } {
  const files: { kind: RecordKind; file: string }[] = [];
  const warnings: Problem[] = [];
  for (const entry of entries(join(root, DATA_DIR))) {
    if (entry.name.startsWith('.')) continue;
    const kind = FOLDER_KINDS.get(entry.name);
    if (entry.isSymbolicLink() && isDirectory(join(root, DATA_DIR, entry.name))) {
      warnings.push({ file: `${DATA_DIR}/${entry.name}`, severity: 'warning', code: 'file/symlink', message: 'a symbolic link to a folder is not followed, so its records are not checked; move the folder here instead' });
    } else if (entry.isDirectory() && kind) {
      for (const file of yamlFilesUnder(root, `${DATA_DIR}/${entry.name}`, warnings)) files.push({ kind, file });
    } else if (entry.isDirectory() || isYamlName(entry.name)) {
      const hasYaml = entry.isDirectory() ? yamlFilesUnder(root, `${DATA_DIR}/${entry.name}`).length > 0 : true;
      if (!hasYaml) continue;
      const hint = entry.isDirectory() ? closest(entry.name, [...FOLDER_KINDS.keys()]) : undefined;
      warnings.push({
        file: `${DATA_DIR}/${entry.name}`,
        severity: 'warning',
        code: 'file/unknown-folder',
        message: `not a record folder, so its YAML is not checked${hint ? ` (did you mean \`${hint}\`?)` : ''}; records live in ${[...FOLDER_KINDS.keys()].map((f) => `${DATA_DIR}/${f}/`).join(', ')}`,
      });
    }
  }
  files.sort((a, b) => a.file.localeCompare(b.file));
  return { files, warnings };
}

function yamlFilesUnder(root: string, folder: string, warnings: Problem[] = []): string[] {
  const found: string[] = [];
  for (const entry of entries(join(root, folder))) {
    // Dot-files are editor swap files, pdx's own locks and the like: never records.
    if (entry.name.startsWith('.')) continue;
    const file = `${folder}/${entry.name}`;
    if (entry.isDirectory()) found.push(...yamlFilesUnder(root, file, warnings));
    else if (entry.isSymbolicLink() && isDirectory(join(root, file))) {
      warnings.push({ file, severity: 'warning', code: 'file/symlink', message: 'a symbolic link to a folder is not followed, so its records are not checked; move the folder here instead' });
    } else if (isYamlName(entry.name)) found.push(file);
  }
  return found;
}

function isYamlName(name: string): boolean {
  return /\.ya?ml$/i.test(name);
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

function entries(dir: string): Dirent[] {
  try {
    return readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
}
