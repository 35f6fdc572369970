import { Chalk, type ChalkInstance } from 'chalk';
import Table from 'cli-table3';
import tableUtils from 'cli-table3/src/utils.js';
import stringWidth from 'string-width';
import { safeBlock } from './safe-text.js';

export type Style = 'bold' | 'dim' | 'green' | 'yellow' | 'red' | 'inverse';

/** A cell or a piece of a line: plain text, or text in one of pdx's styles (applied after the text is escaped). */
export type Cell = string | { text: string; style: Style };

export interface TableOptions {
  color: boolean;
  /** Terminal width to fit in (`Infinity` when piped: nothing is wrapped). */
  width: number;
}

/** The most rows drawn as one cli-table3 table (see renderTable). */
const CHUNK = 64;
/** The top line of a table that continues another: the rule drawn between rows. */
const RULE_ON_TOP = { top: '─', 'top-mid': '┼', 'top-left': '├', 'top-right': '┤' };
/** No bottom line: another table continues this one. */
const NO_BOTTOM = { bottom: '', 'bottom-mid': '', 'bottom-left': '', 'bottom-right': '' };

/** A word up to this many columns is kept whole in a table; a longer one (a URL, a hash) may be broken anywhere. */
const LONG_WORD = 20;
/** A column of prose is never narrower than this, unless its text is. */
const PROSE = 10;
/** The narrowest a table on its side is laid out for; a narrower terminal wraps its lines. */
const NARROWEST = 24;

/**
 * A table fitted to the terminal, the one module that imports cli-table3 and string-width.
 *
 * pdx wraps each cell's plain text itself, measured in terminal columns (string-width: a CJK
 * character or an emoji takes two), and colours each wrapped line on its own after, opened and
 * closed on that line: so no escape sequence is ever cut, every line is balanced, and cli-table3
 * never needs to wrap or truncate (its own wrapping counts colour codes as text). Columns keep
 * their natural width while they fit; when they do not, prose wraps at spaces and ids after
 * their hyphens (see fitColumns); when even that does not fit, each row is shown as its own
 * block of `column  value` lines instead.
 * Every cell is shown with its control characters escaped (newlines kept: a cell may span lines).
 */
export function renderTable(head: string[], cells: Cell[][], options: TableOptions): string {
  return [...tableParts(head, cells, options)].join('');
}

/**
 * `renderTable`'s text in parts, which joined are that text: a long table is made and printed a
 * few hundred lines at a time, never held whole (a table of 100,000 rows is tens of megabytes).
 */
export function tableParts(head: string[], cells: Cell[][], { color, width }: TableOptions): Iterable<string> {
  const c = new Chalk({ level: color ? 1 : 0 });
  if (cells.length === 0) return [c.dim('(none)')];
  return drawPlain(c, head, cells, width, borderPaint(color)) ?? [fittedTable(c, head, cells, { color, width })];
}

