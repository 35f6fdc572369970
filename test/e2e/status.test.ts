import { execFileSync } from 'node:child_process';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BASE_FILES } from '../fixtures.js';
import { BASE_ENV, EXAMPLES, git, initGit, minimalRepo, runPdx, tempDir, treeHash } from '../helpers.js';

let template: string | undefined;

/** The example repo as a team's checkout: a git repo of its own, everything committed (made once per file, then copied). */
function examplesRepo(): string {
  if (template === undefined) {
    template = tempDir('pdx-status-template-');
    cpSync(EXAMPLES, template, { recursive: true, filter: (source) => !source.startsWith(join(EXAMPLES, '.pdx', 'cache')) });
    initGit(template, 'examples');
  }
  const dir = tempDir('pdx-status-');
  cpSync(template, dir, { recursive: true });
  return dir;
}

/** A printed command's words, as a POSIX shell would split them (pdx quotes with ' and "). */
function shellWords(command: string): string[] {
  const words: string[] = [];
  for (const m of command.matchAll(/'((?:[^']|'\\'')*)'|"([^"]*)"|(\S+)/g)) words.push(m[1] !== undefined ? m[1].replace(/'\\''/g, "'") : (m[2] ?? m[3])!);
  return words;
}

/** The `→ pdx …` lines of a status, with the initiative section and the finding line above each. */
function fixes(text: string): { initiative: string | undefined; finding: string; command: string }[] {
  const lines = text.split('\n');
  const found: { initiative: string | undefined; finding: string; command: string }[] = [];
  let initiative: string | undefined;
  lines.forEach((line, i) => {
    if (/^\S/.test(line)) initiative = line.split(/\s+/)[0];
    const m = /^\s+→ (pdx .*)$/.exec(line);
    if (m) found.push({ initiative, finding: lines[i - 1]!, command: m[1]! });
  });
  return found;
}

/** The status text of one initiative: its heading up to the next blank line. */
function section(text: string, id: string): string {
  const start = text.split('\n').findIndex((l) => l.startsWith(`${id}  `));
  expect(start, `no section for ${id} in\n${text}`).toBeGreaterThanOrEqual(0);
  const rest = text.split('\n').slice(start);
  return rest.slice(0, rest.indexOf('') === -1 ? undefined : rest.indexOf('')).join('\n');
}

