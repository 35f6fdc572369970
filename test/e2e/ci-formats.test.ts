import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { BASE_FILES } from '../fixtures.js';
import { EXAMPLES, git, minimalRepo, runPdx, tempDir, writeTree } from '../helpers.js';
import { gateWords } from '../../src/cli/commands/gate.js';
import { rerunCommand } from '../../src/cli/output-paths.js';

const SCHEMAS = join(import.meta.dirname, '..', 'fixtures', 'junit');
const XSDS = ['junit-10.xsd', 'JUnit.xsd'];
// In CI (.ci/run sets PDX_CI) xmllint is installed: a missing one fails instead of skipping.
const hasXmllint = spawnSync('xmllint', ['--version']).status === 0 || Boolean(process.env.PDX_CI);

/** `xmllint --schema` over `xml` against each schema: its complaints, or '' when valid under all. */
function schemaErrors(xml: string): string {
  return XSDS.map((xsd) => {
    const run = spawnSync('xmllint', ['--noout', '--schema', join(SCHEMAS, xsd), '-'], { input: xml, encoding: 'utf8' });
    if (run.error) throw run.error;
    return run.status === 0 ? '' : `${xsd}: ${run.stderr}`;
  }).join('');
}

/**
 * GitLab's Code Quality report as its documentation requires it: an array of issues, each with a
 * `description`, a `check_name`, a `fingerprint`, a `severity` of info|minor|major|critical|blocker
 * and a `location` with a `path` (relative to the repository root, no `./`) and `lines.begin`.
 */
const CODE_QUALITY = {
  type: 'array',
  items: {
    type: 'object',
    required: ['description', 'check_name', 'fingerprint', 'severity', 'location'],
    properties: {
      description: { type: 'string', minLength: 1 },
      check_name: { type: 'string', minLength: 1 },
      fingerprint: { type: 'string', minLength: 1 },
      severity: { enum: ['info', 'minor', 'major', 'critical', 'blocker'] },
      location: {
        type: 'object',
        required: ['path', 'lines'],
        properties: {
          path: { type: 'string', minLength: 1, not: { pattern: '^(\\./|/)' } },
          lines: { type: 'object', required: ['begin'], properties: { begin: { type: 'integer', minimum: 1 } } },
        },
      },
    },
  },
};
const validateCodeQuality = new Ajv({ allErrors: true, strict: true }).compile(CODE_QUALITY);

interface Issue {
  description: string;
  check_name: string;
  fingerprint: string;
  severity: string;
  location: { path: string; lines: { begin: number } };
}

function codeQuality(stdout: string): Issue[] {
  const issues = JSON.parse(stdout) as Issue[];
  expect(validateCodeQuality(issues), JSON.stringify(validateCodeQuality.errors)).toBe(true);
  expect(new Set(issues.map((i) => i.fingerprint)).size).toBe(issues.length);
  return issues;
}

/** An initiative that claims mvp with nothing behind it: the gate fails on several rules. */
const HAND_EDITED = 'id: hand-edited\ntitle: Claims too much\n# edited by hand\nstage: mvp\nhistory:\n  - { stage: immersion, date: 2026-07-01 }\n';
const BAD_EVIDENCE = 'id: e2\ninitiative: quotes\ndate: 2026-09-16\nsource: interveiw\ncustomer: C-005\nnote: n\n';

/** A git repository whose pdx folder is `product/`, beside the code. */
function monorepo(): { top: string; dir: string } {
  const top = tempDir('pdx-monorepo-');
  git(top, 'init', '-q', '-b', 'main');
  writeTree(top, { 'src/app.ts': 'export {};\n' });
  const dir = join(top, 'product');
  writeTree(dir, { 'pdx.yaml': 'version: 1\nname: T\n', ...BASE_FILES, 'discovery/initiatives/hand-edited.yaml': HAND_EDITED, 'discovery/evidence/quotes/e2.yaml': BAD_EVIDENCE });
  return { top, dir };
}

