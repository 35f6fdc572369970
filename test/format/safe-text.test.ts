import { spawnSync } from 'node:child_process';
import fc from 'fast-check';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import type { Problem } from '../../src/errors.js';
import { formatGateGithub } from '../../src/format/gate-github.js';
import { formatGateJson } from '../../src/format/gate-json.js';
import { formatGateJunit } from '../../src/format/gate-junit.js';
import { formatGateText } from '../../src/format/gate-text.js';
import type { GateReport } from '../../src/format/gate.js';
import { formatGithub } from '../../src/format/problems-github.js';
import { formatJson } from '../../src/format/problems-json.js';
import { formatText, problemLine } from '../../src/format/problems-text.js';
import { escapeMarkdown, escapeMarkup, safeBlock, safeLine, safeOutput, shorten, toJson, toJsonPieces } from '../../src/format/safe-text.js';
import { renderTable } from '../../src/format/table.js';

const ATTACK = '\x1b]0;pwned\x07\x1b[2J\x1b]52;c;aGk=\x07\u009b31m\u202eevil\u202c\u2066\x1b[8m\x7f\x08\r\u0000\ufffe\u2028\u{e0041}\t\n';

/** Never raw in any output (written out independently of pdx's list); newline is checked separately. */
const RAW = /[\x00-\x09\x0b-\x1f\x7f-\x9f\u061c\u200b\u200e\u200f\u2028-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb\ufdd0-\ufdef\ufffe\uffff\u{e0000}-\u{e007f}\p{Cs}]/u;
const XML_FORBIDDEN = /[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\p{Cs}]/u;
const PDX_SGR = /\x1b\[(?:1|2|4|22|24|31|32|33|39|90)m/g;

/** Any text, with the characters attacks use mixed in, lone surrogates included. */
const hostile = fc
  .array(fc.oneof(fc.string({ unit: 'binary', maxLength: 6 }), fc.constantFrom('\x1b', '\x1b[31m', '\x1b]0;', '\x07', '\u009b', '\u202e', '\u2066', '\u200d', '\u2028', '\ud800', '\udc00', '\ufffe', '\u{e0041}', '\n', '\r', '\t', '\0', '|', '<', '&', '\\', '%', ':', ',')), { maxLength: 12 })
  .map((parts) => parts.join(''));

describe('safe text', () => {
  it('shows every control, bidi and invisible character escaped, ESC as \\e', () => {
    expect(safeLine(ATTACK)).toBe('\\e]0;pwned\\u0007\\e[2J\\e]52;c;aGk=\\u0007\\u009b31m\\u202eevil\\u202c\\u2066\\e[8m\\u007f\\u0008\\r\\u0000\\ufffe\\u2028\\udb40\\udc41\\t\\n');
    expect(safeBlock('a\nb\x1b')).toBe('a\nb\\e');
    expect(safeLine('one\ntwo')).toBe('one\\ntwo');
    expect(safeLine('tab\there')).toBe('tab\\there');
    // Each kind alone in plain text, so that no quick path skips it.
    for (const char of ['\x00', '\x7f', '\x85', '\u00ad', '\u061c', '\u200b', '\u200e', '\u2028', '\u2029', '\u2066', '\ufeff', '\ufdd0', '\ufffe', '\u{1fffe}', '\u{e0001}', '\u{e007f}', '\ud800', '\udc00']) {
      for (const escape of [safeLine, safeBlock, (t: string) => safeOutput(t, true), (t: string) => toJson(t)]) expect(escape(`plain ${char} text`)).not.toMatch(RAW);
    }
    expect(safeLine('\ud800x\udfff')).toBe('\\ud800x\\udfff');
  });

  it('shortens a long text exactly as flattening the whole of it and cutting would', () => {
    // What `shorten` promises, written out the slow way: every space run one space, trimmed, cut to `max - 1` characters and `…`.
    const slow = (text: string, max: number) => {
      const chars = [...text.replace(/\s+/g, ' ').trim()];
      return chars.length <= max ? chars.join('') : `${chars.slice(0, max - 1).join('').trimEnd()}…`;
    };
    // Long texts, some mostly space, so that the start of one flattened may or may not hold `max` characters.
    const piece = fc.constantFrom('a', 'é', ' ', '\n', '  \t ', ' '.repeat(9), '😀', 'e\u0301', 'word ', '\ud83d');
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 400, size: 'max' }), fc.integer({ min: 2, max: 40 }), (pieces, max) => {
        const text = pieces.join('');
        expect(shorten(text, max)).toBe(slow(text, max));
      }),
      { numRuns: 400 },
    );
    expect(shorten(`${'x'.repeat(600)}`, 120)).toBe(`${'x'.repeat(119)}…`);
    expect(shorten(`${' '.repeat(600)}ab`, 120)).toBe('ab');
  });

  it('leaves ordinary text alone, emoji joiners and scripts included', () => {
    for (const text of ['Same-day payouts — 10× faster, “quoted”, 料金', '👨‍👩‍👧 family', 'می‌خواهم', 'C:\\path\\e']) {
      expect(safeLine(text)).toBe(text);
    }
  });

  it('for any text: nothing raw, one line, and escaping twice changes nothing more', () => {
    fc.assert(
      fc.property(hostile, (text) => {
        const line = safeLine(text);
        expect(line).not.toMatch(RAW);
        expect(line).not.toContain('\n');
        expect(safeLine(line)).toBe(line);
        expect(safeBlock(text)).not.toMatch(RAW);
        expect(safeBlock(text).split('\n')).toHaveLength(text.split('\n').length);
      }),
      { numRuns: 300 },
    );
  });

  it('the output check lets only SGR through with colour on, and no ESC at all with colour off', () => {
    // (A value's own SGR would get through with colour on: the formatters escape values before this.)
    const attack = ATTACK.replace('\x1b[8m', '');
    const text = `\x1b[1mbold\x1b[22m ${attack}`;
    expect(safeOutput(text, true)).toBe(`\x1b[1mbold\x1b[22m ${safeBlock(attack)}`);
    expect(safeOutput(text, false)).toBe(`\\e[1mbold\\e[22m ${safeBlock(attack)}`);
    fc.assert(
      fc.property(hostile, (value) => {
        expect(safeOutput(value, false)).not.toMatch(RAW);
        expect(safeOutput(value, true).replace(/\x1b\[[0-9;]*m/g, '')).not.toMatch(RAW);
      }),
      { numRuns: 200 },
    );
  });

  it('JSON: the same value for a parser, no raw character in the text', () => {
    fc.assert(
      fc.property(hostile, hostile, (key, value) => {
        const json = toJson({ [key]: value, list: [value] });
        expect(json).not.toMatch(RAW);
        expect(JSON.parse(json)).toEqual({ [key]: value, list: [value] });
        // The last output check never breaks JSON that is already safe.
        expect(safeOutput(json, false)).toBe(json);
      }),
      { numRuns: 300 },
    );
  });

  it('JSON in pieces: joined, exactly toJson, each piece already safe, at any depth and indent', () => {
    // Values as a report holds them, and what JSON.stringify skips (undefined, functions) or writes as null.
    const leaf = fc.oneof(hostile, fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.constant(undefined), fc.constant(() => 1), fc.date());
    const { value } = fc.letrec((tie) => ({
      value: fc.oneof({ depthSize: 'small' }, leaf, tie('array'), tie('object')),
      array: fc.array(tie('value'), { maxLength: 5 }),
      object: fc.dictionary(hostile, tie('value'), { maxKeys: 5 }),
    }));
    fc.assert(
      // A value JSON has no text for (undefined, a function) is never output.
      fc.property(value.filter((v) => JSON.stringify(v) !== undefined), fc.constantFrom(0, 2, 4), fc.constantFrom(1, 7, 1 << 20), (v, indent, length) => {
        const pieces = [...toJsonPieces(v, indent, length)];
        expect(pieces.join('')).toBe(toJson(v, indent));
        for (const piece of pieces) expect(safeOutput(piece, false)).toBe(piece);
      }),
      { numRuns: 500 },
    );
    // Deep enough that the lowest levels are stringified whole, inside their parents' indentation.
    const deep = { a: [{ b: [{ c: [1, { d: 'x' }], e: {} }, []] }], f: undefined, g: [undefined, () => 0] };
    expect([...toJsonPieces(deep, 2, 1)].join('')).toBe(toJson(deep));
    expect([...toJsonPieces(deep, 2, 1)].length).toBeGreaterThan(10);
  });

  it('markup: well-formed XML 1.0 for any text; text XML can carry (newline, tab, CR, markup characters) comes back as it was', () => {
    const docs = fc.sample(hostile, 300).map((text) => `<a b="${escapeMarkup(text, { attribute: true })}">${escapeMarkup(text)}</a>`);
    for (const doc of docs) {
      expect(doc).not.toMatch(XML_FORBIDDEN);
      expect(doc.replace(/\n/g, '')).not.toMatch(RAW);
      expect(XMLValidator.validate(doc)).toBe(true);
    }
    const xmllint = spawnSync('xmllint', ['--noout', '-'], { input: `<r>${docs.join('')}</r>`, encoding: 'utf8' });
    if (!xmllint.error) expect(xmllint.stderr).toBe('');

    const parser = new XMLParser({ ignoreAttributes: false, htmlEntities: true, trimValues: false, parseTagValue: false, parseAttributeValue: false });
    const carried = fc.array(fc.constantFrom('a', ' ', '\n', '\t', '\r', '<', '>', '&', '"', "'", '料', '👨‍👩‍👧'), { minLength: 1, maxLength: 12 }).map((parts) => `x${parts.join('')}`);
    fc.assert(
      fc.property(carried, (text) => {
        expect(parser.parse(`<a b="${escapeMarkup(text, { attribute: true })}"/>`).a['@_b']).toBe(text);
      }),
      { numRuns: 200 },
    );
    expect(escapeMarkup('a\nb\tc\rd<&>"\'', { attribute: true })).toBe('a&#10;b&#9;c&#13;d&lt;&amp;&gt;&quot;&#39;');
  });

  it('markdown: a value cannot end a table cell, break the line or carry HTML', () => {
    expect(escapeMarkdown('a | b\n<img src=x>*x*')).toBe('a \\| b<br>&lt;img src=x&gt;\\*x\\*');
    fc.assert(
      fc.property(hostile, (text) => {
        const cell = escapeMarkdown(text);
        expect(cell).not.toMatch(RAW);
        expect(cell.replace(/<br>/g, '')).not.toMatch(/[\n<>]/);
        expect(cell.replace(/\\\\/g, '').replace(/\\\|/g, '')).not.toContain('|');
      }),
      { numRuns: 300 },
    );
  });
});