describe('pdx status on the example repo', () => {
  it('lists every initiative with its stage, days and next gate, and under each missing thing a pdx command with its ids filled in', async () => {
    const dir = examplesRepo();
    const result = await runPdx(['status'], { cwd: dir });
    expect(result.code, result.stderr).toBe(0);
    // Every initiative in discovery has its section; a product handed off is under its domain instead.
    const products = JSON.parse((await runPdx(['status', '--json'], { cwd: dir })).stdout).productManagement.flatMap((d: { products: { id: string }[] }) => d.products.map((p) => p.id));
    expect(products).toEqual(['tracking-links']);
    expect(result.stdout).toMatch(/^Product management/m);
    const ids = JSON.parse((await runPdx(['initiative', 'list', '--json'], { cwd: dir })).stdout).map((i: { id: string }) => i.id).filter((id: string) => !products.includes(id));
    expect(ids.length).toBeGreaterThan(5);
    for (const id of ids) expect(section(result.stdout, id)).toMatch(new RegExp(`^${id}  \\S+ for (\\d+ days?|days unknown.*)(.*)  (ready for \\S+|\\S+ needs \\d+ things?|the last stage)`));
    // Every ✗ is followed by the command that supplies it; every command names an initiative of the repo or one of its records.
    const lines = result.stdout.split('\n');
    lines.forEach((line, i) => {
      if (/^\s+✗ /.test(line)) expect(lines[i + 1], line).toMatch(/^\s+→ pdx /);
    });
    const all = fixes(result.stdout);
    expect(all.length).toBeGreaterThan(0);
    for (const { command } of all) expect(command).not.toMatch(/\{\{|\}\}|undefined|ID\b|INITIATIVE/);
    const json = JSON.parse((await runPdx(['status', '--json'], { cwd: dir })).stdout);
    for (const i of json.initiatives) {
      for (const rule of i.rules) for (const f of rule.findings) expect(f.fix).toMatch(/^pdx /);
      expect(i.fix === null ? i.ready !== true : i.fix === `pdx advance ${i.id}`).toBe(true);
      expect(i.missing).toBe(i.rules.filter((r: { pass: boolean; severity: string }) => !r.pass && r.severity === 'error').reduce((n: number, r: { findings: unknown[] }) => n + r.findings.length, 0));
    }
    expect(json.uncommitted).toEqual({ checked: true, files: [], fix: null });
  });

  it('every printed command runs: it either succeeds or, without a terminal, asks only for the values left to the user', async () => {
    const dir = examplesRepo();
    const all = fixes((await runPdx(['status'], { cwd: dir })).stdout);
    expect(all.length).toBeGreaterThan(0);
    // In one repo, one after the other: a command's write cannot turn another's answer into anything but these two.
    for (const { command } of all) {
      const result = await runPdx(shellWords(command).slice(1), { cwd: dir });
      if (result.code !== 0) {
        expect(result.code, `${command}\n${result.stderr}`).toBe(2);
        expect(result.stderr, command).toMatch(/^pdx: missing (a required value|required values): /m);
      }
    }
  });

  it('a printed command, run with the words it leaves to the user, turns its item ✓ in the next status', async () => {
    const dir = examplesRepo();
    const before = await runPdx(['status'], { cwd: dir });
    // A command whose only missing value is a text: a team member, an idea or an epiphany.
    const pick = fixes(before.stdout).find((f) => /^pdx (team add|idea add|initiative update .* --epiphany)/.test(f.command));
    expect(pick, before.stdout).toBeDefined();
    const { initiative, finding, command } = pick!;
    // The rule the finding belongs to, and how many findings it has.
    const lines = section(before.stdout, initiative!).split('\n');
    const at = lines.indexOf(finding);
    let head = at;
    while (!/^ {2}[✓✗!] /.test(lines[head]!)) head--;
    const rule = /^ {2}[✗!] (\S+)/.exec(lines[head]!)![1]!;
    const next = lines.slice(head + 1).findIndex((l) => /^ {2}[✓✗!] /.test(l));
    const findings = lines.slice(head, next === -1 ? undefined : head + 1 + next).filter((l) => /^\s+→ /.test(l)).length;
    const words = shellWords(command).map((w) => (w === '…' ? 'Written by the test' : w));
    const ran = await runPdx(words.slice(1), { cwd: dir });
    expect(ran.code, `${words.join(' ')}\n${ran.stderr}`).toBe(0);
    const after = section((await runPdx(['status'], { cwd: dir })).stdout, initiative!);
    expect(after).not.toContain(finding.replace(/^\s*(✗ \S+\s+)?/, ''));
    if (findings === 1) expect(after).toMatch(new RegExp(`^ {2}✓ ${rule} `, 'm'));
    // The write is not committed yet, and status says so with the git command that commits it.
    const status = (await runPdx(['status'], { cwd: dir })).stdout;
    expect(status).toMatch(/Not committed yet \(1 file\)\n {2}modified {2}discovery\/initiatives\/\S+\.yaml\n {2}→ git add -- pdx\.yaml discovery && git commit -m "…"/);
    execFileSync('sh', ['-c', /→ (git add .*)$/m.exec(status)![1]!.replace('"…"', '"record it"')], { cwd: dir, env: BASE_ENV, stdio: 'pipe' });
    expect((await runPdx(['status'], { cwd: dir })).stdout).not.toContain('Not committed');
    expect(git(dir, 'log', '-1', '--format=%s').trim()).toBe('record it');
  });
});

