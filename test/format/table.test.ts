import { Chalk } from 'chalk';
import Table from 'cli-table3';
import tableUtils from 'cli-table3/src/utils.js';
import fc from 'fast-check';
import stringWidth from 'string-width';
import { describe, expect, it } from 'vitest';
import { ONE_COLUMN, paragraph, renderTable, textWidth, wrap, type Cell } from '../../src/format/table.js';
import { escapeTroubles, plain } from '../ansi.js';
import { safeBlock } from '../../src/format/safe-text.js';

const CJK = '即時見積もり for small shippers';
const EMOJI = '🚚 Freight';
const FAMILY = '👩‍👩‍👧';

/** Widest line of a rendered table or text, in terminal columns. */
const widest = (text: string) => Math.max(...text.split('\n').map((line) => stringWidth(plain(line))));

/** Words of any script: ASCII, CJK, emoji with joiners and modifiers, kebab-case ids, dates. */
const word = fc.oneof(
  fc.constantFrom('即時見積もり', '荷主', '한국어', '🚚', FAMILY, '👍🏽', 'é', 'e\u0301', 'self-serve-freight-quotes', '2026-11-09', 'a/b', '(stale)', 'x'),
  fc.string({ unit: fc.constantFrom('a', 'b', 'z', '-', '見', '🎨'), minLength: 1, maxLength: 30 }),
);
const text = fc.array(fc.tuple(word, fc.constantFrom(' ', '  ', '\n', ' ')), { maxLength: 12 }).map((parts) => parts.map(([w, gap]) => w + gap).join('').trimEnd());

describe('textWidth', () => {
  it('counts terminal columns: CJK and emoji two, joiners and combining marks none', () => {
    expect(textWidth('即時見積もり')).toBe(12);
    expect(textWidth(EMOJI)).toBe(10);
    expect(textWidth(FAMILY)).toBe(2);
    expect(textWidth('e\u0301')).toBe(1);
    expect(textWidth('ab\n即時見積もり\nc')).toBe(12);
  });
});

describe('ONE_COLUMN', () => {
  it('holds only characters string-width counts as one column each', () => {
    const ranges: [number, number][] = [[0x20, 0x7e], [0xa0, 0xac], [0xae, 0x17f], [0x2010, 0x2027], [0x2030, 0x205e], [0x2190, 0x21ff]];
    for (const [from, to] of ranges) {
      for (let code = from; code <= to; code++) {
        const char = String.fromCodePoint(code);
        expect(ONE_COLUMN.test(char), char).toBe(true);
        expect(stringWidth(char), `U+${code.toString(16)}`).toBe(1);
        expect(stringWidth(`a${char}b`)).toBe(3);
        expect(tableUtils.strlen(`a${char}b`)).toBe(3);
        // Nothing a cell shows escaped: the table skips escaping text made only of these.
        expect(safeBlock(char)).toBe(char);
      }
    }
    for (const char of ['\u00ad', '\u0301', '\u200b', '\u2028', '\u2060', '即', '👍']) expect(ONE_COLUMN.test(char)).toBe(false);
  });
});

describe('wrap', () => {
  it('breaks at spaces, keeps indentation, and measures in columns, not UTF-16 units', () => {
    expect(wrap(CJK, 16)).toEqual(['即時見積もり for', 'small shippers']);
    expect(wrap('  Median days from sign-up', 14)).toEqual(['  Median days', 'from sign-up']);
    expect(wrap('one\n\ntwo', 10)).toEqual(['one', '', 'two']);
    expect(wrap('trailing   ', 20)).toEqual(['trailing']);
  });

  it('breaks ids after a hyphen between letters, never a date or a number', () => {
    expect(wrap('self-serve-freight-quotes-customer', 20)).toEqual(['self-serve-freight-', 'quotes-customer']);
    expect(wrap('since 2026-11-09', 12)).toEqual(['since', '2026-11-09']);
    expect(wrap('initiative/domain', 12)).toEqual(['initiative/', 'domain']);
  });

  it('breaks a word longer than a line between characters, never inside one', () => {
    expect(wrap('即時見積もり', 5)).toEqual(['即時', '見積', 'もり']);
    expect(wrap(`${FAMILY}${FAMILY}${FAMILY}`, 4)).toEqual([`${FAMILY}${FAMILY}`, FAMILY]);
    expect(wrap('abcdefghij', 4)).toEqual(['abcd', 'efgh', 'ij']);
  });

  it('for any text and width: no line wider than the width, nothing lost but the spaces at breaks', () => {
    fc.assert(
      fc.property(text, fc.integer({ min: 2, max: 40 }), (t, max) => {
        const lines = wrap(t, max);
        for (const line of lines) expect(stringWidth(line)).toBeLessThanOrEqual(max);
        expect(lines.join('').replace(/\s/g, '')).toBe(t.replace(/\s/g, ''));
        expect(lines.length).toBeGreaterThanOrEqual(t.split('\n').length);
      }),
      { numRuns: 300 },
    );
  });
});

