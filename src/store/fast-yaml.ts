import { FAILSAFE_SCHEMA, load, Type } from 'js-yaml';

/**
 * A faster reader for the plain YAML that records are made of, used only to read: js-yaml parses
 * a typical record about four times faster than `yaml`. It answers only when it is certain to
 * mean exactly what `yaml` (with PARSE_OPTIONS) means; for anything else, `undefined` sends the
 * file to `yaml`, which also does every edit and locates every problem.
 *
 * "Exactly the same" is proven by test/store/fast-yaml.test.ts over the examples, the fixtures,
 * the bad-input corpus, generated repos and random YAML-like text.
 */

// yaml's core schema, scalar by scalar and in the same order (yaml/dist/schema/core): which plain
// scalars are null, true/false or numbers, and the same functions to turn them into values. Each
// gets a tag of its own: js-yaml keeps only the last implicit type of a tag. (Tags are never
// read on this path: a file that writes one goes to `yaml`.)
const scalar = (tag: string, test: RegExp, construct: (text: string) => unknown) =>
  new Type(`tag:pdx,core:${tag}`, { kind: 'scalar', resolve: (text: string) => test.test(text), construct });

const CORE = FAILSAFE_SCHEMA.extend({
  implicit: [
    scalar('null', /^(?:~|[Nn]ull|NULL)?$/, () => null),
    scalar('bool', /^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/, (text) => text[0] === 't' || text[0] === 'T'),
    scalar('int-oct', /^0o[0-7]+$/, (text) => parseInt(text.substring(2), 8)),
    scalar('int', /^[-+]?[0-9]+$/, (text) => parseInt(text, 10)),
    scalar('int-hex', /^0x[0-9a-fA-F]+$/, (text) => parseInt(text.substring(2), 16)),
    scalar('float-nan', /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/, (text) =>
      text.slice(-3).toLowerCase() === 'nan' ? NaN : text[0] === '-' ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY,
    ),
    scalar('float-exp', /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$/, parseFloat),
    scalar('float', /^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/, parseFloat),
  ],
});

/**
 * What the two parsers could read differently, or where `yaml` reports a warning the fast path
 * would not: anchors, aliases and tags (`&` `*` `!` starting a token, also right after a `:`),
 * complex keys (`? `, or `] :`), a comment glued to a closing bracket or quote, tabs, carriage
 * returns, a byte-order mark, and directives and document markers (`%`, `---`, `...` starting a
 * line). Every alternative starts with a rare character: V8 scans for those quickly, but only
 * while they are few, so the other checks below are separate.
 */
const UNCERTAIN = /[&*!?](?<=(?:^|[\s,[\]{}:])[&*!?])|[\]}"']#|[\]}] *:|[\t\r\uFEFF]|[%.-](?<=\n(?:%|---|\.\.\.))/;
const UNCERTAIN_START = /^(?:%|---|\.\.\.)/;
/** Block scalars with an indentation indicator or `+` chomping (`|2`, `>+`): they differ on blank lines. */
const BLOCK_INDICATOR = /[|>](?:[-+]?[0-9]|\+)/;
/**
 * A comment line followed (blank lines aside) by a line indented deeper than it: after `key:`,
 * js-yaml reads that line as the key's value where `yaml` refuses it as a multi-line implicit key.
 */
const COMMENT_THEN_DEEPER = /^( *)#[^\n]*\n(?: *\n)*\1 +\S/m;
/** An empty `-` item (nothing after it but a comment): js-yaml lets it swallow the items after it. */
const EMPTY_ITEM = /-(?= *(?:#[^\n]*)?(?:\n|$))(?<=(?:^|\s)-)/;

function uncertain(text: string): boolean {
  return (
    UNCERTAIN.test(text) ||
    UNCERTAIN_START.test(text) ||
    BLOCK_INDICATOR.test(text) ||
    EMPTY_ITEM.test(text) ||
    COMMENT_THEN_DEEPER.test(text) ||
    // `\U` escapes beyond Unicode are errors to `yaml` only; trailing spaces (and lines of spaces
    // only) are read differently at the end of block scalars.
    text.includes('\\U') ||
    text.includes(' \n') ||
    text.endsWith(' ') ||
    hasLongLine(text) ||
    !flowAndQuotesArePlain(text)
  );
}

/**
 * The record as `yaml` would read it, when that is certain; `undefined` when the file needs
 * `yaml` itself (including every file with a problem). Never throws.
 */
export function readPlainRecord(text: string): Record<string, unknown> | undefined {
  if (uncertain(text)) return undefined;
  let value: unknown;
  try {
    value = load(text, { schema: CORE });
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  return hasNullKey(value) ? undefined : (value as Record<string, unknown>);
}

/** `yaml` refuses implicit keys over 1,024 characters; lines that long go to `yaml`. */
function hasLongLine(text: string): boolean {
  for (let start = 0; ; ) {
    const end = text.indexOf('\n', start);
    if ((end === -1 ? text.length : end) - start >= 1000) return true;
    if (end === -1) return false;
    start = end + 1;
  }
}

const BRACKETS_OR_QUOTES = /["'[\]{}]/g;

/**
 * Whether every flow collection and quoted string ends on the line it starts on (the two parsers
 * differ on how far a line that continues one may be indented), and no flow collection starts
 * right after a `{` or `,` inside another (where it could be a key, which `yaml` refuses).
 * Conservative: a quote starts at a token start (`don't` has none); a comment ends the line.
 */
function flowAndQuotesArePlain(text: string): boolean {
  BRACKETS_OR_QUOTES.lastIndex = 0;
  for (let found; (found = BRACKETS_OR_QUOTES.exec(text)); ) {
    const lineEnd = text.indexOf('\n', found.index);
    const line = text.slice(text.lastIndexOf('\n', found.index) + 1, lineEnd === -1 ? text.length : lineEnd);
    BRACKETS_OR_QUOTES.lastIndex = lineEnd === -1 ? text.length : lineEnd;
    let depth = 0;
    let last = '';
    for (let i = 0; i < line.length; i++) {
      const c = line[i]!;
      const tokenStart = i === 0 || ' ,[]{}:'.includes(line[i - 1]!);
      if (c === '[' || c === '{') {
        if (depth > 0 && (last === '{' || last === ',')) return false;
        depth++;
      } else if (c === ']' || c === '}') {
        if (--depth < 0) return false;
      } else if ((c === '"' || c === "'") && tokenStart) {
        const end = c === '"' ? closingDoubleQuote(line, i + 1) : closingSingleQuote(line, i + 1);
        if (end === -1) return false;
        i = end;
      } else if (c === '#' && (i === 0 || line[i - 1] === ' ')) break;
      if (c !== ' ') last = c;
    }
    if (depth !== 0) return false;
  }
  return true;
}

function closingDoubleQuote(line: string, from: number): number {
  for (let i = from; i < line.length; i++) {
    if (line[i] === '\\') i++;
    else if (line[i] === '"') return i;
  }
  return -1;
}

function closingSingleQuote(line: string, from: number): number {
  for (let i = from; i < line.length; i++) {
    if (line[i] === "'") {
      if (line[i + 1] !== "'") return i;
      i++;
    }
  }
  return -1;
}

/** `null:` is the key `''` to `yaml` but `'null'` to js-yaml: such files go to `yaml`. */
function hasNullKey(value: unknown): boolean {
  if (Array.isArray(value)) return value.some(hasNullKey);
  if (typeof value !== 'object' || value === null) return false;
  for (const key in value) {
    if (key === 'null' || hasNullKey((value as Record<string, unknown>)[key])) return true;
  }
  return false;
}