describe('pdx status', () => {
  it('a rule that holds is ✓, one that fails is ✗ with its fix, and the gate passes with pdx advance as the fix', async () => {
    const dir = minimalRepo({ 'discovery/initiatives/quotes.yaml': 'id: quotes\ntitle: Quotes\nstage: immersion\nhistory:\n  - { stage: immersion, date: 2026-11-01 }\nideas: [{ text: a }, { text: b }]\n' });
    const text = (await runPdx(['status'], { cwd: dir })).stdout;
    expect(text).toContain(
      [
        'quotes  immersion for 30 days  epiphany needs 2 things',
        '  ✗ ideas                    2 ideas recorded, of 3 needed',
        '                             → pdx idea add quotes --text "…"',
        '  ✗ immersion                0 evidence records logged, of 5 needed',
        '                             → pdx evidence add --initiative quotes',
      ].join('\n'),
    );
    expect((await runPdx(['idea', 'add', 'quotes', '--text', 'c'], { cwd: dir })).code).toBe(0);
    for (let i = 0; i < 5; i++) expect((await runPdx(['evidence', 'add', '--initiative', 'quotes', '--customer', `C-${i}`, '--source', 'interview', '--note', 'n'], { cwd: dir })).code).toBe(0);
    const ready = (await runPdx(['status'], { cwd: dir })).stdout;
    expect(ready).toContain(['quotes  immersion for 30 days  ready for epiphany', '  ✓ ideas                    3 ideas recorded, of 3 needed', '  ✓ immersion                5 evidence records logged, of 5 needed', '  ✓ handoff-before-features  no domain runs experiments or OKRs before the handoff', '  → pdx advance quotes'].join('\n'));
  });

  it('names stale key results with the check-in command, invalid files with pdx validate, and says when git cannot tell what is uncommitted', async () => {
    const dir = minimalRepo({ ...BASE_FILES, 'discovery/initiatives/broken.yaml': 'id: broken\ntitle: [\n' });
    const text = (await runPdx(['status'], { cwd: dir })).stdout;
    // The fixture's only check-in is of 2026-11-02, 29 days before the harness's today.
    expect(text).toContain('Key results without a check-in for 14 days\n  days-to-book  onboarding: Days to first booking, last check-in 2026-11-02 (29 days ago)\n                → pdx kr update days-to-book --current …');
    expect(text).toContain('1 file with problems, left out above: discovery/initiatives/broken.yaml\n  → pdx validate');
    expect(text).toContain('Changes are not tracked: this folder is not in a git repository');
    const json = JSON.parse((await runPdx(['status', '--json'], { cwd: dir })).stdout);
    expect(json.keyResults).toEqual([{ domain: 'onboarding', okr: 'onboarding-q4', id: 'days-to-book', metric: 'Days to first booking', current: 12, lastCheckIn: '2026-11-02', days: 29, fix: 'pdx kr update days-to-book --current …' }]);
    expect(json.invalid).toEqual({ files: ['discovery/initiatives/broken.yaml'], errors: 1, fix: 'pdx validate' });
    expect(json.uncommitted).toEqual({ checked: false, why: 'this folder is not in a git repository', files: [], fix: null });
    // The printed check-in, run at a terminal as it is: pdx asks for the value left as "…".
    const checkIn = await runPdx(['kr', 'update', 'days-to-book', '--current', '…'], { cwd: dir, tty: [{ ask: 'Current value of days-to-book', answer: '9' }] });
    expect(checkIn.code, checkIn.stderr).toBe(0);
    expect((await runPdx(['status', '--json'], { cwd: dir })).stdout).toContain('"keyResults": []');
  });

  it('run in a sub-folder, shows paths and the git command as typed from there; a pdx repo below the git root is handled', async () => {
    const top = tempDir('pdx-status-top-');
    execFileSync('git', ['init', '-q', '-b', 'main'], { cwd: top, env: BASE_ENV });
    const dir = join(top, 'product');
    cpSync(minimalRepo(BASE_FILES), dir, { recursive: true });
    writeFileSync(join(dir, 'discovery/initiatives/quotes.yaml'), `${readFileSync(join(dir, 'discovery/initiatives/quotes.yaml'), 'utf8')}ideas: [{ text: a }]\n`);
    const text = (await runPdx(['status'], { cwd: join(dir, 'discovery') })).stdout;
    expect(text).toMatch(/Not committed yet \(8 files\)\n( {2}new {2}\S+\n){8} {2}→ git add -- \.\.\/pdx\.yaml \. && git commit -m "…"/);
    expect(text).toContain('  new  initiatives/quotes.yaml\n');
    expect(text).toContain('  new  ../pdx.yaml\n');
    const json = JSON.parse((await runPdx(['status', '--json'], { cwd: join(dir, 'discovery') })).stdout);
    expect(json.uncommitted.files.map((f: { path: string }) => f.path)).toContain('discovery/initiatives/quotes.yaml');
    expect(json.uncommitted.files.every((f: { state: string; staged: boolean }) => f.state === 'new' && !f.staged)).toBe(true);
  });

  it('writes nothing but its own cache', async () => {
    const dir = minimalRepo(BASE_FILES);
    const before = treeHash(dir, (path) => path === '.pdx');
    expect((await runPdx(['status'], { cwd: dir })).code).toBe(0);
    expect((await runPdx([], { cwd: dir })).code).toBe(0);
    expect(treeHash(dir, (path) => path === '.pdx')).toBe(before);
  });
});

describe('bare pdx', () => {
  it('in a repo prints a line per initiative, the totals and the way to pdx status and pdx --help', async () => {
    const dir = minimalRepo({ ...BASE_FILES, 'discovery/initiatives/broken.yaml': 'id: broken\ntitle: [\n' });
    const result = await runPdx([], { cwd: dir });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toBe(
      [
        'Test team: 1 initiative',
        '  quotes  hypothesis for 99 days (over 30)  validation needs 10 things',
        '1 domain with warnings, 1 key result without a check-in for 14 days, 1 file with problems',
        '',
        'pdx status shows what each needs and the command for it; pdx --help lists every command.',
        '',
      ].join('\n'),
    );
    // -C points it at a repo from anywhere.
    expect((await runPdx(['-C', dir], { cwd: tempDir() })).stdout).toContain('Test team: 1 initiative');
  });

  it('outside a repo prints the help, as before; an unknown command or option is still one', async () => {
    const outside = await runPdx([], { cwd: tempDir() });
    expect(outside.code).toBe(0);
    expect(outside.stdout).toMatch(/^Usage: pdx \[options\] \[command\]/);
    expect(outside.stdout).toContain('status');
    expect(outside.stderr).toBe('');
    const dir = minimalRepo(BASE_FILES);
    const unknown = await runPdx(['statsu'], { cwd: dir });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('pdx: unknown command `statsu` (did you mean `status`?)');
    const option = await runPdx(['--bogus'], { cwd: dir });
    expect(option.code).toBe(2);
    expect(option.stderr).toContain('pdx: unknown option `--bogus`');
  });
});