/** Every path a JUnit report names: the suites' file properties and the `path:line:col` opening each located line. */
function junitPaths(xml: string): string[] {
  const parsed = new XMLParser({ ignoreAttributes: false, isArray: (name) => ['testsuite', 'testcase', 'property'].includes(name) }).parse(xml);
  const paths: string[] = [];
  for (const suite of parsed.testsuites.testsuite as Record<string, any>[]) {
    for (const p of suite.properties?.property ?? []) if (p['@_name'] === 'file') paths.push(p['@_value']);
    for (const c of suite.testcase) {
      const body = c.failure?.['#text'] ?? c.skipped?.['#text'];
      if (typeof body === 'string') for (const line of body.split('\n')) paths.push(line.split(':')[0]!);
    }
  }
  return paths;
}

describe('paths in the CI formats start at the git root', () => {
  /** Each path must start at `product/` and name a file that exists from the git root. */
  function expectFromRoot(top: string, found: Record<string, string[]>) {
    for (const [name, paths] of Object.entries(found)) {
      expect(paths.length, name).toBeGreaterThan(3);
      expect(paths, name).toContain('product/discovery/initiatives/hand-edited.yaml');
      expect(paths, name).toContain('product/discovery/evidence/quotes/e2.yaml');
      for (const path of paths) {
        expect(path, name).toMatch(/^product\//);
        expect(existsSync(join(top, path)), `${name}: ${path}`).toBe(true);
      }
    }
  }
  const annotated = (stdout: string) => [...stdout.matchAll(/^::(?:error|warning) file=([^,]+),/gm)].map((m) => m[1]!);

  it('gate in a monorepo: github, gitlab and junit name files as product/… that exist from the root', async () => {
    const { top, dir } = monorepo();
    const [gh, gl, ju] = await Promise.all(['github', 'gitlab', 'junit'].map((format) => runPdx(['gate', 'mvp', '--format', format], { cwd: dir })));
    for (const r of [gh, gl, ju]) expect(r!.code, r!.stderr).toBe(1);
    expectFromRoot(top, { github: annotated(gh!.stdout), gitlab: codeQuality(gl!.stdout).map((i) => i.location.path), junit: junitPaths(ju!.stdout) });
  });

  it('gate --format markdown in a monorepo: paths and the command to run again start at the git root', async () => {
    const { top, dir } = monorepo();
    const [some, all] = await Promise.all([
      runPdx(['gate', 'mvp', 'hand-edited', '--format', 'markdown', '--as-of', '2026-11-27'], { cwd: dir }),
      runPdx(['gate', 'mvp', '--format', 'markdown'], { cwd: join(dir, 'discovery') }),
    ]);
    expect(some.stdout, some.stderr).toContain('`product/discovery/initiatives/hand-edited.yaml`');
    expect(existsSync(join(top, 'product/discovery/initiatives/hand-edited.yaml'))).toBe(true);
    expect(some.stdout.trim().split('\n').at(-1)).toBe('Run `pdx -C product gate mvp hand-edited --as-of 2026-11-27` locally for the same checklist.');
    expect(all.stdout.trim().split('\n').at(-1)).toBe('Run `pdx -C product gate mvp` locally for the same checklist.');
  });

  it('gate --format github in a monorepo: the notice of what it left out names the command from the git root', async () => {
    const { dir } = monorepo();
    for (let n = 1; n <= 4; n++) writeTree(dir, { [`discovery/initiatives/more-${n}.yaml`]: HAND_EDITED.replace('hand-edited', `more-${n}`) });
    const gh = await runPdx(['gate', 'mvp', '--format', 'github'], { cwd: dir });
    expect(gh.stdout).toMatch(/^::notice title=pdx%3A more findings::.* in the output of pdx -C product gate mvp run locally\.$/m);
  });

  it('the command to run again keeps a revision or id the shell would read otherwise as one word', () => {
    const top = tempDir('pdx-rerun-');
    expect(rerunCommand(top, top, gateWords('mvp', [], {}))).toBe('pdx gate mvp');
    expect(rerunCommand(top, join(top, 'my product'), gateWords('design', ['a-b'], { changedSince: 'HEAD@{1}', asOf: '2026-11-27' }))).toBe("pdx -C 'my product' gate design a-b --changed-since 'HEAD@{1}' --as-of 2026-11-27");
    expect(rerunCommand(join(top, 'a'), join(top, 'b'), gateWords('mvp', [], { changedSince: "o'brien" }))).toBe("pdx -C ../b gate mvp --changed-since 'o'\\''brien'");
    expect(rerunCommand(top, join(top, 'my product'), ['validate', '--as-of', '2026-11-27'])).toBe("pdx -C 'my product' validate --as-of 2026-11-27");
  });

  it('validate in a monorepo: github and gitlab name files as product/…', async () => {
    const { top, dir } = monorepo();
    writeTree(dir, { 'discovery/initiatives/hand-edited.yaml': `${HAND_EDITED}team: [1]\nideas: [1]\nreleasedOn: 3\nbudget: x\n` });
    const [gh, gl] = await Promise.all(['github', 'gitlab'].map((format) => runPdx(['validate', '--format', format], { cwd: dir })));
    for (const r of [gh, gl]) expect(r!.code, r!.stderr).toBe(1);
    expectFromRoot(top, { github: annotated(gh!.stdout), gitlab: codeQuality(gl!.stdout).map((i) => i.location.path) });
    const md = await runPdx(['validate', '--format', 'markdown'], { cwd: join(dir, 'discovery') });
    expect(md.stdout).toContain('`product/discovery/evidence/quotes/e2.yaml:');
    expect(md.stdout.trim().split('\n').at(-1)).toBe('Run `pdx -C product validate` locally for the same list.');
  });

  it('text stays relative to the folder pdx runs in, json to the pdx root (the contract)', async () => {
    const { dir } = monorepo();
    const [text, json, sub] = await Promise.all([runPdx(['gate', 'mvp'], { cwd: dir }), runPdx(['gate', 'mvp', '--json'], { cwd: dir }), runPdx(['gate', 'mvp'], { cwd: join(dir, 'discovery') })]);
    expect(text.stdout).toContain('(mvp, discovery/initiatives/hand-edited.yaml)');
    expect(JSON.parse(json.stdout).initiatives[0].rules[0].file).toBe('discovery/initiatives/hand-edited.yaml');
    expect(sub.stdout).toContain('(mvp, initiatives/hand-edited.yaml)');
  });

  it('outside git, the pdx root stands in for the repository root', async () => {
    const dir = minimalRepo({ ...BASE_FILES, 'discovery/initiatives/hand-edited.yaml': HAND_EDITED });
    const [gl, ju] = await Promise.all([runPdx(['gate', 'mvp', '--format', 'gitlab'], { cwd: dir }), runPdx(['gate', 'mvp', '--format', 'junit'], { cwd: join(dir, 'discovery') })]);
    expect(new Set(codeQuality(gl.stdout).map((i) => i.location.path))).toEqual(new Set(['discovery/initiatives/hand-edited.yaml']));
    expect(junitPaths(ju.stdout)).toContain('discovery/initiatives/hand-edited.yaml');
  });
});

describe('--format gitlab (GitLab Code Quality)', () => {
  it('gate: failing rules are major, warnings minor, invalid records critical, each at its file and line with the fix', async () => {
    const { dir } = monorepo();
    const result = await runPdx(['gate', 'mvp', '--format', 'gitlab'], { cwd: dir });
    const issues = codeQuality(result.stdout);
    expect(issues).toContainEqual({
      description: 'hand-edited cannot be at mvp: 0 evidence records logged, of 5 needed → pdx evidence add --initiative hand-edited',
      check_name: 'pdx gate mvp/immersion',
      fingerprint: expect.stringMatching(/^[0-9a-f]{32}$/),
      severity: 'major',
      location: { path: 'product/discovery/initiatives/hand-edited.yaml', lines: { begin: 4 } },
    });
    expect(issues.find((i) => i.check_name === 'pdx schema/enum')).toMatchObject({ severity: 'critical', location: { path: 'product/discovery/evidence/quotes/e2.yaml', lines: { begin: 4 } } });
    expect(issues.find((i) => i.check_name === 'pdx history/unrecorded-stage')).toMatchObject({ severity: 'minor' });
  });

  it('validate: an empty array when clean; a warning is minor', async () => {
    const clean = await runPdx(['validate', '--format', 'gitlab'], { cwd: minimalRepo(BASE_FILES) });
    expect(clean.code).toBe(0);
    expect(JSON.parse(clean.stdout)).toEqual([]);
    const warned = await runPdx(['validate', '--format', 'gitlab'], { cwd: minimalRepo({ ...BASE_FILES, 'discovery/hypothesis/stray.yaml': 'id: x\n' }) });
    expect(warned.code).toBe(0);
    expect(codeQuality(warned.stdout).map((i) => i.severity)).toEqual(['minor']);
  });

  it('fingerprints are the same on every run and when unrelated lines move, and differ when the finding does', async () => {
    const { dir } = monorepo();
    const run = async () => codeQuality((await runPdx(['gate', 'mvp', '--format', 'gitlab'], { cwd: dir })).stdout);
    const before = await run();
    expect((await run()).map((i) => i.fingerprint)).toEqual(before.map((i) => i.fingerprint));
    // Three comment lines above everything: every line moves, nothing else changes.
    writeTree(dir, { 'discovery/initiatives/hand-edited.yaml': `# a\n# b\n# c\n${HAND_EDITED}`, 'discovery/evidence/quotes/e2.yaml': `# moved\n${BAD_EVIDENCE}` });
    const after = await run();
    expect(after.map((i) => i.location.lines.begin)).not.toEqual(before.map((i) => i.location.lines.begin));
    const byFingerprint = (issues: Issue[]) => new Map(issues.map((i) => [i.fingerprint, i.description]));
    expect(byFingerprint(after)).toEqual(byFingerprint(before));
    // Another initiative's identical finding is another issue.
    writeTree(dir, { 'discovery/initiatives/copy.yaml': HAND_EDITED.replace('id: hand-edited', 'id: copy') });
    const both = await run();
    expect(both.length).toBe(2 * before.length - 1);
  });

  it('of two findings of one rule in one file, the second keeps its fingerprint when the first is fixed', async () => {
    const { dir } = monorepo();
    const run = async () => codeQuality((await runPdx(['gate', 'mvp', '--format', 'gitlab'], { cwd: dir })).stdout);
    // One core-team finding per missing role, all at the initiative's line: told apart by the role alone.
    const team = (issues: Issue[]) => new Map(issues.filter((i) => i.check_name === 'pdx gate mvp/core-team').map((i) => [/has no ([\w-]+)/.exec(i.description)![1]!, i.fingerprint]));
    const before = team(await run());
    expect([...before.keys()]).toEqual(['product-manager', 'designer', 'engineering-lead']);
    expect(new Set((await run()).filter((i) => i.check_name === 'pdx gate mvp/core-team').map((i) => i.location.path))).toEqual(new Set(['product/discovery/initiatives/hand-edited.yaml']));
    expect((await runPdx(['team', 'add', 'hand-edited', '--role', 'product-manager', '--name', 'Maya'], { cwd: dir })).code).toBe(0);
    const after = team(await run());
    expect([...after.keys()]).toEqual(['designer', 'engineering-lead']);
    expect(after.get('designer')).toBe(before.get('designer'));
    expect(after.get('engineering-lead')).toBe(before.get('engineering-lead'));
  });
});

describe.skipIf(!hasXmllint)('JUnit valid under junit-10.xsd (Jenkins xunit) and JUnit.xsd (Apache Ant)', () => {
  it('the example gate', async () => {
    const result = await runPdx(['-C', EXAMPLES, 'gate', 'mvp', '--format', 'junit', '--as-of', '2026-11-27']);
    expect(schemaErrors(result.stdout)).toBe('');
    // Every suite carries the counts, a timestamp without a zone and a host.
    const parsed = new XMLParser({ ignoreAttributes: false, isArray: (name) => name === 'testsuite' }).parse(result.stdout);
    for (const s of parsed.testsuites.testsuite) {
      for (const a of ['tests', 'failures', 'errors', 'skipped', 'time']) expect(s[`@_${a}`], a).toMatch(/^\d+$/);
      expect(s['@_timestamp']).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$/);
    }
  });

  it('a failing gate, with every case counted on its suite', async () => {
    const { dir } = monorepo();
    const result = await runPdx(['gate', 'mvp', '--format', 'junit'], { cwd: dir });
    expect(result.code).toBe(1);
    expect(schemaErrors(result.stdout)).toBe('');
    const parsed = new XMLParser({ ignoreAttributes: false, isArray: (name) => ['testsuite', 'testcase'].includes(name) }).parse(result.stdout);
    for (const s of parsed.testsuites.testsuite) {
      const cases = s.testcase as Record<string, unknown>[];
      expect(Number(s['@_tests'])).toBe(cases.length);
      expect(Number(s['@_failures'])).toBe(cases.filter((c) => 'failure' in c).length);
      expect(Number(s['@_skipped'])).toBe(cases.filter((c) => 'skipped' in c).length);
      expect(s['@_errors']).toBe('0');
    }
    expect(parsed.testsuites.testsuite.map((s: Record<string, string>) => s['@_name'])).toEqual(['pdx gate mvp: hand-edited', 'pdx validate']);
  });

  it('an empty gate: one skipped case saying why nothing was checked, not tests="0"', async () => {
    const result = await runPdx(['gate', 'mvp', '--format', 'junit'], { cwd: minimalRepo(BASE_FILES) });
    expect(result.code).toBe(0);
    expect(schemaErrors(result.stdout)).toBe('');
    expect(result.stdout).toContain('tests="1" failures="0" errors="0" skipped="1"');
    expect(result.stdout).toContain('<skipped message="no initiative is at or past mvp: nothing to check"/>');
    expect(result.stdout).not.toContain('tests="0"');
  });

  it('a gate over records full of control characters: nothing raw, newlines in attributes as &#10;, still valid', async () => {
    // Every C0 control, DEL, every C1, U+FFFE and U+FFFF, lone surrogates, a CDATA end, quotes, markup.
    const c0 = Array.from({ length: 0x20 }, (_, n) => String.fromCharCode(n)).join('');
    const c1 = Array.from({ length: 0x20 }, (_, n) => String.fromCharCode(0x80 + n)).join('');
    const rest = `\ufffe\uffff\ud800 \udc00 ]]> "double" 'single' <b>&amp;</b>\nline two\r\n\ttab`;
    // A JSON string is a YAML double-quoted scalar. The enum's message quotes a bad value (its start): one record per part.
    const yaml = JSON.stringify(`${c0}${c1}\x7f${rest}`);
    const evidence = (id: string, source: string) => `id: ${id}\ninitiative: quotes\ndate: 2026-09-16\nsource: ${JSON.stringify(source)}\ncustomer: C-005\nnote: n\n`;
    const file = `discovery/initiatives/bad\x1b[2J\u009b\n\t"'<&]]>.yaml`;
    const dir = minimalRepo({
      ...BASE_FILES,
      [file]: `id: nasty\ntitle: ${yaml}\nstage: mvp\nhistory:\n  - { stage: immersion, date: 2026-07-01, by: ${yaml} }\n`,
      'discovery/evidence/quotes/e2.yaml': evidence('e2', c0),
      'discovery/evidence/quotes/e3.yaml': evidence('e3', `\x7f${c1}`),
      'discovery/evidence/quotes/e4.yaml': evidence('e4', rest),
    });
    const result = await runPdx(['gate', 'mvp', '--format', 'junit'], { cwd: dir });
    expect(result.code).toBe(1);
    const xml = result.stdout;
    // The value did reach the report (the enum message quotes it), escaped.
    expect(xml).toContain('\\u0000\\u0001\\u0002');
    expect(xml).toContain('\\u007f\\u0080\\u0081');
    expect(xml).toContain('\\ufffe\\uffff\\ud800 \\udc00');
    expect(xml).toContain(']]&gt;');
    expect(xml).not.toMatch(/[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff\p{Cs}]/u);
    expect(xml).toMatch(/value="discovery\/initiatives\/bad\\e\[2J\\u009b&#10;&#9;&quot;&#39;&lt;&amp;\]\]&gt;\.yaml"/);
    // No raw newline, CR or tab inside any attribute value.
    for (const m of xml.matchAll(/="([^"]*)"/g)) expect(m[1]).not.toMatch(/[\n\r\t]/);
    // Each located line of a failure stays one line: the file name's newline is shown escaped there.
    expect(xml).toContain('>discovery/initiatives/bad\\e[2J\\u009b\\n\\t&quot;&#39;&lt;&amp;]]&gt;.yaml:');
    expect(XMLValidator.validate(xml)).toBe(true);
    expect(schemaErrors(xml)).toBe('');
    const parsed = new XMLParser({ ignoreAttributes: false, isArray: (name) => name === 'property', htmlEntities: true }).parse(xml);
    expect(parsed.testsuites.testsuite[0].properties.property[0]['@_value']).toBe('discovery/initiatives/bad\\e[2J\\u009b\n\t"\'<&]]>.yaml');
  });
});
