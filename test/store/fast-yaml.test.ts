import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readPlainRecord } from '../../src/store/fast-yaml.js';
import { parseYamlFile } from '../../src/store/yaml-file.js';
import { BAD_CASES, BASE_FILES, VALID } from '../fixtures.js';
import { EXAMPLES, PROJECT, tempDir } from '../helpers.js';

/**
 * The differential test behind the fast read path: wherever it answers, `yaml` reads the same
 * text with no problem at all and to exactly the same value (-0, NaN and key order included).
 */
function agrees(text: string): boolean {
  const fast = readPlainRecord(text);
  if (fast === undefined) return false;
  const slow = parseYamlFile('f.yaml', text);
  // Tens of thousands of texts: a strict comparison first (-0, NaN, prototypes, own keys), and
  // only where it sees a difference the expectations below, which decide and say what differs.
  if (slow.problems.length === 0 && isDeepStrictEqual(fast, slow.value) && sameKeys(fast, slow.value)) return true;
  expect(slow.problems, text).toEqual([]);
  expect(fast, text).toStrictEqual(slow.value);
  expect(Object.keys(fast), text).toEqual(Object.keys(slow.value as object));
  return true;
}

/** The same top-level keys in the same order. */
function sameKeys(a: object, b: unknown): boolean {
  const x = Object.keys(a);
  const y = Object.keys(b as object);
  return x.length === y.length && x.every((key, i) => key === y[i]);
}

function yamlFilesIn(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && /\.ya?ml$/.test(e.name))
    .map((e) => join(e.parentPath, e.name));
}

const corpus = () => [
  ...yamlFilesIn(EXAMPLES).map((f) => readFileSync(f, 'utf8')),
  ...yamlFilesIn(join(PROJECT, 'templates')).map((f) => readFileSync(f, 'utf8')),
  ...Object.values(VALID),
  ...Object.values(BASE_FILES),
];

/** Text with the tokens where YAML readers tend to differ, in any order. */
const TOKENS = [
  'id: x', 'a:', 'b: 1', '- ', '-', '  ', '   ', '\n', '\n  ', ': ', ':', ' #', '#c', '"', "'", '\\', '\\x41', '\\u00e9', '\\N', '\\ ',
  '[', ']', '{', '}', ',', '? ', '|', '|-', '|+', '|2', '>', '>-', '&a ', '*a', '!', '!!str ', '%YAML 1.2', '---', '...',
  '\t', '\r\n', '\uFEFF', 'null', 'Null', '~', 'true', 'True', 'FALSE', 'yes', 'on', '0', '-0', '+12', '012', '0o17', '0x1F', '0b1',
  '1_000', '1.', '.5', '1e3', '-1.5E-2', '.inf', '-.Inf', '.nan', '.NaN', '2026-11-25', '2026-11-25T10:00:00Z', '<<', '__proto__', '=', '@', '`', 'é',
  // Shapes found by review, where js-yaml once read differently: empty items, blank lines of
  // spaces in block scalars, collections as flow keys, anchors right after `:`, big \U escapes.
  '-\n', '- -\n', '    \n', '   ', '|+\n  a\n ', '>\n    \n', '{[a]}', '{{}}', ', []', ':&a ', "'k':&a", '\\U00110000', '\\ud800',
];
/** `PDX_FUZZ=10 npx vitest run test/store/fast-yaml.test.ts` searches ten times longer. */
const FUZZ = Number(process.env.PDX_FUZZ ?? 1);

const yamlish = fc.array(fc.oneof(fc.constantFrom(...TOKENS), fc.string({ maxLength: 4 })), { maxLength: 30 }).map((parts) => parts.join(''));

