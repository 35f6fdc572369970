/**
 * Text from a repo (record values, file and folder names, config values, git's messages) is
 * written by whoever sent the last pull request. Every formatter passes it through here before
 * it reaches an output, so that no control character acts on the reader's terminal, XML parser
 * or browser. Pure functions only: pdx's own colours are added after escaping, never escaped.
 */

/**
 * What is never printed raw: C0 and C1 controls and DEL (`\p{Cc}`); format characters
 * (`\p{Cf}`: bidi embeddings, overrides, isolates and marks, which reorder a line; zero-width
 * spaces, the BOM and the tag block U+E0000–U+E007F, which hide text); the line and paragraph
 * separators; lone surrogates; and noncharacters such as U+FFFE, which XML forbids. The
 * zero-width joiner and non-joiner stay: emoji and several scripts need them.
 */
const UNSAFE = '(?![\\u200c\\u200d])[\\p{Cc}\\p{Cf}\\p{Zl}\\p{Zp}\\p{Cs}\\p{Noncharacter_Code_Point}\\u{e0000}-\\u{e007f}]';
/** Raw newlines in JSON text are only its indentation: values' newlines are already `\n`. */
const UNSAFE_IN_JSON = new RegExp(`(?!\\n)${UNSAFE}`, 'gu');
/** With colour on, pdx's own SGR sequences (`ESC [ … m`, from chalk) are the only escapes allowed through. */
const UNSAFE_OR_SGR = new RegExp(`\\x1b\\[[0-9;]*m|(?!\\n)${UNSAFE}`, 'gu');

/**
 * A quick look for anything that might be unsafe (a superset: any C0 or C1 control but newline,
 * any format or separator character, any surrogate, so every astral character, and the BMP
 * noncharacters), so that the common clean text skips the full pattern, which is several times
 * slower. Four small patterns: V8 scans each much faster than one class holding them all.
 */
const MAYBE_UNSAFE = [/[\0-\x09\x0b-\x1f\x7f-\x9f]/, /[\p{Cf}\p{Zl}\p{Zp}]/u, /[\ud800-\udfff]/, /[\ufdd0-\ufdef\ufffe\uffff]/];
const mayBeUnsafe = (text: string) => MAYBE_UNSAFE.some((pattern) => pattern.test(text));

