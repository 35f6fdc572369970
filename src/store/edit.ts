import { Document, isMap, isScalar, isSeq, parseDocument, Scalar, type Node, type Pair, type YAMLMap, type YAMLSeq } from 'yaml';
import { PdxError } from '../errors.js';
import type { FieldPath } from '../model/words.js';
import { PARSE_OPTIONS } from './yaml-file.js';

/** One change to a record file: set a scalar (adding the key if needed), append to a list, or remove a key with its value. */
export type EditOp =
  /** A missing key is added as the map's last entry, or right after the key `after` when the map has it. */
  | { op: 'set'; path: FieldPath; value: string | number | boolean | Record<string, unknown> | unknown[]; after?: string }
  | { op: 'append'; path: FieldPath; item: unknown }
  /** Removes the key at `path` and its value, lines and all, from a block map; nothing when the key is absent. */
  | { op: 'unset'; path: FieldPath };

/**
 * Applies edits to a YAML text by splicing only the bytes that must change: every comment,
 * blank line, key order, quote style and line ending elsewhere stays exactly as the user wrote
 * it. Each edit is checked by parsing the result again; anything that would not read back as
 * intended is refused rather than written.
 */
export function applyEdits(text: string, ops: EditOp[]): string {
  let current = text;
  for (const op of ops) {
    const doc = parseDocument(current, { ...PARSE_OPTIONS, keepSourceTokens: true });
    if (doc.errors.length > 0) throw editError(`cannot edit a file with YAML errors: ${doc.errors[0]!.message.split('\n')[0]}`);
    const next = op.op === 'set' ? setScalar(current, doc, op.path, op.value, op.after) : op.op === 'unset' ? unsetKey(current, doc, op.path) : append(current, doc, op.path, op.item);
    // The whole document must read back as before with only this path changed: that also
    // catches an edit reaching other fields (through an anchor and its aliases, say).
    const expected = doc.toJS({ maxAliasCount: -1 }) as Record<string, unknown>;
    if (op.op === 'unset') deletePath(expected, op.path);
    else setPath(expected, op.path, op.op === 'set' ? op.value : [...((toJs(doc.getIn(op.path)) as unknown[] | undefined) ?? []), op.item], op.op === 'set' ? op.after : undefined);
    const check = parseDocument(next, PARSE_OPTIONS);
    const actual = check.errors.length === 0 ? check.toJS({ maxAliasCount: -1 }) : undefined;
    if (JSON.stringify(actual) !== JSON.stringify(expected)) {
      throw editError(`the edit of \`${op.path.join('.')}\` would not read back as written`);
    }
    current = next;
  }
  return current;
}

/** Sets `path` in `target`; a new key goes right after `after` when there is one, as insertPair puts it. */
function setPath(target: Record<string, unknown>, path: FieldPath, value: unknown, after?: string): void {
  let node: Record<string | number, unknown> = target;
  for (const seg of path.slice(0, -1)) {
    node[seg] ??= {};
    node = node[seg] as Record<string | number, unknown>;
  }
  const key = path.at(-1)!;
  if (after === undefined || key in node || !(after in node) || Array.isArray(node)) {
    node[key] = value;
    return;
  }
  const entries = Object.entries(node);
  for (const k of Object.keys(node)) delete node[k];
  for (const [k, v] of entries) {
    node[k] = v;
    if (k === after) node[key] = value;
  }
}

function deletePath(target: Record<string, unknown>, path: FieldPath): void {
  let node: unknown = target;
  for (const seg of path.slice(0, -1)) node = (node as Record<string | number, unknown> | undefined)?.[seg];
  if (node !== null && typeof node === 'object') delete (node as Record<string | number, unknown>)[path.at(-1)!];
}

/** Removes a key of a block map with its value: from the start of the key's line to the end of the value's last line. */
function unsetKey(text: string, doc: Document, path: FieldPath): string {
  const mapPath = path.slice(0, -1);
  const map = (mapPath.length === 0 ? doc.contents : doc.getIn(mapPath, true)) as Node | null | undefined;
  if (!isMap(map)) return text;
  const pair = map.items.find((p) => isScalar(p.key) && p.key.value === path.at(-1));
  if (!pair) return text;
  const keyStart = rangeOf(pair.key).start;
  const start = lineStartOf(text, keyStart);
  if (map.flow || map.items.length === 1 || text.slice(start, keyStart).trim() !== '') throw editError(`\`${path.join('.')}\` cannot be removed from where it is written; remove it by hand`);
  const end = pairEnd(pair);
  const newline = text[end - 1] === '\n' ? end - 1 : text.indexOf('\n', end);
  return text.slice(0, start) + (newline === -1 ? '' : text.slice(newline + 1));
}