function fittedTable(c: ChalkInstance, head: string[], cells: Cell[][], { color, width }: TableOptions): string {
  const rows = cells.map((row) => head.map((_, i) => toPiece(row[i] ?? '')));
  const heads = head.map((h) => safeBlock(h));
  const border = { style: { head: [] as string[], border: color ? ['grey'] : [] }, wordWrap: false };
  const widths = fitColumns([heads, ...rows.map((row) => row.map((cell) => cell.text))], width);
  if (widths) {
    const head = heads.map((h, i) => lineCell(c, wrap(h, widths[i]!), 'bold'));
    const body = rows.map((row) => row.map((cell, i) => lineCell(c, wrap(cell.text, widths[i]!), cell.style)));
    const drawn = drawGrid([head, ...body], widths, { head: true, compact: false, border: borderPaint(color) });
    if (drawn !== undefined) return drawn;
    // A line wider than its column (a character wider than the column itself) is left to
    // cli-table3 to cut. It lays a table out in time growing with the square of its rows (it
    // looks for spanning cells above every cell): so a long table is drawn as tables of CHUNK
    // rows, each after the first opening with the rule between rows, each before the last
    // without its bottom line, which joined are the same lines as one table.
    const joined = (cell: GridCell) => cell.painted.join('\n');
    const chunks: string[] = [];
    for (let from = 0; from < body.length; from += CHUNK) {
      const last = from + CHUNK >= body.length;
      const chars = { ...(from > 0 ? RULE_ON_TOP : {}), ...(last ? {} : NO_BOTTOM) };
      const table = new Table({ ...border, ...(from === 0 ? { head: head.map(joined) } : {}), colWidths: widths.map((w) => w + 2), chars });
      table.push(...body.slice(from, from + CHUNK).map((row) => row.map(joined)));
      chunks.push(table.toString());
    }
    return chunks.join('\n');
  }
  // On its side: one block per row, each column's name beside its value, a rule between blocks.
  // Each block is its own compact table of one row per column, so that no cell holds a whole
  // row: cli-table3 measures a cell's whole text again for every line it draws.
  const inside = Math.max(width, NARROWEST) - 7;
  const keyWidth = Math.min(Math.max(...heads.map(textWidth)), Math.floor(inside * 0.45));
  const valueWidth = inside - keyWidth;
  const noTop = { top: '', 'top-mid': '', 'top-left': '', 'top-right': '' };
  const ruleBelow = { bottom: '─', 'bottom-mid': '┼', 'bottom-left': '├', 'bottom-right': '┤' };
  return rows
    .map((row, r) => {
      const chars = { ...(r > 0 ? noTop : {}), ...(r < rows.length - 1 ? ruleBelow : {}) };
      const lines = row.flatMap((cell, i) => (cell.text === '' ? [] : [[lineCell(c, wrap(heads[i]!, keyWidth), 'bold'), lineCell(c, wrap(cell.text, valueWidth), cell.style)]]));
      const drawn = drawGrid(lines, [keyWidth, valueWidth], { head: false, compact: true, chars, border: borderPaint(color) });
      if (drawn !== undefined) return drawn;
      const table = new Table({ ...border, style: { ...border.style, compact: true }, colWidths: [keyWidth + 2, valueWidth + 2], chars });
      table.push(...lines.map((line) => line.map((cell) => cell.painted.join('\n'))));
      return table.toString();
    })
    .join('\n');
}

/**
 * The common table, drawn straight from its cells: every cell one line of one-column characters
 * (ids, dates, counts, plain prose), at its natural widths, which fit. Such a cell has nothing
 * to escape, measures its length, and wraps to itself without its trailing spaces: these are the
 * lines `drawGrid` draws of it, to the byte, without making its cells first. Undefined for any
 * other table.
 */
function drawPlain(c: ChalkInstance, head: string[], cells: Cell[][], width: number, border: (text: string) => string): Iterable<string> | undefined {
  const n = head.length;
  const widths: number[] = [];
  for (const h of head) {
    if (!ONE_COLUMN.test(h)) return undefined;
    widths.push(Math.max(h.length, 1));
  }
  for (const row of cells) {
    for (let x = 0; x < n; x++) {
      const cell = row[x] ?? '';
      const text = typeof cell === 'string' ? cell : cell.text;
      if (!ONE_COLUMN.test(text)) return undefined;
      if (text.length > widths[x]!) widths[x] = text.length;
    }
  }
  if (Number.isFinite(width) && widths.reduce((a, b) => a + b, 0) > width - (n + 1) - 2 * n) return undefined;
  const ruleLine = (first: string, mid: string, end: string, fill: string) => widths.map((w, x) => border((x === 0 ? first : mid) + fill.repeat(w + 2) + (x === n - 1 ? end : ''))).join('');
  const [left, middle, right] = [border(CHARS.left), border(CHARS.middle), border(CHARS.right)];
  const blank: string[] = [];
  const spaces = (count: number) => (blank[count] ??= ' '.repeat(count));
  const line = (row: Cell[], style?: Style) => {
    let text = '';
    for (let x = 0; x < n; x++) {
      const cell = row[x] ?? '';
      const shown = (typeof cell === 'string' ? cell : cell.text).trimEnd();
      text += `${x === 0 ? left : middle} ${paint(c, shown, typeof cell === 'string' ? style : cell.style)}${spaces(widths[x]! - shown.length + 1)}`;
    }
    return text + right;
  };
  const rule = ruleLine(CHARS['left-mid'], CHARS['mid-mid'], CHARS['right-mid'], CHARS.mid);
  const top = `${ruleLine(CHARS['top-left'], CHARS['top-mid'], CHARS['top-right'], CHARS.top)}\n${line(head, 'bold')}`;
  const bottom = ruleLine(CHARS['bottom-left'], CHARS['bottom-mid'], CHARS['bottom-right'], CHARS.bottom);
  return (function* () {
    let part = top;
    for (let y = 0; y < cells.length; y++) {
      part += `\n${rule}\n${line(cells[y]!)}`;
      if (y % PART_ROWS === PART_ROWS - 1) {
        yield part;
        part = '';
      }
    }
    yield `${part}\n${bottom}`;
  })();
}

