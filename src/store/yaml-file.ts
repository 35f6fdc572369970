import { Document, isCollection, isMap, isScalar, isSeq, LineCounter, parseDocument, visit, type Node, type YAMLError } from 'yaml';
import type { Problem } from '../errors.js';
import type { FieldPath } from '../model/words.js';

/** Parse options that make every file mean the same thing, whatever directives it carries. */
export const PARSE_OPTIONS = {
  schema: 'core',
  merge: false,
  resolveKnownTags: false,
  uniqueKeys: true,
  prettyErrors: false,
  keepSourceTokens: false,
  // Warnings become located problems; nothing may be printed behind the formatter's back.
  logLevel: 'error',
} as const;

/** Aliases allowed per file; far above what a record needs, far below what an alias bomb uses. */
export const MAX_ALIAS_COUNT = 100;

/** A parsed YAML file that can point any field path back at its line and column. */
export interface YamlFile {
  file: string;
  doc: Document;
  lineCounter: LineCounter;
}

export type Position = { line: number; column: number };

/**
 * Parses one record file. Never throws: syntax errors, multiple documents, alias bombs, deep
 * nesting and empty files all come back as located problems, and `value` is set only when none
 * of them is an error.
 */
export function parseYamlFile(file: string, text: string): { yaml: YamlFile; value?: unknown; problems: Problem[] } {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { ...PARSE_OPTIONS, lineCounter });
  const yaml: YamlFile = { file, doc, lineCounter };
  // One syntax mistake often trips several parser errors on the same line: report the first.
  const seenLines = new Set<number>();
  const problems: Problem[] = [
    ...doc.errors.map((e) => yamlProblem(yaml, e, 'error')),
    ...doc.warnings.map((e) => yamlProblem(yaml, e, 'warning')),
  ].filter((p) => !seenLines.has(p.line!) && seenLines.add(p.line!));
  if (doc.errors.length > 0) return { yaml, problems };
  if (doc.contents === null) {
    problems.push({ file, line: 1, column: 1, severity: 'error', code: 'file/empty', message: 'file is empty: a record needs its fields' });
    return { yaml, problems };
  }
  visit(doc, {
    Pair(_, pair) {
      if (isCollection(pair.key)) {
        const { line, column } = positionOf(yaml, rangeStart(pair.key) ?? 0);
        problems.push({ file, line, column, severity: 'error', code: 'yaml/complex-key', message: 'a key must be a plain name, not a list or a map' });
      }
    },
  });
  if (problems.some((p) => p.severity === 'error')) return { yaml, problems };
  try {
    return { yaml, value: doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT }), problems };
  } catch (error) {
    const message = (error as Error).message;
    const aliases = /excessive alias count/i.test(message);
    problems.push({
      file,
      line: 1,
      column: 1,
      severity: 'error',
      code: aliases ? 'yaml/alias-limit' : 'yaml/invalid',
      message: aliases
        ? `aliases (*name) expand to too much data: more than ${MAX_ALIAS_COUNT} uses, as in an "alias bomb"; write the values out instead`
        : `${message.split('\n')[0]}`,
    });
    return { yaml, problems };
  }
}

const YAML_MESSAGES: Record<string, string> = {
  TAB_AS_INDENT: 'a tab is used for indentation; YAML indents with spaces only',
  DUPLICATE_KEY: 'this key appears twice in the same map; keep one of them',
  MULTIPLE_DOCS: 'the file holds more than one YAML document (a `---` line); put one record in each file',
  RESOURCE_EXHAUSTION: 'the file is nested too deeply to read; records need only a few levels',
  TAG_RESOLVE_FAILED: 'this tag (!name) is not supported and is read as plain text',
  BLOCK_AS_IMPLICIT_KEY: 'a `: ` inside this value starts a nested map; put the value in quotes',
};

/** Added to the parser's own words where a common slip causes the error. */
const YAML_HINTS: Record<string, string> = {
  UNEXPECTED_TOKEN: 'a value that starts with [ { * & ! | > % @ or contains `: ` or ` #` must be put in quotes',
  BAD_INDENT: 'check the indentation, and that every [ or { above is closed',
  MISSING_CHAR: 'check that every quote, [ and { is closed',
};

function yamlProblem(yaml: YamlFile, error: YAMLError, severity: Problem['severity']): Problem {
  const { line, column: at } = positionOf(yaml, error.pos[0]);
  // Where the parser ran out of stack depends on the stack, not the file: point at the line.
  const column = error.code === 'RESOURCE_EXHAUSTION' ? 1 : at;
  const code = `yaml/${error.code.toLowerCase().replace(/_/g, '-')}`;
  const own = error.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
  const hint = YAML_HINTS[error.code];
  const message = YAML_MESSAGES[error.code] ?? (hint ? `${own}; ${hint}` : own);
  return { file: yaml.file, line, column, severity, code, message };
}

function positionOf(yaml: YamlFile, offset: number): Position {
  const { line, col } = yaml.lineCounter.linePos(offset);
  return { line, column: col };
}

/**
 * Where a field lives in the file. `key` points at an entry's key, `parent` at the map that should
 * hold a missing entry; a path that runs out early points at the deepest part that exists.
 */
export function locate(yaml: YamlFile, path: FieldPath, target: 'value' | 'key' | 'parent' = 'value'): Position {
  const steps = target === 'parent' ? path.slice(0, -1) : path;
  let node: unknown = yaml.doc.contents;
  let offset = rangeStart(node) ?? 0;
  for (let i = 0; i < steps.length; i++) {
    const seg = steps[i];
    if (isMap(node)) {
      // Keys such as `123:` or `true:` are numbers and booleans in YAML but text in the path.
      const pair = node.items.find((p) => String(isScalar(p.key) ? p.key.value : p.key) === String(seg));
      if (!pair) break;
      const keyStart = rangeStart(pair.key);
      const last = i === steps.length - 1;
      const valueStart = isScalar(pair.value) && pair.value.value === null ? undefined : rangeStart(pair.value);
      offset = (last && target === 'key') || valueStart === undefined ? (keyStart ?? offset) : valueStart;
      node = pair.value;
    } else if (isSeq(node) && typeof seg === 'number') {
      const item = node.items[seg];
      const start = rangeStart(item);
      if (start === undefined) break;
      offset = start;
      node = item;
    } else {
      break;
    }
  }
  return positionOf(yaml, offset);
}

function rangeStart(node: unknown): number | undefined {
  const range = (node as Node | null | undefined)?.range;
  return range ? range[0] : undefined;
}
