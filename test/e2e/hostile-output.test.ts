import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { beforeAll, describe, expect, it } from 'vitest';
import { copyOfExamples, runPdx, tempDir, writeTree, type RunResult } from '../helpers.js';

// What a hostile pull request can put in a repo: an OSC that sets the window title, a screen
// clear, an OSC 52 clipboard write, a C1 CSI (U+009B), a bidi override and isolate, an SGR that
// conceals text, DEL, backspace, CR, a NUL character (written as a YAML escape, so the file itself
// holds no NUL byte), a noncharacter, a line separator and a tag character.
const ATTACK = '\x1b]0;pwned\x07\x1b[2J\x1b]52;c;aGk=\x07\u009b31m\u202eevil\u202c\u2066\x1b[8m\x7f\x08\r\u0000\ufffe\u2028\u{e0041}';
const TITLE = `T ${ATTACK}\n\tend <script>alert(1)</script> | a`;
const OBJECTIVE = `O ${ATTACK}\nsecond line`;
const MEMBER = `N\u009b31m\x1b[8m`;
const STATEMENT = `S ${ATTACK}\nline two`;
const CLAIM = `C ${ATTACK}\nclaim line two`;
const NOTE = `E ${ATTACK}`;
const NAME = `P ${ATTACK} <b>bold</b> | cell`;
const OKR = `K ${ATTACK} <img src=x onerror=alert(1)> | z\n| fake | row |`;
const STAGE = '\x1b]52;c;aGk=\x07';
/** Command-line arguments cannot hold NUL. */
const ARGV = ATTACK.replace('\u0000', '');
const FILE = 'spoof\x1b[2J\u009b\n.yaml';
const FOLDER = 'f\u009b31m\u202e';

/** A YAML double-quoted scalar holding exactly `text`. */
function yamlQuoted(text: string): string {
  let out = '"';
  for (const char of text) {
    const code = char.codePointAt(0)!;
    if (code >= 0x20 && code < 0x7f && char !== '"' && char !== '\\') out += char;
    else out += code <= 0xffff ? `\\u${code.toString(16).padStart(4, '0')}` : `\\U${code.toString(16).padStart(8, '0')}`;
  }
  return `${out}"`;
}

/**
 * Characters that must never reach an output raw, written out independently of pdx's own list:
 * C0 but newline, DEL, C1, bidi marks/embeddings/overrides/isolates, zero-width and invisible
 * characters, BOM, line/paragraph separators, tag characters, noncharacters, lone surrogates.
 */