const NAMED: Record<string, string> = { '\x1b': '\\e', '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/** `\uXXXX` per UTF-16 unit: readable, and a valid escape inside a JSON string too. */
function unicodeEscape(char: string): string {
  let out = '';
  for (let i = 0; i < char.length; i++) out += `\\u${char.charCodeAt(i).toString(16).padStart(4, '0')}`;
  return out;
}

/** One unsafe character as visible text: ESC as `\e`, newline, CR and tab as `\n` `\r` `\t`, the rest as `\u0007`. */
function visible(char: string): string {
  return NAMED[char] ?? unicodeEscape(char);
}

const patterns = new Map<string, RegExp>();

/** Every unsafe character in `text` shown escaped, except the control characters in `keep` (such as a newline). */
export function escapeControls(text: string, keep = ''): string {
  if (!mayBeUnsafe(text) && (keep.includes('\n') || !text.includes('\n'))) return text;
  let pattern = patterns.get(keep);
  if (!pattern) {
    pattern = new RegExp(keep === '' ? UNSAFE : `(?![${unicodeEscape(keep)}])${UNSAFE}`, 'gu');
    patterns.set(keep, pattern);
  }
  return text.replace(pattern, visible);
}

/**
 * A text on one line of at most `max` characters: whitespace runs (newlines too) become one
 * space, the ends are trimmed, and a longer text is cut at a code point (no emoji is split) and
 * ends in `…`. Nothing is escaped: `safeLine` does that, after the cut, so no escape is cut in half.
 */
export function shorten(text: string, max: number): string {
  // A long text is shortened from its start: when the start alone, flattened, is already longer
  // than `max` characters (and one more, for a character a cut may have split), the rest cannot
  // change what is shown.
  if (text.length > 4 * max) {
    const flatHead = text.slice(0, 4 * max).replace(/\s+/g, ' ').trimStart();
    // Without surrogates a character is a UTF-16 unit: no need to split the start into characters.
    if (!/[\ud800-\udfff]/.test(flatHead)) {
      if (flatHead.length > max + 1) return `${flatHead.slice(0, max - 1).trimEnd()}…`;
    } else {
      const head = [...flatHead];
      if (head.length > max + 1) return `${head.slice(0, max - 1).join('').trimEnd()}…`;
    }
  }
  const flat = text.replace(/\s+/g, ' ').trim();
  const chars = [...flat];
  return chars.length <= max ? flat : `${chars.slice(0, max - 1).join('').trimEnd()}…`;
}

/**
 * For a value on one line (a `file:line:col message` line, a header, a checklist): every unsafe
 * character, newline and tab included, shown escaped, so one value stays on its line.
 */
export function safeLine(text: string): string {
  return escapeControls(text);
}

/** For a value that may span lines (a table cell, a paragraph, an error message): as `safeLine` but newlines kept. */
export function safeBlock(text: string): string {
  return escapeControls(text, '\n');
}

/**
 * The last line of defence on pdx's own output streams, over text the formatters have already
 * made safe: with colour off not one ESC byte gets through; with colour on only SGR sequences do.
 * Newlines stay; everything else unsafe is shown escaped, as `\u` escapes that are valid inside a
 * JSON string too (JSON text never holds the raw ESC, CR or tab that get `\e`, `\r`, `\t`).
 */
export function safeOutput(text: string, color: boolean): string {
  if (!mayBeUnsafe(text)) return text;
  return text.replace(UNSAFE_OR_SGR, (match) => (match.length > 1 && match.startsWith('\x1b[') ? (color ? match : `\\e${match.slice(1)}`) : visible(match)));
}

/**
 * JSON with every unsafe character written as a `\u` escape: the same value for a parser, but
 * nothing raw for a terminal that shows it. `JSON.stringify` escapes C0 and lone surrogates
 * already; DEL, C1 and format characters it leaves raw.
 */
export function toJson(value: unknown, indent = 2): string {
  return escapeJson(JSON.stringify(value, null, indent || undefined));
}

const escapeJson = (json: string) => (mayBeUnsafe(json) ? json.replace(UNSAFE_IN_JSON, unicodeEscape) : json);

/** About how many characters each piece of `toJsonPieces` holds: few writes, none large. */
const PIECE_LENGTH = 1 << 20;
/**
 * Objects and arrays this deep or deeper are stringified whole, inside one piece: a report's
 * sections are split into their items, each item is one `JSON.stringify` (one call per leaf
 * would take five times as long as stringifying the whole).
 */
const SPLIT_DEPTH = 2;

/**
 * `toJson` in pieces of about a megabyte, for writing one after another: their concatenation is
 * exactly `toJson(value, indent)`, but the whole text is never held at once (a report's JSON at
 * 100,000 records is 60 MB, twice that in memory when one character outside Latin-1 makes the
 * string two bytes a character). Pieces end between JSON tokens, never inside a string, so no
 * character and no escape is cut in half and escaping each piece equals escaping the whole.
 */
export function* toJsonPieces(value: unknown, indent = 2, pieceLength = PIECE_LENGTH): Generator<string> {
  if (!splittable(value)) {
    yield toJson(value, indent);
    return;
  }
  // Joined, not concatenated one by one: a rope of thousands of slices is slow to flatten.
  let parts: string[] = [];
  let length = 0;
  for (const part of jsonParts(value, indent, 0)) {
    parts.push(part);
    length += part.length;
    if (length >= pieceLength) {
      yield escapeJson(parts.join(''));
      parts = [];
      length = 0;
    }
  }
  if (length > 0) yield escapeJson(parts.join(''));
}

/** A plain object or array, which `jsonParts` writes member by member as `JSON.stringify` would. */
function splittable(value: unknown): value is Record<string, unknown> | unknown[] {
  if (value === null || typeof value !== 'object') return false;
  if (Array.isArray(value)) return true;
  const proto = Object.getPrototypeOf(value) as unknown;
  return (proto === Object.prototype || proto === null) && typeof (value as { toJSON?: unknown }).toJSON !== 'function';
}

/** What `JSON.stringify` leaves out of an object and writes as `null` in an array. */
const skipped = (value: unknown) => value === undefined || typeof value === 'function' || typeof value === 'symbol';

/** `JSON.stringify(value, null, indent)` as it is written `depth` levels down, in parts. */
function* jsonParts(value: unknown, indent: number, depth: number): Generator<string> {
  if (depth >= SPLIT_DEPTH || !splittable(value)) {
    yield stringifyAt(value, indent, depth);
    return;
  }
  const inner = indent ? `\n${' '.repeat(indent * (depth + 1))}` : '';
  const outer = indent ? `\n${' '.repeat(indent * depth)}` : '';
  if (Array.isArray(value)) {
    if (value.length === 0) {
      yield '[]';
      return;
    }
    for (let i = 0; i < value.length; i++) {
      yield `${i === 0 ? '[' : ','}${inner}`;
      const item = value[i] as unknown;
      if (skipped(item)) yield 'null';
      else yield* jsonParts(item, indent, depth + 1);
    }
    yield `${outer}]`;
    return;
  }
  let first = true;
  for (const key of Object.keys(value)) {
    const member = value[key];
    if (skipped(member)) continue;
    yield `${first ? '{' : ','}${inner}${JSON.stringify(key)}${indent ? ': ' : ':'}`;
    first = false;
    yield* jsonParts(member, indent, depth + 1);
  }
  yield first ? '{}' : `${outer}}`;
}

/**
 * `JSON.stringify(value, null, indent)` indented as it stands `depth` levels down: stringified
 * inside as many one-item arrays, which are then cut off (a slice, not a copy).
 */
function stringifyAt(value: unknown, indent: number, depth: number): string {
  if (indent === 0 || depth === 0) return JSON.stringify(value, null, indent || undefined);
  let wrapped = value;
  for (let i = 0; i < depth; i++) wrapped = [wrapped];
  const json = JSON.stringify(wrapped, null, indent);
  // Each level opens with `[`, a newline and its indentation, and closes with a newline, the indentation before it and `]`.
  const open = 2 * depth + (indent * depth * (depth + 1)) / 2;
  const close = 2 * depth + (indent * depth * (depth - 1)) / 2;
  return json.slice(open, json.length - close);
}

const MARKUP: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;', '\r': '&#13;', '\t': '&#9;' };
const MARKUP_ATTRIBUTE: Record<string, string> = { ...MARKUP, '\n': '&#10;' };

/**
 * Text for XML or HTML, in element content or (with `attribute`) a quoted attribute value.
 * Characters XML 1.0 forbids (C0 but tab, newline and CR; U+FFFE, U+FFFF; lone surrogates) and
 * the other unsafe ones are shown escaped as in the terminal. Tab and CR are kept as character
 * references, and so is a newline in an attribute, where a parser would otherwise normalise it.
 */
export function escapeMarkup(text: string, { attribute = false } = {}): string {
  const refs = attribute ? MARKUP_ATTRIBUTE : MARKUP;
  return escapeControls(text, '\n\t\r')
    .replace(/[&<>"'\r\n\t]/g, (char) => refs[char] ?? char);
}

/**
 * Text inside a line of Markdown (a table cell, a heading, bold text): it cannot end the cell
 * (`|`), break the line (newlines become `<br>`), start markup (`*`, `_`, `` ` ``, `[`, `~`,
 * `\`) or carry raw HTML (`<`, `>`, `&` become entities).
 */
export function escapeMarkdown(text: string): string {
  return safeBlock(text)
    .replace(/[\\`*_[\]~|]/g, (char) => `\\${char}`)
    .replace(/[&<>]/g, (char) => MARKUP[char]!)
    .replace(/\n/g, '<br>');
}