const problems: Problem[] = [
  { file: `discovery/initiatives/x${ATTACK}.yaml`, line: 3, column: 8, severity: 'error', code: 'schema/enum', message: `\`stage\` must be one of: …; not "${ATTACK}"` },
  { file: 'discovery/x.yaml', severity: 'warning', code: `code${ATTACK}`, message: 'plain' },
];
const gate: GateReport = {
  ok: false,
  stage: 'mvp',
  handedOff: [{ id: `p${ATTACK}`, stage: 'mvp', file: `discovery/initiatives/p${ATTACK}.yaml`, domain: `d${ATTACK}`, since: '2026-11-01' }],
  problems,
  initiatives: [
    {
      id: `spoof${ATTACK}`,
      stage: 'release',
      file: `discovery/initiatives/${ATTACK}.yaml`,
      pass: false,
      rules: [
        {
          id: 'ideas',
          gate: 'epiphany',
          pass: false,
          severity: 'error',
          message: `idea ${ATTACK}; second ${ATTACK}`,
          file: `f${ATTACK}`,
          line: 1,
          column: 1,
          findings: [
            { messageId: 'tooFew', data: { ideas: ATTACK }, message: `idea ${ATTACK}`, fix: `pdx idea add ${ATTACK}`, file: `f${ATTACK}`, line: 1, column: 1 },
            { messageId: 'other', data: {}, message: `second ${ATTACK}`, fix: `pdx fix ${ATTACK}`, file: `g${ATTACK}`, line: 2, column: 3 },
          ],
        },
        { id: 'core-team', gate: 'validation', pass: false, severity: 'warn', message: `warn ${ATTACK}`, file: 'f', line: 1, column: 1, findings: [{ messageId: 'w', data: {}, message: `warn ${ATTACK}`, fix: `pdx w ${ATTACK}`, file: 'f', line: 1, column: 1 }] },
        { id: 'released', gate: 'mvp', pass: true, severity: 'error', message: `ok ${ATTACK}`, findings: [] },
      ],
    },
  ],
};