/** Rows of a plain table made and printed at a time. */
const PART_ROWS = 256;

/**
 * A line of prose made of styled pieces, wrapped at spaces to the terminal's width with
 * `indent` columns before each later line, each piece coloured line by line: like a table cell,
 * no escape sequence is cut and every line closes what it opens. Text is escaped as in a cell.
 */
export function paragraph(parts: Cell[], { color, width }: TableOptions, indent = 0): string {
  const c = new Chalk({ level: color ? 1 : 0 });
  const pieces = parts.map(toPiece);
  const text = pieces.map((p) => p.text).join('');
  const bounds: number[] = [];
  pieces.reduce((end, p) => (bounds.push(end + p.text.length), end + p.text.length), 0);
  const pad = ' '.repeat(indent);
  return lineRanges(text, width, Math.max(width - indent, PROSE))
    .map(([start, end], n) => {
      let line = n === 0 ? '' : pad;
      let from = 0;
      pieces.forEach((p, i) => {
        const [s, e] = [Math.max(start, from), Math.min(end, bounds[i]!)];
        if (s < e) line += paint(c, text.slice(s, e), p.style);
        from = bounds[i]!;
      });
      return line;
    })
    .join('\n');
}

/**
 * Characters that each take one column and never join another into one grapheme: printable
 * ASCII, Latin-1 and Latin Extended-A letters and signs (not the soft hyphen), and the general
 * punctuation a note is written with (dashes, curly quotes, the ellipsis; not the zero-width
 * characters, nor the line and paragraph separators), and the arrows (the log's `design → mvp`). A test holds string-width to one column
 * for each of them, and cli-table3's own (older) string-width too.
 */
export const ONE_COLUMN = /^[\x20-\x7e\u00a0-\u00ac\u00ae-\u017f\u2010-\u2027\u2030-\u205e\u2190-\u21ff]*$/;

/** Text of one-column characters takes a column a character: string-width is asked only about the rest (it is slow per call, and prose makes a call per word). */
function columns(text: string): number {
  return ONE_COLUMN.test(text) ? text.length : stringWidth(text);
}

/** Columns a text takes in a terminal: its widest line, CJK and emoji counted as two, marks and joiners as none. */
export function textWidth(text: string): number {
  return text.includes('\n') ? Math.max(...text.split('\n').map((line) => columns(line))) : columns(text);
}

/**
 * Lines of at most `max` columns, broken at spaces, and after a hyphen or slash between letters
 * (`self-serve-` / `quotes`, never a date); a word longer than a line (a long id, a CJK run) is
 * broken between characters rather than cut off. Lines keep their paragraph's indentation
 * on the first line and lose spaces at a break.
 */
export function wrap(text: string, max: number): string[] {
  // Most cells are one line that fits: that line, its trailing spaces dropped.
  if (!text.includes('\n')) {
    const trimmed = text.trimEnd();
    if (columns(trimmed) <= max) return [trimmed];
  }
  return lineRanges(text, max, max).map(([start, end]) => text.slice(start, end));
}

/** Where each line of `text` wrapped to `first` columns (`rest` after its first line) starts and ends, as offsets into `text`. */
function lineRanges(text: string, first: number, rest: number): [number, number][] {
  const ranges: [number, number][] = [];
  let offset = 0;
  for (const paragraph of text.split('\n')) {
    breakParagraph(paragraph, offset, ranges.length === 0 ? first : rest, rest, ranges);
    offset += paragraph.length + 1;
  }
  return ranges;
}

/** A break is allowed after a hyphen or slash that follows a letter or digit and precedes a letter. */
const SOFT_BREAK = /(?<=[\p{L}\p{N}][-/])(?=\p{L})/u;