const RAW = /[\x00-\x09\x0b-\x1f\x7f-\x9f\u061c\u200b\u200e\u200f\u2028-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb\ufdd0-\ufdef\ufffe\uffff\u{e0000}-\u{e007f}\p{Cs}]/u;
/** The SGR sequences chalk at level 1 produces for pdx: bold, dim, underline, red, green, yellow, grey and their resets. */
const PDX_SGR = /\x1b\[(?:1|2|4|22|24|31|32|33|39|90)m/g;

function rawIn(text: string): string | undefined {
  const match = RAW.exec(text);
  return match ? `U+${match[0].codePointAt(0)!.toString(16).padStart(4, '0')} at ${match.index}: ${JSON.stringify(text.slice(Math.max(0, match.index - 30), match.index + 10))}` : undefined;
}

function expectClean(result: RunResult, label: string) {
  expect(rawIn(result.stdout), `${label}: stdout`).toBeUndefined();
  expect(rawIn(result.stderr), `${label}: stderr`).toBeUndefined();
  expect(result.stderr, label).not.toMatch(/internal error|^\s+at /m);
}

let dir = '';
const pdx = (args: string[], env: Record<string, string> = {}) => runPdx(args, { cwd: dir, env });
const colour = { FORCE_COLOR: '1', NO_COLOR: '' };

beforeAll(() => {
  dir = copyOfExamples();
  writeTree(dir, {
    [`discovery/initiatives/${FILE}`]: [
      'id: spoof',
      `title: ${yamlQuoted(TITLE)}`,
      `objective: ${yamlQuoted(OBJECTIVE)}`,
      'stage: release',
      'team:',
      `  - { name: ${yamlQuoted(MEMBER)}, role: product-manager }`,
      'history:',
      `  - { stage: immersion, date: 2026-10-05, by: ${yamlQuoted(ATTACK)} }`,
      'ideas:',
      `  - { text: ${yamlQuoted(ATTACK)}, date: 2026-10-08 }`,
      '',
    ].join('\n'),
    'discovery/hypotheses/spoof/spoof-product.yaml': [
      'id: spoof-product',
      'initiative: spoof',
      'kind: product',
      `statement: ${yamlQuoted(STATEMENT)}`,
      'status: draft',
      'created: 2026-10-06',
      'claims:',
      `  - { id: c1, text: ${yamlQuoted(CLAIM)} }`,
      '',
    ].join('\n'),
    [`discovery/evidence/${FOLDER}/2026-11-01-h-1.yaml`]: `id: 2026-11-01-h-1\ninitiative: spoof\ndate: 2026-11-01\nsource: interview\ncustomer: H-1\nhypothesis: spoof-product\nclaim: c1\nverdict: supports\nnote: ${yamlQuoted(NOTE)}\n`,
    // A customer id pdx refuses, quoted back in the problem.
    'discovery/evidence/spoof/2026-11-02-h-2.yaml': `id: 2026-11-02-h-2\ninitiative: spoof\ndate: 2026-11-02\nsource: interview\ncustomer: ${yamlQuoted(`H-2${ATTACK}`)}\nnote: x\n`,
  });
  const edit = (path: string, from: RegExp, to: string) => writeFileSync(join(dir, path), readFileSync(join(dir, path), 'utf8').replace(from, to));
  edit('pdx.yaml', /^name: .*$/m, `name: ${yamlQuoted(NAME)}`);
  edit('discovery/initiatives/quotes-api.yaml', /^stage: .*$/m, `stage: ${yamlQuoted(STAGE)}`);
  edit('discovery/okrs/shipper-onboarding-2026-q4.yaml', /^objective: .*$/m, `objective: ${yamlQuoted(OKR)}`);
  edit('discovery/okrs/shipper-onboarding-2026-q4.yaml', /^ {4}metric: Median.*$/m, `    metric: ${yamlQuoted(`M ${ATTACK} | m`)}`);
});

describe('a repo full of control characters', () => {
  it('text output of validate, gate, report and the initiative views shows them escaped, with nothing raw', async () => {
    const commands = [['validate'], ['gate', 'mvp'], ['gate', 'mvp', 'spoof'], ['report'], ['initiative', 'list'], ['initiative', 'show', 'spoof']];
    const results = await Promise.all(commands.map((args) => pdx(args)));
    results.forEach((result, i) => expectClean(result, commands[i]!.join(' ')));
    const [validate, , gate, report, list, show] = results;

    // The issue's examples, as a reader sees them.
    expect(list!.stdout).toContain('T \\e]0;pwned\\u0007\\e[2J\\e]52;c;aGk=\\u0007\\u009b31m\\u202eevil\\u202c\\u2066\\e[8m\\u007f\\u0008\\r\\u0000\\ufffe\\u2028\\udb40\\udc41');
    expect(validate!.stdout).toContain('not "\\e]52;c;aGk=\\u0007"');
    // One problem stays one line, even for a file name holding a newline.
    const mentions = validate!.stdout.split('\n').filter((line) => line.includes('spoof\\e[2J'));
    expect(mentions).toEqual([expect.stringMatching(/^discovery\/initiatives\/spoof\\e\[2J\\u009b\\n\.yaml:1:5 {2}warning {2}.* {2}file\/name-mismatch$/)]);
    expect(gate!.stdout).toContain('discovery/initiatives/spoof\\e[2J\\u009b\\n.yaml:');
    expect(report!.stdout).toContain('Discovery health — P \\e]0;pwned');
    expect(show!.stdout).toContain('objective: O \\e]0;pwned');
    expect(show!.stdout).toContain('N\\u009b31m\\e[8m');
  });

  it('text output of the hypothesis, experiment and stage views, a refused advance and bad arguments has nothing raw', async () => {
    const commands = [
      ['hypothesis', 'list'],
      ['hypothesis', 'show', 'spoof-product'],
      ['experiment', 'list'],
      ['stage', 'spoof'],
      ['advance', 'spoof'],
      ['gate', 'mvp', `no${ARGV}`],
      ['initiative', 'list', '--stage', ARGV],
      ['status'],
      [],
    ];
    const results = await Promise.all(commands.map((args) => pdx(args)));
    results.forEach((result, i) => expectClean(result, commands[i]!.join(' ')));
    const [, hypothesis, , stage, advance, unknown, badChoice, status, bare] = results;
    expect(status!.stdout).toContain('P \\e]0;pwned');
    expect(bare!.stdout).toContain('P \\e]0;pwned');
    expect(hypothesis!.stdout).toContain('S \\e]0;pwned');
    expect(hypothesis!.stdout).toContain('C \\e]0;pwned');
    expect(stage!.stdout).toContain('spoof is in release');
    expect(advance!.code).toBe(1);
    expect(unknown!.stderr).toContain('no initiative with id `no\\e]0;pwned');
    expect(badChoice!.code).toBe(2);
    expect(badChoice!.stderr).toContain('\\e]0;pwned');
  });

  it('JSON output parses and gives back the original values, with nothing raw in its text', async () => {
    const commands = [
      ['validate', '--json'],
      ['gate', 'mvp', 'spoof', '--json'],
      ['initiative', 'list', '--json'],
      ['initiative', 'show', 'spoof', '--json'],
      ['hypothesis', 'list', '--json'],
      ['hypothesis', 'show', 'spoof-product', '--json'],
      ['experiment', 'list', '--json'],
      ['stage', 'spoof', '--json'],
      ['evidence', 'add', '--initiative', 'spoof', '--hypothesis', 'spoof-product', '--claim', 'nope', '--verdict', 'supports', '--customer', 'H-3', '--source', 'interview', '--note', 'x', '--json'],
      ['status', '--json'],
    ];
    const results = await Promise.all(commands.map((args) => pdx(args)));
    results.forEach((result, i) => expectClean(result, commands[i]!.join(' ')));
    const [validate, gate, list, show, , hypothesis, , , write, status] = results.map((r) => JSON.parse(r.stdout));
    expect(status.initiatives.find((i: { id: string }) => i.id === 'spoof').title).toBe(TITLE);
    expect(validate.errors.map((e: { message: string }) => e.message)).toContainEqual(expect.stringContaining(`not "${STAGE}"`));
    expect(validate.warnings.map((w: { file: string }) => w.file)).toContain(`discovery/initiatives/${FILE}`);
    expect(gate.initiatives[0].rules.find((r: { pass: boolean }) => !r.pass).file).toBe(`discovery/initiatives/${FILE}`);
    expect(list.find((i: { id: string }) => i.id === 'spoof').title).toBe(TITLE);
    expect(show).toMatchObject({ title: TITLE, objective: OBJECTIVE, team: [{ name: MEMBER }], history: [{ by: ATTACK }], ideas: [{ text: ATTACK }] });
    expect(hypothesis).toMatchObject({ statement: STATEMENT, claims: [{ text: CLAIM }] });
    expect(write.ok).toBe(false);
    // The \u escapes are in the text itself: a terminal showing the JSON sees no raw C1 or bidi character.
    expect(results[3]!.stdout).toContain('\\u009b31m\\u202eevil\\u202c\\u2066');
  });

  it('a failing write that quotes a record keeps its message and hint on their lines', async () => {
    const result = await pdx(['evidence', 'add', '--initiative', 'spoof', '--hypothesis', 'spoof-product', '--claim', 'nope', '--verdict', 'supports', '--customer', 'H-3', '--source', 'interview', '--note', 'x']);
    expect(result.code).toBe(2);
    expectClean(result, 'evidence add');
    expect(result.stderr).toMatch(/^ {2}hint: its claims: c1 \(C \\e\]0;pwned.*\\nclaim line two\)$/m);
  });

  it('JUnit XML is well-formed XML 1.0 that parsers accept, and keeps newlines in attributes', async () => {
    const results = await Promise.all([pdx(['gate', 'mvp', '--format', 'junit']), pdx(['gate', 'mvp', 'spoof', '--format', 'junit'])]);
    for (const { stdout } of results) {
      // Characters XML 1.0 forbids, and any raw control character.
      expect(stdout).not.toMatch(/[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\p{Cs}]/u);
      expect(rawIn(stdout)).toBeUndefined();
      expect(XMLValidator.validate(stdout)).toBe(true);
      const xmllint = spawnSync('xmllint', ['--noout', '-'], { input: stdout, encoding: 'utf8' });
      if (!xmllint.error) expect(xmllint.stderr).toBe('');
    }
    const parsed = new XMLParser({ ignoreAttributes: false, htmlEntities: true }).parse(results[1]!.stdout);
    type Property = { '@_name': string; '@_value': string };
    const suites = [parsed.testsuites.testsuite].flat() as { properties: { property?: Property | Property[] } | '' }[];
    const files = suites.flatMap((s) => (s.properties === '' || s.properties.property === undefined ? [] : [s.properties.property].flat())).filter((p) => p['@_name'] === 'file').map((p) => p['@_value']);
    expect(files).toContain('discovery/initiatives/spoof\\e[2J\\u009b\n.yaml');
    // As a character reference: a parser turns a raw newline in an attribute into a space.
    expect(results[1]!.stdout).toContain('value="discovery/initiatives/spoof\\e[2J\\u009b&#10;.yaml"');
  });

  it('GitHub annotations keep one command per line, with nothing raw', async () => {
    const results = await Promise.all([pdx(['validate', '--format', 'github']), pdx(['gate', 'mvp', 'spoof', '--format', 'github'])]);
    for (const result of results) {
      expectClean(result, 'github');
      const lines = result.stdout.trimEnd().split('\n');
      for (const line of lines) expect(line).toMatch(/^::(error|warning) file=[^:,]+(,line=\d+)?(,col=\d+)?,title=[^:,]+::|^::notice title=[^:,]+::/);
      expect(result.stdout).toContain('file=discovery/initiatives/spoof\\e[2J\\u009b%0A.yaml');
    }
  });

  it('GitLab Code Quality JSON parses, gives back the file name, and has nothing raw', async () => {
    const results = await Promise.all([pdx(['validate', '--format', 'gitlab']), pdx(['gate', 'mvp', 'spoof', '--format', 'gitlab'])]);
    for (const result of results) {
      expectClean(result, 'gitlab');
      const issues = JSON.parse(result.stdout) as { location: { path: string } }[];
      expect(issues.map((i) => i.location.path)).toContain(`discovery/initiatives/${FILE}`);
    }
  });

  it('report files in every format (written by the formatter, not the terminal stream) escape what their format needs', async () => {
    const out = tempDir('pdx-out-');
    const formats = ['table', 'markdown', 'json', 'html'];
    const results = await Promise.all(formats.map((format) => pdx(['report', '--format', format, '--out', join(out, `report.${format}`)])));
    results.forEach((result, i) => expect(result.code, formats[i]).toBe(0));
    const [table, markdown, json, html] = formats.map((format) => readFileSync(join(out, `report.${format}`), 'utf8'));
    for (const [i, text] of [table!, markdown!, json!, html!].entries()) expect(rawIn(text), formats[i]).toBeUndefined();
    expect(table).toContain('Discovery health — P \\e]0;pwned');

    const report = JSON.parse(json!);
    expect(report.name).toBe(NAME);
    expect(report.okrs.find((o: { okr: string }) => o.okr === 'shipper-onboarding-2026-q4').objective).toBe(OKR);
    expect(json).toContain('\\u009b31m\\u202eevil\\u202c\\u2066');

    expect(html).not.toMatch(/<(script|img|b)\b/);
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');

    expect(markdown).not.toMatch(/<(script|img|b)\b/);
    expect(markdown).toContain('&lt;b&gt;bold&lt;/b&gt; \\| cell');
    expect(markdown).toContain('M \\\\e\\]0;pwned');
    // Every row of a table has as many unescaped `|` as its header.
    const tables = markdown!.split('\n\n').map((block) => block.split('\n').filter((line) => line !== '')).filter((lines) => lines[0]?.startsWith('| '));
    expect(tables.length).toBeGreaterThan(3);
    for (const lines of tables) {
      const pipes = (line: string) => line.replace(/\\\\/g, '').replace(/\\\|/g, '').split('|').length;
      for (const line of lines) expect(pipes(line), line).toBe(pipes(lines[0]!));
    }
  });

  it('with colour forced on, the only escape sequences are the SGR colours pdx adds', async () => {
    const commands = [
      ['validate'],
      ['gate', 'mvp', 'spoof'],
      ['report'],
      ['initiative', 'list'],
      ['initiative', 'show', 'spoof'],
      ['hypothesis', 'show', 'spoof-product'],
      ['stage', 'spoof'],
      ['status'],
    ];
    const results = await Promise.all(commands.map((args) => pdx(args, colour)));
    results.forEach((result, i) => {
      const label = commands[i]!.join(' ');
      expect(result.stdout + result.stderr, label).toMatch(PDX_SGR);
      expectClean({ ...result, stdout: result.stdout.replace(PDX_SGR, ''), stderr: result.stderr.replace(PDX_SGR, '') }, label);
    });
    // The value's own SGR (conceal) is shown, not obeyed.
    expect(results[4]!.stdout).toContain('N\\u009b31m\\e[8m');
  });

});