function toJs(value: unknown): unknown {
  return value !== null && typeof value === 'object' && 'toJSON' in value ? (value as { toJSON(): unknown }).toJSON() : value;
}

function editError(message: string): PdxError {
  return new PdxError('write/edit', message);
}

const splice = (text: string, start: number, end: number, insert: string) => text.slice(0, start) + insert + text.slice(end);

function setScalar(text: string, doc: Document, path: FieldPath, value: string | number | boolean | Record<string, unknown> | unknown[], after?: string): string {
  const node = doc.getIn(path, true) as Node | undefined;
  if (node === undefined) return insertPair(text, doc, path.slice(0, -1), String(path.at(-1)), value, after);
  if (!isScalar(node) || !node.range || typeof value === 'object') throw editError(`\`${path.join('.')}\` is not a single value`);
  let [start, end] = node.range;
  const replacement = renderScalar(text, node, value, isFlowParent(doc, path));
  if (start !== end) return splice(text, start, end, replacement);
  // `key:` with nothing after it (but perhaps a comment): the value goes right after the colon,
  // a space between them, and whatever followed stays as it was.
  const colon = start - (text.slice(0, start).length - text.slice(0, start).replace(/[ \t]+$/, '').length);
  if (text[colon - 1] === ':') start = colon;
  return splice(text, start, start, text[start - 1] === ':' ? ` ${replacement}` : replacement);
}

function isFlowParent(doc: Document, path: FieldPath): boolean {
  const parent = path.length > 1 ? doc.getIn(path.slice(0, -1), true) : doc.contents;
  return (isMap(parent) || isSeq(parent)) && parent.flow === true;
}

/** The source text for a scalar, in the style the old value was written in when that is safe. */
function renderScalar(text: string, node: Scalar, value: string | number | boolean, inFlow: boolean): string {
  if (typeof value !== 'string') return String(value);
  switch (node.type) {
    case Scalar.QUOTE_SINGLE:
      return value.includes('\n') ? JSON.stringify(value) : `'${value.replace(/'/g, "''")}'`;
    case Scalar.BLOCK_FOLDED:
    case Scalar.BLOCK_LITERAL:
      return renderBlock(text, node, value) ?? JSON.stringify(value);
    case Scalar.PLAIN:
      return plainIsSafe(value, inFlow) ? value : JSON.stringify(value);
    default:
      return JSON.stringify(value);
  }
}