describe('the fast read path means exactly what yaml means', () => {
  it('on the examples, the templates and the fixtures — and it reads nearly all of them', () => {
    const texts = corpus();
    const fast = texts.filter(agrees).length;
    expect(texts.length).toBeGreaterThan(20);
    expect(fast / texts.length).toBeGreaterThan(0.8);
  });

  it('on every file of a generated benchmark repo', () => {
    const dir = tempDir('pdx-fast-');
    execFileSync(process.execPath, [join(PROJECT, 'bench', 'generate-repo.mjs'), dir, '300', '10'], { stdio: 'ignore' });
    const texts = yamlFilesIn(join(dir, 'discovery')).map((f) => readFileSync(f, 'utf8'));
    expect(texts.length).toBeGreaterThan(250);
    expect(texts.filter(agrees).length).toBe(texts.length);
  });

  it('leaves to yaml the shapes js-yaml reads differently', () => {
    const shapes = [
      'claims:\n  - id: c1\n    tags:\n      -\n  - id: c2\n',
      'x:\n- -\n- a\n',
      'k:\n  -\n- x\n',
      'statement: |2\n    text\n   \n',
      'note: |+\n  a\n ',
      'a: >\n    \n  # c\nb: 1\n',
      'a: {x: 1, []}\n',
      'a: {{}}\n',
      "k: {'k':&a: 1}\n",
      'a: "\\U00110000"\n',
    ];
    for (const text of shapes) expect(readPlainRecord(text), text).toBeUndefined();
  });

  it('never answers for a file of the bad-input corpus that yaml itself rejects', () => {
    for (const { content } of BAD_CASES) {
      const text = Buffer.isBuffer(content) ? content.toString('utf8') : content;
      // Where the fast path does not answer there is nothing to hold against yaml (some of these
      // take yaml a long time: 6000 lines, 5000 brackets); where it answers, yaml must accept the
      // text and read it the same. Each text is parsed by yaml at most once.
      agrees(text);
    }
  });

  it('declines a comment followed by a deeper line, which yaml refuses after a key (found by the splicing property)', () => {
    const text = "git:\n#c  autoCommit: false\n\n# O\n  ur prototype review group is small on purpose this quarter.\nrules:\n  a: 1\n";
    expect(readPlainRecord(text)).toBeUndefined();
    expect(parseYamlFile('f.yaml', text).problems.map((p) => p.code)).toEqual(['yaml/multiline-implicit-key']);
  });

    it('on random YAML-like text', () => {
    fc.assert(fc.property(yamlish, (text) => void agrees(text)), { numRuns: 50000 * FUZZ });
  });

  it('on random indented structures: items, keys, block scalars and flow collections', () => {
    const line = fc
      .tuple(
        fc.integer({ min: 0, max: 8 }),
        fc.constantFrom('', '- ', '- - ', '-', '? '),
        fc.constantFrom('', 'a: ', 'b:', 'k: ', '"q": ', "'s': ", 'id: ', 'a:'),
        fc.constantFrom('', 'x', 'two words', '1', '-2', '0x1F', '~', 'null', 'true', '|', '|-', '>', '>-', '[a, b]', '[]', '{x: 1}', '{}', '"d q"', "'s q'", ' #c', 'a: b', '- c'),
      )
      .map(([indent, item, key, value]) => `${' '.repeat(indent)}${item}${key}${value}`);
    fc.assert(fc.property(fc.array(line, { minLength: 1, maxLength: 12 }).map((lines) => `${lines.join('\n')}\n`), (text) => void agrees(text)), { numRuns: 30000 * FUZZ });
  });

  // 20 000 spliced records, as four properties over every fourth record of the corpus: yaml's
  // reading of each (the oracle) is most of the cost, and each quarter stays well inside a test's time.
  for (const part of [0, 1, 2, 3]) {
    it(`on records with random tokens spliced in (records ${part}, ${part + 4}, ${part + 8}… of the corpus)`, () => {
      const texts = corpus().filter((_, i) => i % 4 === part);
      const spliced = fc
        .tuple(fc.nat({ max: texts.length - 1 }), fc.array(fc.tuple(fc.nat(), fc.constantFrom(...TOKENS)), { minLength: 1, maxLength: 3 }))
        .map(([i, edits]) => edits.reduce((text, [at, token]) => text.slice(0, at % (text.length + 1)) + token + text.slice(at % (text.length + 1)), texts[i]!));
      fc.assert(fc.property(spliced, (text) => void agrees(text)), { numRuns: 5000 * FUZZ });
    });
  }
});