describe('formatters, given values full of control characters', () => {
  const clean = (text: string) => expect(text.replace(PDX_SGR, '')).not.toMatch(RAW);

  it('text: every problem stays on one line, and with colour only pdx’s SGR appears', async () => {
    for (const color of [false, true]) {
      const text = await formatText({ problems, fileCount: 2 }, { color });
      clean(text);
      // Two problem lines, a blank line and the summary.
      expect(text.trimEnd().split('\n')).toHaveLength(4);
      clean(await formatGateText(gate, { color }));
    }
    expect(problemLine(problems[0]!)).toBe(`discovery/initiatives/x${safeLine(ATTACK)}.yaml:3:8  error  \`stage\` must be one of: …; not "${safeLine(ATTACK)}"  schema/enum`);
  });

  it('tables: cells are escaped, coloured cells keep their colour, and no escape sequence is cut when a cell wraps', () => {
    for (const width of [Number.POSITIVE_INFINITY, 30]) {
      const table = renderTable(['title', 'stage'], [[`T ${ATTACK} a long title that wraps`, { text: `S${ATTACK}`, style: 'yellow' }]], { color: true, width });
      clean(table);
      expect(table).toContain('\x1b[33m');
      expect(table.replace(PDX_SGR, '')).not.toContain('\x1b');
    }
  });

  it('JSON: parses back to the values', async () => {
    const gateJson = JSON.parse(await formatGateJson(gate, { color: false }));
    expect(gateJson.initiatives[0].id).toBe(`spoof${ATTACK}`);
    expect(gateJson.initiatives[0].rules[0].findings[0]).toEqual({ messageId: 'tooFew', data: { ideas: ATTACK }, message: `idea ${ATTACK}`, fix: `pdx idea add ${ATTACK}`, file: `f${ATTACK}`, line: 1, column: 1 });
    const validateJson = await formatJson({ problems, fileCount: 2 }, { color: false });
    clean(validateJson);
    expect(JSON.parse(validateJson).errors[0].file).toBe(problems[0]!.file);
  });

  it('GitHub: one workflow command per annotation, escaped as @actions/core does, nothing raw', async () => {
    for (const text of [await formatGithub({ problems, fileCount: 2 }, { color: false }), await formatGateGithub(gate, { color: false })]) {
      clean(text);
      for (const line of text.trimEnd().split('\n')) expect(line).toMatch(/^::(error|warning) file=[^:,]+(,line=\d+)?(,col=\d+)?,title=[^:,]+::/);
    }
    const one = await formatGithub({ problems: [{ file: 'a,b:c%.yaml', line: 1, severity: 'error', code: 'x', message: '50% done\r\nnext' }], fileCount: 1 }, { color: false });
    expect(one).toBe('::error file=a%2Cb%3Ac%25.yaml,line=1,title=pdx x::50%25 done%0D%0Anext\n');
  });

  it('JUnit: well-formed XML that parsers accept', async () => {
    const xml = await formatGateJunit(gate, { color: false });
    expect(xml).not.toMatch(XML_FORBIDDEN);
    expect(xml.replace(/\n/g, '')).not.toMatch(RAW);
    expect(XMLValidator.validate(xml)).toBe(true);
    const xmllint = spawnSync('xmllint', ['--noout', '-'], { input: xml, encoding: 'utf8' });
    if (!xmllint.error) expect(xmllint.stderr).toBe('');
  });
});