function breakParagraph(paragraph: string, base: number, first: number, rest: number, out: [number, number][]): void {
  const trimmed = paragraph.trimEnd();
  if (columns(trimmed) <= first) {
    out.push([base, base + trimmed.length]);
    return;
  }
  let max = first;
  /** The open line: its start (-1 when none), end, width, and whether it holds a word yet. */
  let start = -1;
  let end = 0;
  let used = 0;
  let hasWord = false;
  let broken = false;
  let pending = 0;
  const flush = () => {
    out.push([start, end]);
    [start, used, hasWord, pending, broken, max] = [-1, 0, false, 0, true, rest];
  };
  let pos = base;
  for (const token of paragraph.match(/ +|[^ ]+/g) ?? []) {
    if (token.startsWith(' ')) {
      if (hasWord) pending = token.length;
      else if (!broken) {
        // The paragraph's own indentation stays; the spaces at a break go.
        if (start < 0) start = pos;
        used += token.length;
        end = pos + token.length;
      }
      pos += token.length;
      continue;
    }
    for (const piece of token.split(SOFT_BREAK)) {
      const w = columns(piece);
      if (hasWord && used + pending + w > max) flush();
      if (used + pending + w <= max) {
        if (start < 0) start = pos;
        used += pending + w;
        end = pos + piece.length;
      } else {
        used += pending;
        let at = pos;
        for (const char of graphemes(piece)) {
          const cw = columns(char);
          if (used + cw > max && used > 0) {
            if (start >= 0) out.push([start, end]);
            [start, used, max] = [at, 0, rest];
          }
          if (start < 0) start = at;
          used += cw;
          at += char.length;
          end = at;
        }
        broken = true;
      }
      hasWord = true;
      pending = 0;
      pos += piece.length;
    }
  }
  if (start >= 0) out.push([start, end]);
}

let segmenter: Intl.Segmenter | undefined;

/** The characters a reader sees (grapheme clusters: an emoji with its joiners, a letter with its marks), so none is cut in two. */
function graphemes(text: string): string[] {
  if (/^[\x20-\x7e]*$/.test(text)) return [...text];
  segmenter ??= new Intl.Segmenter();
  return Array.from(segmenter.segment(text), (s) => s.segment);
}

/**
 * Content widths for the columns of `rows` (the head first) within `width`, or undefined when
 * they cannot fit. Natural widths when they fit. Else each column gets at least what it needs:
 * first its longest word whole (up to LONG_WORD columns), then, if that is too wide, its longest
 * piece between hyphens; and a column of prose (a cell with a space) at least PROSE columns, so
 * that it does not read one word a line. The room left goes to the columns furthest from their
 * natural width, so ids stay whole and prose wraps. A table that fits neither way is turned on its side.
 */
function fitColumns(rows: string[][], width: number): number[] | undefined {
  const n = rows[0]!.length;
  const column = (i: number) => rows.map((row) => row[i]!);
  const natural = Array.from({ length: n }, (_, i) => most(column(i), textWidth, 1));
  if (!Number.isFinite(width)) return natural;
  // Each column has a border on its left and a space either side; the last has a border on its right too.
  const budget = width - (n + 1) - 2 * n;
  const sum = (widths: number[]) => widths.reduce((a, b) => a + b, 0);
  if (sum(natural) <= budget) return natural;
  const prose = Array.from({ length: n }, (_, i) => column(i).slice(1).some((cell) => /\S \S/.test(cell)));
  const need = (longest: (text: string) => number) =>
    natural.map((w, i) => Math.min(w, Math.max(Math.min(LONG_WORD, most(column(i), longest, -Infinity)), prose[i] ? PROSE : 1)));
  const widths = [need(longestWord), need(longestPiece)].find((w) => sum(w) <= budget);
  if (!widths) return undefined;
  for (let room = budget - sum(widths); room > 0; room--) {
    const short = widths.map((w, i) => natural[i]! - w);
    widths[short.indexOf(Math.max(...short))]! += 1;
  }
  return widths;
}

/** The largest `measure` of `values`, at least `floor`: a loop, since spreading a long column into Math.max overflows the stack. */
function most(values: string[], measure: (text: string) => number, floor: number): number {
  let max = floor;
  for (const v of values) max = Math.max(max, measure(v));
  return max;
}

const words = (text: string) => text.split(/[ \n]+/);
const longestWord = (text: string) => Math.max(0, ...words(text).map((word) => columns(word)));
const longestPiece = (text: string) => Math.max(0, ...words(text).flatMap((word) => word.split(SOFT_BREAK)).map((piece) => columns(piece)));

function toPiece(cell: Cell): { text: string; style?: Style } {
  return typeof cell === 'string' ? { text: safe(cell) } : { text: safe(cell.text), style: cell.style };
}

/** `safeBlock`, asked only about text that is not plainly safe: one-column characters are none that it escapes. */
const safe = (text: string) => (ONE_COLUMN.test(text) ? text : safeBlock(text));

function paint(c: ChalkInstance, text: string, style: Style | undefined): string {
  // Without colour chalk gives the text back as it is: asked only with colour.
  return style && text !== '' && c.level > 0 ? c[style](text) : text;
}

