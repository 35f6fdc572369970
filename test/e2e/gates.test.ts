import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { git, gitPdxRepo, hasStackTrace, runPdx, writeTree, pdxOk } from '../helpers.js';

const pdx = pdxOk;

/** A repo where `quotes` sits in immersion and `hand-edited` claims mvp with no evidence at all. */
async function handEditedRepo(): Promise<string> {
  const dir = await gitPdxRepo();
  await pdx(dir, 'initiative', 'add', '--title', 'Quotes', '--date', '2026-07-01');
  writeTree(dir, { 'discovery/initiatives/hand-edited.yaml': 'id: hand-edited\ntitle: Claims too much\n# someone edited this by hand\nstage: mvp\nhistory:\n  - { stage: immersion, date: 2026-07-01 }\n' });
  return dir;
}

describe('pdx gate on a hand-edited stage', () => {
  it('fails in text, naming what is missing', async () => {
    const dir = await handEditedRepo();
    const result = await runPdx(['gate', 'mvp'], { cwd: dir });
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('hand-edited (mvp, discovery/initiatives/hand-edited.yaml)  gate mvp: FAIL');
    expect(result.stdout).toMatch(/✗ ideas +0 ideas recorded, of 3 needed/);
    expect(result.stdout).toMatch(/✗ paying-customers +0 of 3 customers have paid for 30 days or more without churning/);
    expect(result.stdout).not.toContain('quotes (immersion');
    expect(hasStackTrace(result.stdout + result.stderr)).toBe(false);
  });

  it('fails in JSON with the contract fields', async () => {
    const dir = await handEditedRepo();
    const result = await runPdx(['gate', 'mvp', '--json'], { cwd: dir });
    expect(result.code).toBe(1);
    const json = JSON.parse(result.stdout);
    expect(json).toMatchObject({ ok: false, stage: 'mvp' });
    expect(json.initiatives).toHaveLength(1);
    expect(json.initiatives[0]).toMatchObject({ id: 'hand-edited', stage: 'mvp', pass: false });
    expect(json.initiatives[0].rules).toHaveLength(19);
    expect(json.initiatives[0].rules[0]).toEqual({ id: 'ideas', gate: 'epiphany', pass: false, severity: 'error', message: '0 ideas recorded, of 3 needed', file: 'discovery/initiatives/hand-edited.yaml', line: 4, column: 8, findings: [{ messageId: 'tooFew', data: { ideas: '0 ideas', min: 3 }, message: '0 ideas recorded, of 3 needed', fix: 'pdx idea add hand-edited --text "…"', file: 'discovery/initiatives/hand-edited.yaml', line: 4, column: 8 }] });
  });

  it('fails with GitHub annotations on the stage line of the right file', async () => {
    const dir = await handEditedRepo();
    const result = await runPdx(['gate', 'mvp', '--format', 'github'], { cwd: dir });
    expect(result.code).toBe(1);
    const lines = result.stdout.trim().split('\n');
    expect(lines.length).toBeGreaterThan(5);
    expect(lines).toContain('::error file=discovery/initiatives/hand-edited.yaml,line=4,col=8,title=pdx gate mvp/immersion::hand-edited cannot be at mvp: 0 evidence records logged, of 5 needed → pdx evidence add --initiative hand-edited');
    // At most ten errors (GitHub's limit per step), then one notice counting the rest.
    expect(lines.filter((l) => l.startsWith('::error')).length).toBeLessThanOrEqual(10);
    expect(lines.filter((l) => !l.startsWith('::notice')).every((l) => /^::(error|warning) file=discovery\/initiatives\/hand-edited\.yaml,/.test(l))).toBe(true);
    // The stage was set by hand (no history entry for mvp): a warning on the same line.
    expect(lines.filter((l) => l.startsWith('::warning'))).toEqual([expect.stringMatching(/^::warning file=discovery\/initiatives\/hand-edited\.yaml,line=4,col=8,title=pdx history\/unrecorded-stage::stage mvp has no history entry/)]);
  });

  it('fails with a JUnit report that parses, one test case per rule', async () => {
    const dir = await handEditedRepo();
    const result = await runPdx(['gate', 'mvp', '--format', 'junit'], { cwd: dir });
    expect(result.code).toBe(1);
    expect(XMLValidator.validate(result.stdout)).toBe(true);
    const xml = new XMLParser({ ignoreAttributes: false }).parse(result.stdout);
    const suite = xml.testsuites.testsuite;
    expect(suite['@_name']).toBe('pdx gate mvp: hand-edited');
    expect(suite.testcase).toHaveLength(19);
    expect(Number(suite['@_failures'])).toBe(16);
    expect(suite['@_errors']).toBe('0');
    expect(suite.testcase.find((t: Record<string, unknown>) => t['@_name'] === 'mvp/released').failure['@_message']).toMatch(/no initial release date/);
  });

  it('fails when files are invalid, with the validation errors', async () => {
    const dir = await gitPdxRepo();
    writeTree(dir, { 'discovery/initiatives/broken.yaml': 'id: broken\ntitle: [\n' });
    const result = await runPdx(['gate', 'mvp'], { cwd: dir });
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/discovery\/initiatives\/broken\.yaml:\d+:\d+ {2}error/);
  });
});