describe('renderTable', () => {
  const head = ['id', 'title', 'stage', 'days in stage'];
  const rows: Cell[][] = [
    ['instant-quotes', { text: CJK, style: 'yellow' }, 'prototyping', '36'],
    ['dock-slot-booking', EMOJI, { text: 'hypothesis', style: 'bold' }, '43'],
    ['self-serve-freight-quotes-customer', { text: 'Automatic dock appointment booking for carriers and warehouses alike', style: 'red' }, 'mvp', '5'],
  ];

  it('at every width: no line wider than the terminal, every line closes the colours it opens', () => {
    for (let width = 24; width <= 220; width += 7) {
      const table = renderTable(head, rows, { color: true, width });
      expect(widest(table), `width ${width}`).toBeLessThanOrEqual(width);
      expect(escapeTroubles(table), `width ${width}`).toEqual([]);
      expect(table).toContain('\x1b[33m');
      // Nothing cut off: every word of every cell is there, whole where the column can hold it.
      if (width >= 40) for (const cell of rows.flat()) for (const w of (typeof cell === 'string' ? cell : cell.text).split(/ |(?<=[a-z]-)/)) expect(plain(table)).toContain(w);
      expect(table).not.toContain('…');
    }
  });

  it('keeps a CJK title on one line when it fits: its width is measured in columns', () => {
    const table = renderTable(['id', 'title'], [['instant-quotes', CJK]], { color: false, width: 52 });
    expect(table).toContain(`│ ${CJK} │`);
    expect(widest(table)).toBe(2 + 14 + 3 + 31 + 2);
    // One column less and it wraps, whole words, instead of being cut.
    expect(renderTable(['id', 'title'], [['instant-quotes', CJK]], { color: false, width: 51 })).toMatch(/│ 即時見積もり for small +│\n│ +│ shippers +│/);
  });

  it('keeps ids whole and wraps prose when the terminal is narrower than the table', () => {
    const table = renderTable(head, rows.slice(0, 2), { color: false, width: 60 });
    expect(table).toContain('│ dock-slot-booking │');
    expect(table).toContain('│ instant-quotes    │');
    expect(widest(table)).toBeLessThanOrEqual(60);
  });

  it('turns a table that cannot fit on its side: one block a row, each column named', () => {
    const table = renderTable(head, rows, { color: false, width: 40 });
    expect(table.split('\n').slice(0, 6)).toEqual([
      '┌───────────────┬──────────────────────┐',
      '│ id            │ instant-quotes       │',
      '│ title         │ 即時見積もり for     │',
      '│               │ small shippers       │',
      '│ stage         │ prototyping          │',
      '│ days in stage │ 36                   │',
    ]);
    expect(widest(table)).toBe(40);
    expect(table).toContain('│ id            │ self-serve-freight-  │\n│               │ quotes-customer      │');
  });

  it('piped (no width): whole lines, no colour', () => {
    const table = renderTable(head, rows, { color: false, width: Number.POSITIVE_INFINITY });
    expect(table).not.toContain('\x1b');
    expect(table).toContain('│ Automatic dock appointment booking for carriers and warehouses alike │');
    expect(renderTable(head, [], { color: true, width: 80 })).toBe('\x1b[2m(none)\x1b[22m');
  });

  it('draws a long table, wide characters and cells of many lines as cli-table3 draws it, to the byte', () => {
    const samples = ['café crème', '“what they said”', '即時見積もり', '👍🏽 ok', 'two\nlines', '', 'plain words', 'e\u0301te\u0301'];
    const cells: Cell[][] = Array.from({ length: 150 }, (_, r) => [String(r), samples[r % samples.length]!, { text: samples[(r * 3) % samples.length]!, style: 'yellow' }]);
    const heads = ['n', 'heard', 'note'];
    for (const color of [false, true]) {
      const c = new Chalk({ level: color ? 1 : 0 });
      const lines = (text: string, style?: 'bold' | 'yellow') => text.split('\n').map((line) => (style && line !== '' ? c[style](line) : line)).join('\n');
      const widths = heads.map((h, i) => Math.max(textWidth(h), ...cells.map((row) => textWidth(typeof row[i] === 'string' ? (row[i] as string) : (row[i] as { text: string }).text)), 1));
      const expected = new Table({ style: { head: [], border: color ? ['grey'] : [] }, wordWrap: false, head: heads.map((h) => lines(h, 'bold')), colWidths: widths.map((w) => w + 2) });
      expected.push(...cells.map((row) => row.map((cell) => (typeof cell === 'string' ? lines(cell) : lines(cell.text, 'yellow')))));
      expect(renderTable(heads, cells, { color, width: Number.POSITIVE_INFINITY })).toBe(expected.toString());
    }
  });

  it('draws a table of plain one-line cells, at any width it fits, as cli-table3 draws it, to the byte', () => {
    // One-column characters only (what the table draws straight from its cells), ending in no space.
    const cellText = fc.string({ unit: fc.constantFrom('a', 'Z', '0', ' ', '-', 'é', '“', '…', '—', '~'), maxLength: 12 }).map((t) => t.trimEnd());
    const styled = fc.oneof(cellText, fc.record({ text: cellText, style: fc.constantFrom('yellow' as const, 'dim' as const) }));
    fc.assert(
      fc.property(fc.array(fc.array(styled, { minLength: 0, maxLength: 3 }), { minLength: 1, maxLength: 12 }), fc.boolean(), fc.nat(30), (cells, color, slack) => {
        const heads = ['id', 'the heard', 'n'];
        const c = new Chalk({ level: color ? 1 : 0 });
        const text = (cell: Cell | undefined) => (cell === undefined ? '' : typeof cell === 'string' ? cell : cell.text);
        const widths = heads.map((h, i) => Math.max(h.length, ...cells.map((row) => text(row[i]).length), 1));
        const expected = new Table({ style: { head: [], border: color ? ['grey'] : [] }, wordWrap: false, head: heads.map((h) => c.bold(h)), colWidths: widths.map((w) => w + 2) });
        expected.push(...cells.map((row) => heads.map((_, i) => (row[i] === undefined || typeof row[i] === 'string' || text(row[i]) === '' ? text(row[i]) : c[(row[i] as { style: 'yellow' | 'dim' }).style](text(row[i]))))));
        const fits = widths.reduce((a, b) => a + b, 0) + 3 * heads.length + 1;
        for (const width of [Number.POSITIVE_INFINITY, fits, fits + slack]) expect(renderTable(heads, cells, { color, width })).toBe(expected.toString());
      }),
      { numRuns: 60 },
    );
  });

  it('for any cells and width: every line within the width and balanced', () => {
    fc.assert(
      fc.property(fc.array(fc.array(text, { minLength: 3, maxLength: 3 }), { minLength: 1, maxLength: 3 }), fc.integer({ min: 24, max: 160 }), (cells, width) => {
        const table = renderTable(['a', 'b c', 'd'], cells.map(([a, b, c]) => [a!, { text: b!, style: 'yellow' }, { text: c!, style: 'bold' }]), { color: true, width });
        expect(widest(table)).toBeLessThanOrEqual(width);
        expect(escapeTroubles(table)).toEqual([]);
      }),
      { numRuns: 25 },
    );
  });
});

describe('paragraph', () => {
  it('wraps styled pieces to the width, later lines indented, each line closing its colours', () => {
    const text = paragraph([{ text: 'Discovery health — 港湾 Freight, as of 2026-12-01', style: 'bold' }, { text: '  (window 2026-09-14 to 2026-12-01)', style: 'dim' }], { color: true, width: 30 }, 2);
    expect(text.split('\n').map(plain)).toEqual(['Discovery health — 港湾', '  Freight, as of 2026-12-01', '  (window 2026-09-14 to', '  2026-12-01)']);
    expect(escapeTroubles(text)).toEqual([]);
    expect(text.split('\n')[1]).toBe('  \x1b[1mFreight, as of 2026-12-01\x1b[22m');
    expect(paragraph(['a \x1b[2J b'], { color: false, width: Number.POSITIVE_INFINITY })).toBe('a \\e[2J b');
  });
});