/** A cell's lines, as wrapped and as coloured. */
interface GridCell {
  plain: string[];
  painted: string[];
}

function lineCell(c: ChalkInstance, lines: string[], style: Style | undefined): GridCell {
  return { plain: lines, painted: lines.map((line) => paint(c, line, style)) };
}

const CHARS = {
  top: '─',
  'top-mid': '┬',
  'top-left': '┌',
  'top-right': '┐',
  bottom: '─',
  'bottom-mid': '┴',
  'bottom-left': '└',
  'bottom-right': '┘',
  left: '│',
  'left-mid': '├',
  mid: '─',
  'mid-mid': '┼',
  right: '│',
  'right-mid': '┤',
  middle: '│',
};

interface GridOptions {
  /** The first row is the head. */
  head: boolean;
  /** No rule between rows (after the head's). */
  compact: boolean;
  chars?: Partial<typeof CHARS>;
  border: (text: string) => string;
}

/**
 * The lines cli-table3 draws for these rows (no spans, no wrapping, one space of padding either
 * side, `widths` the content widths), drawn in one pass: cli-table3's own layout takes time
 * growing with the square of the rows, and its drawing measures every cell's whole text again
 * for each of its lines. Undefined when a line is wider than its column: cli-table3 cuts it.
 * Widths are measured as cli-table3 measures them (its own string-width), so the padding is
 * the same to the byte.
 */
function drawGrid(rows: GridCell[][], widths: number[], { head, compact, chars, border }: GridOptions): string | undefined {
  const ch = { ...CHARS, ...chars };
  const n = widths.length;
  const out: string[] = [];
  const push = (parts: string[]) => {
    const line = parts.join('');
    if (line.length > 0) out.push(line);
  };
  const right = (x: number, char: string) => (x === n - 1 ? char : '');
  // The borders of a line of cells, coloured once.
  const [left, middle, last] = [border(ch.left), border(ch.middle), border(ch.right)];
  const blank: string[] = [];
  const spaces = (count: number) => (blank[count] ??= ' '.repeat(count));
  /** The rule between rows: the same line each time. */
  let rule: string | undefined;
  for (let y = 0; y < rows.length; y++) {
    const row = rows[y]!;
    if (y === 0 || !compact || (y === 1 && head)) {
      if (y === 0) push(widths.map((w, x) => border((x === 0 ? ch['top-left'] : ch['top-mid']) + ch.top.repeat(w + 2) + right(x, ch['top-right']))));
      else push([(rule ??= widths.map((w, x) => border((x === 0 ? ch['left-mid'] : ch['mid-mid']) + ch.mid.repeat(w + 2) + right(x, ch['right-mid']))).join(''))]);
    }
    let height = 0;
    for (const cell of row) height = Math.max(height, cell.plain.length);
    for (let line = 0; line < height; line++) {
      let text = '';
      for (let x = 0; x < n; x++) {
        const cell = row[x]!;
        text += x === 0 ? left : middle;
        if (line < cell.plain.length) {
          const plain = cell.plain[line]!;
          const painted = cell.painted[line]!;
          const used = ONE_COLUMN.test(plain) ? plain.length : tableUtils.strlen(painted);
          if (used > widths[x]!) return undefined;
          text += ` ${painted}${spaces(widths[x]! - used + 1)}`;
        } else text += spaces(widths[x]! + 2);
      }
      push([text, last]);
    }
    if (y === rows.length - 1) push(widths.map((w, x) => border((x === 0 ? ch['bottom-left'] : ch['bottom-mid']) + ch.bottom.repeat(w + 2) + right(x, ch['bottom-right']))));
  }
  return out.join('\n');
}

const borders = new Map<boolean, (text: string) => string>();

/**
 * How cli-table3 colours a border (grey, when its colour library finds colours on): asked of
 * cli-table3 once, from a table of one empty cell, so that a border is coloured as it would be.
 */
function borderPaint(color: boolean): (text: string) => string {
  let paint = borders.get(color);
  if (!paint) {
    const probe = new Table({ style: { head: [], border: color ? ['grey'] : [] }, colWidths: [3], wordWrap: false });
    probe.push(['']);
    const first = probe.toString().split('\n')[0]!;
    const open = first.slice(0, first.indexOf(CHARS['top-left']));
    const close = first.slice(first.indexOf(CHARS['top-right']) + 1);
    paint = (text: string) => (text === '' ? '' : open + text + close);
    borders.set(color, paint);
  }
  return paint;
}