describe('pdx gate configuration', () => {
  it('config can lower thresholds and set severities; an unknown rule id is located, with a did-you-mean, by every command', async () => {
    const dir = await handEditedRepo();
    const config = join(dir, 'pdx.yaml');
    const base = readFileSync(config, 'utf8');
    writeFileSync(config, `${base}rules:\n  ideas: { min: 0 }\n  immersion: { severity: warn }\n`);
    const json = JSON.parse((await runPdx(['gate', 'epiphany', 'hand-edited', '--json'], { cwd: dir })).stdout);
    expect(json.ok).toBe(true);
    expect(json.initiatives[0].rules.map((r: { id: string; pass: boolean; severity: string }) => `${r.id}:${r.pass}:${r.severity}`)).toEqual(['ideas:true:error', 'immersion:false:warn', 'handoff-before-features:true:warn']);

    writeFileSync(config, `${base}rules:\n  feedback-grup: { min: 3 }\n`);
    const unknown = await runPdx(['gate', 'mvp'], { cwd: dir });
    expect(unknown.code).toBe(2);
    // Located, with a did-you-mean, and the same from every command; validate reports it as a file problem (exit 1).
    const line = `pdx.yaml:${base.split('\n').length + 1}:3  error  unknown rule \`feedback-grup\` (did you mean \`feedback-group\`?)  config/unknown-rule`;
    expect(unknown.stderr).toContain(line);
    for (const args of [['report'], ['stage', 'hand-edited'], ['idea', 'add', 'hand-edited', '--text', 'x']]) {
      const other = await runPdx(args, { cwd: dir });
      expect([other.code, other.stderr.split('\n')[0]]).toEqual([2, line]);
    }
    const validate = await runPdx(['validate'], { cwd: dir });
    expect(validate.code).toBe(1);
    expect(validate.stdout).toContain(line);
    expect(unknown.stderr).toContain('known rules: ideas, immersion, handoff-before-features, epiphany, six-hypotheses, ten-x, core-team, claims-tested, status-matches-evidence, strong-evidence, customer-voices, feedback-group, prototype-validated, prototype-iterations, feedback-circle, design-validated, released, paying-customers, pricing-validated');
  });
});

describe('pdx gate --changed-since', () => {
  it('checks only the initiatives touched since the revision', async () => {
    const dir = await handEditedRepo();
    writeTree(dir, { 'discovery/initiatives/other.yaml': 'id: other\ntitle: Other\nstage: mvp\nhistory:\n  - { stage: immersion, date: 2026-07-01 }\n' });
    git(dir, 'add', '-A');
    git(dir, 'commit', '-qm', 'two initiatives claiming mvp');
    await pdx(dir, 'evidence', 'add', '--initiative', 'other', '--customer', 'C-1', '--source', 'interview', '--note', 'n', '--date', '2026-07-02', '--commit');
    const all = JSON.parse((await runPdx(['gate', 'mvp', '--json'], { cwd: dir })).stdout);
    expect(all.initiatives.map((i: { id: string }) => i.id).sort()).toEqual(['hand-edited', 'other']);
    const changed = JSON.parse((await runPdx(['gate', 'mvp', '--changed-since', 'HEAD~1', '--json'], { cwd: dir })).stdout);
    expect(changed.initiatives.map((i: { id: string }) => i.id)).toEqual(['other']);
    // A deleted record still counts for the initiative whose folder held it.
    git(dir, 'rm', '-q', '-r', 'discovery/evidence/other');
    git(dir, 'commit', '-qm', 'drop the evidence');
    const deleted = JSON.parse((await runPdx(['gate', 'mvp', '--changed-since', 'HEAD~1', '--json'], { cwd: dir })).stdout);
    expect(deleted.initiatives.map((i: { id: string }) => i.id)).toEqual(['other']);
  });

  it('counts new files nobody has added yet, and checks everything when pdx.yaml changed', async () => {
    const dir = await handEditedRepo();
    git(dir, 'add', '-A');
    git(dir, 'commit', '-qm', 'base');
    writeTree(dir, { 'discovery/initiatives/fresh.yaml': 'id: fresh\ntitle: Fresh\nstage: mvp\nhistory:\n  - { stage: immersion, date: 2026-07-01 }\n' });
    const untracked = JSON.parse((await runPdx(['gate', 'mvp', '--changed-since', 'HEAD', '--json'], { cwd: dir })).stdout);
    expect(untracked.initiatives.map((i: { id: string }) => i.id)).toEqual(['fresh']);
    writeFileSync(join(dir, 'pdx.yaml'), `${readFileSync(join(dir, 'pdx.yaml'), 'utf8')}rules:\n  immersion: { min: 50 }\n`);
    const config = JSON.parse((await runPdx(['gate', 'mvp', '--changed-since', 'HEAD', '--json'], { cwd: dir })).stdout);
    expect(config.initiatives.map((i: { id: string }) => i.id).sort()).toEqual(['fresh', 'hand-edited']);
  });

  it('an unknown revision exits 2 instead of passing silently', async () => {
    const dir = await handEditedRepo();
    const result = await runPdx(['gate', 'mvp', '--changed-since', 'no-such-branch'], { cwd: dir });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/git does not know no-such-branch/);
  });
});
