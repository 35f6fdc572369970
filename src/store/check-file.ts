import type { ZodType } from 'zod';
import type { Problem } from '../errors.js';
import { validateRecord } from '../model/describe.js';
import { ConfigSchema, RECORD_KINDS } from '../model/index.js';
import { idLine, type RecordKind } from '../model/kinds.js';
import { readPlainRecord } from './fast-yaml.js';
import { decodeText } from './read.js';
import { splitTexts, type Texts } from './texts.js';
import { locate, parseYamlFile, type Position } from './yaml-file.js';

/**
 * What one file says on its own, with nothing else of the repo: its valid data, or its located
 * problems and the ids it still names. A pure function of the kind and the text, so it is what
 * the record cache stores. This module holds the parsers and the schemas: it is loaded only when
 * some file is not in the cache.
 */
export interface FileVerdict {
  /** Set only for a valid file. */
  data?: unknown;
  problems: Problem[];
  /** For an invalid file: the id it still names (`id:`), if any, so references to it are not dangling. */
  id?: string;
  /** For an invalid OKR: the key-result ids it still names; undefined when none could be read. */
  keyResults?: string[];
  /** Positions of fields (and whether they are written), found with `yaml` when asked and kept with the verdict. */
  located?: Record<string, Position | boolean>;
}

export function checkFile(kind: RecordKind | 'config', file: string, text: string): FileVerdict {
  const parsed = parseRecord(file, text, kind === 'config' ? ConfigSchema : RECORD_KINDS[kind].schema);
  if (parsed.data !== undefined) return { data: parsed.data, problems: parsed.problems };
  const raw = parsed.value as { id?: unknown; keyResults?: unknown } | undefined;
  const verdict: FileVerdict = { problems: parsed.problems };
  // A file whose YAML does not parse still names its record on its `id:` line.
  const id = typeof raw?.id === 'string' ? raw.id : idLine(text);
  if (id !== undefined) verdict.id = id;
  if (kind === 'okr' && Array.isArray(raw?.keyResults)) {
    verdict.keyResults = raw.keyResults.flatMap((kr) => (typeof (kr as { id?: unknown })?.id === 'string' ? [(kr as { id: string }).id] : []));
  }
  return verdict;
}

/**
 * Parses and validates one record's text. Never throws for any input: every problem comes back
 * located. `data` is set only for a valid record; `value` whenever the YAML itself was readable.
 * A plain, valid record is read by the fast path alone; `yaml` reads (and locates) everything else.
 */
export function parseRecord(file: string, text: string, schema: ZodType): { value?: unknown; data?: unknown; problems: Problem[] } {
  const plain = readPlainRecord(text);
  if (plain !== undefined) {
    const result = validateRecord(schema, plain);
    if (result.ok) return { value: plain, data: result.data, problems: [] };
  }
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

/**
 * A file's lean verdict from its bytes (`splitTexts`: a valid record's long texts apart), as the
 * load and the pool's workers both compute it, so that either gives the same answer.
 */
export function checkBytes(kind: RecordKind | 'config', file: string, bytes: Buffer): { verdict: FileVerdict; texts?: Texts; whole?: unknown } {
  const decoded = decodeText(bytes, file);
  if ('problem' in decoded) return { verdict: { problems: [decoded.problem] } };
  const verdict = checkFile(kind, file, decoded.text);
  if (verdict.data === undefined) return { verdict };
  const { lean, texts } = splitTexts(kind, verdict.data);
  return { verdict: lean === verdict.data ? verdict : { ...verdict, data: lean }, texts, whole: verdict.data };
}