function plainIsSafe(value: string, inFlow: boolean): boolean {
  if (value === '' || value !== value.trim() || value.includes('\n') || /^[-?:,[\]{}#&*!|>'"%@`]/.test(value)) return false;
  if (/: |:$| #/.test(value) || (inFlow && /[,[\]{}]/.test(value))) return false;
  const reread = parseDocument(`v: ${value}\n`, PARSE_OPTIONS);
  return reread.errors.length === 0 && reread.get('v') === value;
}

/** Rewrites a block scalar keeping its indentation; undefined when the text needs another style. */
function renderBlock(text: string, node: Scalar, value: string): string | undefined {
  const [start, end] = node.range!;
  const source = text.slice(start, end);
  const header = source.split('\n', 1)[0]!;
  const contentLine = source.split('\n').slice(1).find((line) => line.trim() !== '');
  const indent = contentLine ? contentLine.length - contentLine.trimStart().length : 2;
  if (indent === 0 || value === '' || /^\s/.test(value) || /\n\s/.test(value) || /[\r\t]/.test(value)) return undefined;
  const lines = value.replace(/\n$/, '').split('\n');
  const style = value.includes('\n') ? '|' : header.trim()[0];
  const chomp = value.endsWith('\n') ? '' : '-';
  // A comment after the indicator (`>-  # why`) stays.
  const comment = /\s+#.*$/.exec(header)?.[0] ?? '';
  const eol = source.includes('\r\n') ? '\r\n' : '\n';
  const trailing = source.endsWith('\n') ? eol : '';
  return `${style}${chomp}${comment.replace(/\r$/, '')}${eol}${lines.map((line) => (line ? ' '.repeat(indent) + line : '')).join(eol)}${trailing}`;
}

/** Adds `key: value` as the last entry of the map at `mapPath` (or right after its key `after`), matching its style. */
function insertPair(text: string, doc: Document, mapPath: FieldPath, key: string, value: unknown, after?: string): string {
  const map = (mapPath.length === 0 ? doc.contents : doc.getIn(mapPath, true)) as Node | null | undefined;
  if (!isMap(map)) throw editError(`\`${mapPath.join('.') || 'the file'}\` is not a map of fields`);
  const previous = after === undefined ? undefined : map.items.find((pair) => isScalar(pair.key) && pair.key.value === after);
  if (map.flow) {
    const last = previous ?? map.items.at(-1);
    // `key: {}` in a block map becomes a block map, like `key: []` becomes a block list.
    if (!last && !isFlowParent(doc, mapPath)) return emptyToBlock(text, doc, mapPath, map, renderBlockPair(key, value));
    const rendered = renderFlow({ [key]: value }).slice(1, -1).trim();
    if (!last) {
      const [start, end] = map.range!;
      return splice(text, start, end, `{ ${rendered} }`);
    }
    return splice(text, pairEnd(last), pairEnd(last), `, ${rendered}`);
  }
  if (map.items.length === 0) throw editError(`\`${mapPath.join('.') || 'the file'}\` has no entries to add to`);
  const indent = columnOf(text, rangeOf(map.items[0]!.key).start);
  return insertLines(text, pairEnd(previous ?? map.items.at(-1)!), renderBlockPair(key, value), indent);
}

function append(text: string, doc: Document, path: FieldPath, item: unknown): string {
  const node = doc.getIn(path, true) as Node | undefined;
  if (node === undefined) return insertPair(text, doc, path.slice(0, -1), String(path.at(-1)), [item]);
  const firstItem = () => (isObject(item) ? renderListItem(item) : `- ${renderFlow(item)}\n`);
  if (isScalar(node) && node.value === null) {
    // `key:` (or `key: ~`) with no value yet: a list of one.
    if (isFlowParent(doc, path)) return splice(text, node.range![0], node.range![1], `${text[node.range![0] - 1] === ':' ? ' ' : ''}${renderFlow([item])}`);
    return emptyToBlock(text, doc, path, node, firstItem());
  }
  if (!isSeq(node)) throw editError(`\`${path.join('.')}\` is not a list`);
  const seq = node as YAMLSeq;
  const last = seq.items.at(-1) as Node | undefined;
  if (!last) {
    // `key: []` becomes a block list, unless it sits inside a flow collection itself.
    if (isFlowParent(doc, path)) return splice(text, seq.range![0], seq.range![1], renderFlow([item]));
    return emptyToBlock(text, doc, path, seq, firstItem());
  }
  if (seq.flow) {
    const end = rangeOf(last).end;
    return splice(text, end, end, `, ${renderFlow(item)}`);
  }
  const indent = dashColumn(text, rangeOf(seq.items[0] as Node).start);
  // Match the neighbours: a block map after a block map, a flow map after a flow map.
  const blockNeighbour = isMap(last) && (last as YAMLMap).flow !== true;
  const rendered = !isObject(item)
    ? `- ${renderFlow(item)}\n`
    : blockNeighbour
      ? new Document([item]).toString({ lineWidth: 0 })
      : renderListItem(item);
  return insertLines(text, rangeOf(last).end, rendered, indent);
}

/**
 * Gives the empty value at `path` (`[]`, `{ }`, `~` or nothing, in a block collection) its first
 * entries as block `lines`: the empty value's own characters and the spaces before them go, and
 * whatever follows on that line (a comment, trailing spaces) stays where it is; the lines go
 * right after it, indented under the key or dash that owns the value.
 */
function emptyToBlock(text: string, doc: Document, path: FieldPath, node: Node, lines: string): string {
  let [start, end] = node.range!;
  if (text.slice(start, end).includes('#')) throw editError(`\`${path.join('.') || 'the file'}\` is an empty value holding a comment; add the first entry by hand`);
  const lineStart = lineStartOf(text, start);
  if (start !== end) while (start > lineStart && (text[start - 1] === ' ' || text[start - 1] === '\t')) start--;
  const newline = text.indexOf('\n', end);
  const lineEnd = newline === -1 ? text.length : newline + 1;
  // An empty value alone on its line (`[]` under its key) takes the line with it.
  const alone = text.slice(lineStart, start).trim() === '' && text.slice(end, lineEnd).trim() === '';
  const head = alone ? text.slice(0, lineStart) : text.slice(0, start) + text.slice(end, lineEnd);
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const body = indentLines(lines, ownerColumn(text, doc, path, node) + 2).replace(/\n/g, eol);
  // A file that did not end with a line break still does not.
  if (newline === -1) return alone ? head + body.slice(0, -eol.length) : head + eol + body.slice(0, -eol.length);
  return head + body + text.slice(lineEnd);
}

/** The column of the key (or list dash) whose value is `node`; -2 for the document itself. */
function ownerColumn(text: string, doc: Document, path: FieldPath, node: Node): number {
  if (path.length === 0) return -2;
  const parent = path.length > 1 ? doc.getIn(path.slice(0, -1), true) : doc.contents;
  if (isMap(parent)) {
    const pair = parent.items.find((p) => p.value === node);
    if (pair) return columnOf(text, rangeOf(pair.key).start);
  }
  return dashColumn(text, rangeOf(node).start);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** A value in flow style (`{ name: A, role: b }`), quoted wherever flow context needs it. */
function renderFlow(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    // Rendered inside a flow list so that commas and brackets get quoted, then unwrapped.
    return renderFlow([value]).slice(1, -1).trim();
  }
  const doc = new Document(value);
  if (isMap(doc.contents) || isSeq(doc.contents)) doc.contents.flow = true;
  return doc.toString({ lineWidth: 0, flowCollectionPadding: true }).trimEnd();
}

/** A list item of a map whose values are all simple reads best on one line; otherwise block. */
function renderListItem(item: Record<string, unknown>): string {
  const values = Object.values(item);
  const scalar = (v: unknown) => v === null || typeof v !== 'object';
  const simple = values.every((v) => scalar(v) || (Array.isArray(v) && v.every(scalar))) && !values.some((v) => typeof v === 'string' && v.includes('\n'));
  const flow = `- ${renderFlow(item)}\n`;
  if (simple && flow.length <= 140) return flow;
  return new Document([item]).toString({ lineWidth: 0 });
}

function renderBlockPair(key: string, value: unknown): string {
  if (Array.isArray(value)) {
    const items = value.map((v) => (isObject(v) ? renderListItem(v) : `- ${renderFlow(v)}\n`)).join('');
    return `${new Document({ [key]: [] }).toString().replace(/ \[\]\n$/, '')}\n${indentLines(items, 2)}`;
  }
  const doc = new Document({ [key]: value });
  const node = doc.get(key, true);
  if (isScalar(node) && typeof value === 'string' && value.includes('\n')) node.type = Scalar.BLOCK_LITERAL;
  return doc.toString({ lineWidth: 0 });
}

function indentLines(lines: string, indent: number): string {
  const pad = ' '.repeat(indent);
  return lines
    .split('\n')
    .map((line) => (line ? pad + line : line))
    .join('\n');
}

/** Inserts whole lines after the line holding `offset - 1`, keeping the file's line endings. */
function insertLines(text: string, offset: number, lines: string, indent: number): string {
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const newline = text.indexOf('\n', Math.max(offset - 1, 0));
  let body = indentLines(lines, indent);
  if (eol === '\r\n') body = body.replace(/\n/g, '\r\n');
  if (newline === -1) return `${text}${eol}${body}`;
  return splice(text, newline + 1, newline + 1, body);
}

function pairEnd(pair: Pair): number {
  const value = pair.value as Node | null;
  return value && value.range ? value.range[1] : rangeOf(pair.key as Node).end;
}

function rangeOf(node: unknown): { start: number; end: number } {
  const range = (node as Node | null)?.range;
  if (!range) throw editError('cannot locate the value to edit');
  return { start: range[0], end: range[1] };
}

function lineStartOf(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

function columnOf(text: string, offset: number): number {
  const lineStart = lineStartOf(text, offset);
  // A byte-order mark starts the first line but is no column of it.
  return offset - lineStart - (lineStart === 0 && text.startsWith('\uFEFF') && offset > 0 ? 1 : 0);
}

/** Column of the `-` that introduces the list item starting at `itemStart`. */
function dashColumn(text: string, itemStart: number): number {
  const lineStart = lineStartOf(text, itemStart);
  const dash = text.slice(lineStart, itemStart).indexOf('-');
  return dash === -1 ? 0 : dash;
}
