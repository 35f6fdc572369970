import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { RULES } from '../../src/gates/rules/index.js';
import { git, gitPdxRepo, runPdx, treeHash, writeTree } from '../helpers.js';

const I = 'discovery/initiatives/quotes.yaml';
const D = 'discovery/domains/shipper-onboarding.yaml';

/**
 * Every rule off but paying-customers (one customer paying 30 days) and handoff-before-features
 * (as it comes): the mvp gate of this repo fails or passes on paying customers alone.
 */
const CONFIG = `version: 1\nname: Test team\nrules:\n${RULES.map((r) => r.meta.id)
  .filter((id) => id !== 'paying-customers' && id !== 'handoff-before-features')
  .map((id) => `  ${id}: { severity: off }\n`)
  .join('')}  paying-customers: { min: 1, minDays: 30 }\n`;

const INITIATIVE = `id: quotes
title: Instant quotes
# the product we sell
stage: mvp
history:
  - { stage: immersion, date: 2026-07-06 }
  - { stage: mvp, date: 2026-10-01 }
`;

const DOMAIN = `# The first week of a new shipper.
id: shipper-onboarding
name: Shipper onboarding
purpose: New shippers book their first load fast  # bounded on purpose
team: []
`;

/** A git repo whose initiative `quotes` is at mvp with no paying customer, and a domain. */
async function repo(files: Record<string, string> = {}): Promise<string> {
  const dir = await gitPdxRepo();
  writeTree(dir, { 'pdx.yaml': CONFIG, [I]: INITIATIVE, [D]: DOMAIN, ...files });
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', 'setup');
  return dir;
}

const read = (dir: string, file: string) => readFileSync(join(dir, file), 'utf8');
const pdx = (dir: string, ...args: string[]) => runPdx(args, { cwd: dir });

describe('pdx handoff', () => {
  it('refuses an initiative that fails the mvp gate: exit 1, the checklist with its fixes, every file byte for byte as it was', async () => {
    const dir = await repo();
    const before = treeHash(dir);
    const result = await pdx(dir, 'handoff', 'quotes', '--domain', 'shipper-onboarding');
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('quotes cannot be handed off yet: it does not pass the mvp gate as of 2026-12-01; nothing was changed');
    expect(result.stderr).toContain('paying-customers');
    expect(result.stderr).toContain('0 of 1 customers have paid for 30 days or more without churning');
    expect(result.stderr).toContain('→ pdx customer add quotes C-…');
    expect(treeHash(dir)).toBe(before);
  });

  it('is accepted once a paying customer satisfies the gate: domain and handoff on the initiative, the product appended to the domain, comments kept', async () => {
    const dir = await repo();
    expect((await pdx(dir, 'customer', 'add', 'quotes', 'C-1', '--paying-since', '2026-10-15')).code).toBe(0);
    // As of a day before the customer had paid 30 days, the gate still fails.
    expect((await pdx(dir, 'handoff', 'quotes', '--domain', 'shipper-onboarding', '--date', '2026-11-10')).code).toBe(1);
    const result = await pdx(dir, 'handoff', 'quotes', '--domain', 'shipper-onboarding', '--date', '2026-11-20');
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('quotes is handed to product management: domain shipper-onboarding, since 2026-11-20.');
    expect(result.stdout).toContain('gates no longer apply to quotes');
    expect(result.stdout).toContain('pdx expand quotes --title "…"');
    expect(result.stdout).toContain('pdx okr add --domain shipper-onboarding');
    const initiative = parse(read(dir, I));
    expect(initiative.domain).toBe('shipper-onboarding');
    expect(initiative.handoff).toEqual({ date: '2026-11-20', by: 'Test User' });
    expect(read(dir, I)).toContain('# the product we sell\n');
    expect(read(dir, D)).toBe(`${DOMAIN}products:\n  - quotes\n`);
    expect((await pdx(dir, 'validate')).code).toBe(0);
  });

  it('creates a domain that does not exist from --name and --purpose, and commits both files with --commit', async () => {
    const dir = await repo({ 'pdx.yaml': CONFIG.replace('paying-customers: { min: 1, minDays: 30 }', 'paying-customers: { min: 0 }') });
    const result = await pdx(dir, 'handoff', 'quotes', '--domain', 'quoting', '--name', 'Quoting', '--purpose', 'A firm price in seconds', '--commit');
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('domain quoting (new)');
    expect(parse(read(dir, 'discovery/domains/quoting.yaml'))).toEqual({ id: 'quoting', name: 'Quoting', purpose: 'A firm price in seconds', created: '2026-12-01', products: ['quotes'] });
    expect(parse(read(dir, I)).domain).toBe('quoting');
    expect(git(dir, 'log', '-1', '--format=%s').trim()).toBe('pdx: hand off quotes to domain quoting');
    expect(git(dir, 'show', '--name-only', '--format=', 'HEAD').split('\n').filter(Boolean).sort()).toEqual(['discovery/domains/quoting.yaml', I]);
  });

  it('without a terminal (or with CI set), a new domain without --name and --purpose is a usage error naming both, before anything', async () => {
    const dir = await repo();
    const before = treeHash(dir);
    // The gate fails here too: the missing flags are said first.
    const result = await pdx(dir, 'handoff', 'quotes', '--domain', 'quoting');
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('missing required values: --name, --purpose');
    const ci = await runPdx(['handoff', 'quotes', '--domain', 'quoting', '--name', 'Quoting'], { cwd: dir, env: { CI: 'true' }, tty: [] });
    expect(ci.code).toBe(2);
    expect(ci.stderr).toContain('missing a required value: --purpose');
    expect(treeHash(dir)).toBe(before);
  });

  it('asks a new domain its name and purpose at a terminal', async () => {
    const dir = await repo({ 'pdx.yaml': CONFIG.replace('paying-customers: { min: 1, minDays: 30 }', 'paying-customers: { min: 0 }') });
    const result = await runPdx(['handoff', 'quotes', '--domain', 'quoting'], {
      cwd: dir,
      tty: [
        { ask: /Name of the new domain quoting/, answer: 'Quoting' },
        { ask: /Purpose/, answer: 'A firm price in seconds' },
      ],
    });
    expect(result.code, result.stderr).toBe(0);
    expect(parse(read(dir, 'discovery/domains/quoting.yaml'))).toMatchObject({ name: 'Quoting', purpose: 'A firm price in seconds', products: ['quotes'] });
  });

  it('at a terminal, a left-out initiative and domain are asked, the domain from the list', async () => {
    const dir = await repo({ 'pdx.yaml': CONFIG.replace('paying-customers: { min: 1, minDays: 30 }', 'paying-customers: { min: 0 }') });
    const result = await runPdx(['handoff'], { cwd: dir, tty: [{ ask: /nitiative/, answer: 'quotes' }, { ask: /Domain it goes to/, answer: 'shipper-onboarding' }] });
    expect(result.code, result.stderr).toBe(0);
    expect(read(dir, D)).toBe(`${DOMAIN}products:\n  - quotes\n`);
  });

  it('at a terminal, the stage and the mvp gate (as of --date) are checked before the domain is asked: nothing typed is refused afterwards', async () => {
    const dir = await repo();
    const before = treeHash(dir);
    const gate = await runPdx(['handoff', 'quotes'], { cwd: dir, tty: [] });
    expect([gate.code, gate.questions]).toEqual([1, []]);
    expect(gate.stderr).toContain('quotes cannot be handed off yet: it does not pass the mvp gate as of 2026-12-01');
    const early = await runPdx(['handoff', 'quotes', '--date', '2026-09-01'], { cwd: dir, tty: [] });
    expect([early.code, early.questions]).toEqual([2, []]);
    expect(early.stderr).toContain('--date 2026-09-01 is before quotes entered mvp');
    const release = await repo({ [I]: INITIATIVE.replace('stage: mvp\n', 'stage: release\n').replace('{ stage: mvp, date: 2026-10-01 }', '{ stage: release, date: 2026-10-01 }') });
    const below = await runPdx(['handoff', 'quotes'], { cwd: release, tty: [] });
    expect([below.code, below.questions]).toEqual([1, []]);
    expect(below.stderr).toContain('quotes is in release: pdx advance quotes first');
    // Forced past the gate, the domain is asked and the handoff goes through.
    const forced = await runPdx(['handoff', 'quotes', '--force', '--reason', 'contracts start in January'], { cwd: dir, tty: [{ ask: /Domain it goes to/, answer: 'shipper-onboarding' }] });
    expect(forced.code, forced.stderr).toBe(0);
    expect(treeHash(dir)).not.toBe(before);
  });

  it('without an id, offers only initiatives at mvp not handed off yet: in the usage error off a terminal, and in the list at one', async () => {
    const mvp = (id: string, extra = '') => `id: ${id}\ntitle: ${id}\nstage: mvp\n${extra}history:\n  - { stage: mvp, date: 2026-10-01 }\n`;
    const dir = await repo({
      'pdx.yaml': CONFIG.replace('paying-customers: { min: 1, minDays: 30 }', 'paying-customers: { min: 0 }'),
      'discovery/initiatives/rates.yaml': 'id: rates\ntitle: rates\nstage: mvp\nhistory:\n  - { stage: release, date: 2026-09-15 }\n  - { stage: mvp, date: 2026-10-20 }\n',
      'discovery/initiatives/done.yaml': mvp('done', 'domain: shipper-onboarding\nhandoff: { date: 2026-11-02 }\n'),
      'discovery/initiatives/early.yaml': 'id: early\ntitle: Early\nstage: immersion\nhistory:\n  - { stage: immersion, date: 2026-10-01 }\n',
      [D]: `${DOMAIN}products: [done]\n`,
    });
    const none = await pdx(dir, 'handoff');
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('which initiative to hand off? pass its id, e.g. pdx handoff quotes --domain … (initiatives at mvp not handed off yet: quotes, rates)');
    // As of a day before rates reached mvp, only quotes.
    expect((await pdx(dir, 'handoff', '--date', '2026-10-05')).stderr).toContain('(initiatives at mvp not handed off yet: quotes)');
    const asked = await runPdx(['handoff'], { cwd: dir, tty: [{ ask: /nitiative to hand off/, answer: 'rates' }, { ask: /Domain it goes to/, answer: 'shipper-onboarding' }] });
    expect(asked.code, asked.stderr).toBe(0);
    expect(asked.questions![0]!.choices).toEqual(['quotes', 'rates']);
    expect(parse(read(dir, 'discovery/initiatives/rates.yaml')).domain).toBe('shipper-onboarding');
    const left = await pdx(dir, 'handoff');
    expect(left.stderr).toContain('(initiatives at mvp not handed off yet: quotes)');
  });

  it('--force --reason hands off past the failed rules and records them; either alone is a usage error', async () => {
    const dir = await repo();
    const before = treeHash(dir);
    expect((await pdx(dir, 'handoff', 'quotes', '--domain', 'shipper-onboarding', '--force'))).toMatchObject({ code: 2, stderr: expect.stringContaining('--force needs --reason') });
    expect((await pdx(dir, 'handoff', 'quotes', '--domain', 'shipper-onboarding', '--reason', 'x'))).toMatchObject({ code: 2, stderr: expect.stringContaining('--reason goes with --force') });
    expect(treeHash(dir)).toBe(before);
    const result = await pdx(dir, 'handoff', 'quotes', '--domain', 'shipper-onboarding', '--force', '--reason', 'Annual contracts start in January');
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('forced past paying-customers');
    expect(parse(read(dir, I)).handoff).toEqual({ date: '2026-12-01', by: 'Test User', forced: true, reason: 'Annual contracts start in January', failedRules: ['paying-customers'] });
  });

  it('--force --reason when the gate passes is a usage error (nothing to force), as experiment conclude says; nothing written', async () => {
    const dir = await repo({ 'pdx.yaml': CONFIG.replace('paying-customers: { min: 1, minDays: 30 }', 'paying-customers: { min: 0 }') });
    const before = treeHash(dir);
    const result = await pdx(dir, 'handoff', 'quotes', '--domain', 'shipper-onboarding', '--date', '2026-11-02', '--force', '--reason', 'x');
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('pdx: nothing to force: quotes passes the mvp gate as of 2026-11-02');
    expect(result.stderr).toContain('hint: leave out --force and --reason');
    expect(treeHash(dir)).toBe(before);
  });

  it('refuses below mvp (exit 1, pointing at advance), a date before mvp was reached (exit 2), and a second handoff (exit 1, naming the domain and date)', async () => {
    const dir = await repo({ [I]: INITIATIVE.replace('stage: mvp\n', 'stage: release\n').replace('{ stage: mvp, date: 2026-10-01 }', '{ stage: release, date: 2026-10-01 }') });
    const below = await pdx(dir, 'handoff', 'quotes', '--domain', 'shipper-onboarding', '--force', '--reason', 'r');
    expect(below.code).toBe(1);
    expect(below.stderr).toContain('quotes is in release: pdx advance quotes first');

    const at = await repo({ 'pdx.yaml': CONFIG.replace('paying-customers: { min: 1, minDays: 30 }', 'paying-customers: { min: 0 }') });
    expect(await pdx(at, 'handoff', 'quotes', '--domain', 'shipper-onboarding', '--date', '2026-09-01')).toMatchObject({ code: 2, stderr: expect.stringContaining('--date 2026-09-01 is before quotes entered mvp') });
    expect((await pdx(at, 'handoff', 'quotes', '--domain', 'shipper-onboarding', '--date', '2026-11-02')).code).toBe(0);
    const before = treeHash(at);
    const again = await pdx(at, 'handoff', 'quotes', '--domain', 'quoting', '--name', 'Q', '--purpose', 'P');
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('quotes was already handed off to domain shipper-onboarding on 2026-11-02');
    expect(treeHash(at)).toBe(before);
  });

  it('refuses a date before the domain was set up (exit 2, as domain update --date), nothing written', async () => {
    const dir = await repo({ 'pdx.yaml': CONFIG.replace('paying-customers: { min: 1, minDays: 30 }', 'paying-customers: { min: 0 }'), [D]: `${DOMAIN}created: 2026-11-05\n` });
    const before = treeHash(dir);
    expect(await pdx(dir, 'handoff', 'quotes', '--domain', 'shipper-onboarding', '--date', '2026-11-02')).toMatchObject({ code: 2, stderr: expect.stringContaining('pdx: --date 2026-11-02 is before shipper-onboarding was set up (2026-11-05)') });
    expect(treeHash(dir)).toBe(before);
    expect((await pdx(dir, 'handoff', 'quotes', '--domain', 'shipper-onboarding', '--date', '2026-11-05')).code).toBe(0);
  });

  it('refuses --name or --purpose for a domain that exists, and a product another domain already lists', async () => {
    const dir = await repo({ 'discovery/domains/billing.yaml': 'id: billing\nname: Billing\npurpose: Invoices\nproducts: [quotes]\n', [I]: INITIATIVE.replace('stage: mvp\n', 'stage: mvp\ndomain: billing\n') });
    expect(await pdx(dir, 'handoff', 'quotes', '--domain', 'shipper-onboarding')).toMatchObject({ code: 2, stderr: expect.stringContaining('domain billing already lists quotes among its products') });
    expect(await pdx(dir, 'handoff', 'quotes', '--domain', 'billing', '--name', 'B')).toMatchObject({ code: 2, stderr: expect.stringContaining('domain billing exists already: --name is only for a new domain') });
  });
  it('refuses a domain whose file exists but is invalid (bad YAML, or purpose removed): exit 1 naming the file and its problems, nothing written', async () => {
    for (const broken of ['id: shipper-onboarding\nname: [unclosed\n', DOMAIN.replace(/^purpose:.*\n/m, '')]) {
      const dir = await repo({ 'pdx.yaml': CONFIG.replace('paying-customers: { min: 1, minDays: 30 }', 'paying-customers: { min: 0 }'), [D]: broken });
      const before = treeHash(dir);
      for (const extra of [[], ['--name', 'S', '--purpose', 'P']]) {
        const result = await pdx(dir, 'handoff', 'quotes', '--domain', 'shipper-onboarding', ...extra);
        expect(result.code, result.stderr).toBe(1);
        expect(result.stderr).toContain(`domain \`shipper-onboarding\` (--domain) exists, but its file ${D} is invalid, so pdx cannot use it`);
        expect(result.stderr).toMatch(new RegExp(`${D}:\\d+`));
        expect(result.stderr).not.toContain('missing required values');
        expect(result.stderr).not.toContain('--id');
        expect(treeHash(dir)).toBe(before);
      }
    }
  });
});

describe('after the handoff: product management', () => {
  async function handedOff(): Promise<string> {
    const dir = await repo({ 'pdx.yaml': CONFIG.replace('paying-customers: { min: 1, minDays: 30 }', 'paying-customers: { min: 0 }') });
    const result = await pdx(dir, 'handoff', 'quotes', '--domain', 'shipper-onboarding', '--date', '2026-11-02');
    expect(result.code, result.stderr).toBe(0);
    // A hand-set mvp initiative that fails the gate beside it: gates still apply to it.
    writeTree(dir, { 'pdx.yaml': CONFIG, 'discovery/initiatives/other.yaml': 'id: other\ntitle: Other\nstage: mvp\nhistory:\n  - { stage: mvp, date: 2026-10-01 }\n' });
    return dir;
  }

  it('pdx gate skips it in every format; naming it alone exits 0 saying so', async () => {
    const dir = await handedOff();
    const text = await pdx(dir, 'gate', 'mvp');
    expect(text.code).toBe(1);
    expect(text.stdout).toContain('quotes — in product management (domain shipper-onboarding) since 2026-11-02');
    expect(text.stdout).not.toContain('quotes (mvp');
    expect(text.stdout).toContain('other (mvp');
    const one = await pdx(dir, 'gate', 'mvp', 'quotes');
    expect(one.code).toBe(0);
    expect(one.stdout).toBe('quotes — in product management (domain shipper-onboarding) since 2026-11-02\n\n✓ no initiative in discovery to check at mvp: gates no longer apply in product management\n');
    const json = JSON.parse((await pdx(dir, 'gate', 'mvp', '--json')).stdout);
    expect(json.initiatives.map((i: { id: string }) => i.id)).toEqual(['other']);
    expect(json.handedOff).toEqual([{ id: 'quotes', stage: 'mvp', domain: 'shipper-onboarding', since: '2026-11-02' }]);
    expect(JSON.parse((await pdx(dir, 'gate', 'mvp', 'quotes', '--json')).stdout)).toMatchObject({ ok: true, initiatives: [], handedOff: [{ id: 'quotes' }] });
    const junit = (await pdx(dir, 'gate', 'mvp', 'quotes', '--format', 'junit')).stdout;
    expect(junit).toContain('<property name="file" value="discovery/initiatives/quotes.yaml"/>');
    expect(junit).toContain('<testcase classname="pdx.gate.quotes" name="product-management" time="0"><skipped message="quotes — in product management (domain shipper-onboarding) since 2026-11-02"/></testcase>');
    expect(junit).toContain('failures="0"');
    expect((await pdx(dir, 'gate', 'mvp', 'quotes', '--format', 'github')).stdout).not.toContain('quotes');
    // As of a day before the handoff, the gates still applied.
    const earlier = await pdx(dir, 'gate', 'mvp', 'quotes', '--as-of', '2026-11-01');
    expect(earlier.stdout).toContain('quotes (mvp, discovery/initiatives/quotes.yaml)  gate mvp: FAIL');
  });

  it('gate --changed-since skips it too', async () => {
    const dir = await handedOff();
    git(dir, 'add', '-A');
    git(dir, 'commit', '-q', '-m', 'handoff');
    writeFileSync(join(dir, I), `${read(dir, I)}# touched\n`);
    writeFileSync(join(dir, 'discovery/initiatives/other.yaml'), `${read(dir, 'discovery/initiatives/other.yaml')}# touched\n`);
    const json = JSON.parse((await pdx(dir, 'gate', 'mvp', '--changed-since', 'HEAD', '--json')).stdout);
    expect(json.initiatives.map((i: { id: string }) => i.id)).toEqual(['other']);
    expect(json.handedOff.map((i: { id: string }) => i.id)).toEqual(['quotes']);
  });

  it('advance refuses it pointing at pdx expand; stage says it is in product management', async () => {
    const dir = await handedOff();
    const before = treeHash(dir);
    const advance = await pdx(dir, 'advance', 'quotes', '--to', 'release', '--reason', 'back');
    expect(advance.code).toBe(1);
    expect(advance.stderr).toContain('quotes was handed to product management (domain shipper-onboarding) on 2026-11-02');
    expect(advance.stderr).toContain('pdx expand quotes --title "…"');
    expect(treeHash(dir)).toBe(before);
    const stage = await pdx(dir, 'stage', 'quotes');
    expect(stage.code).toBe(0);
    expect(stage.stdout).toContain('in product management (domain shipper-onboarding) since 2026-11-02: gates no longer apply');
    expect(JSON.parse((await pdx(dir, 'stage', 'quotes', '--json')).stdout)).toMatchObject({ productManagement: { domain: 'shipper-onboarding', since: '2026-11-02' }, next: null, rules: [] });
  });

  it('initiative update --domain is refused (exit 2) pointing at pdx handoff', async () => {
    const dir = await repo();
    const before = treeHash(dir);
    const result = await pdx(dir, 'initiative', 'update', 'quotes', '--domain', 'shipper-onboarding');
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('pdx handoff quotes --domain shipper-onboarding');
    expect(treeHash(dir)).toBe(before);
  });

  it('initiative update --domain on a handed-off initiative says it belongs to its domain since the handoff, never pointing at pdx handoff', async () => {
    const dir = await handedOff();
    const before = treeHash(dir);
    for (const domain of ['shipper-onboarding', 'billing']) {
      const result = await pdx(dir, 'initiative', 'update', 'quotes', '--domain', domain);
      expect(result.code).toBe(2);
      expect(result.stderr).toContain('pdx: quotes was handed off to domain shipper-onboarding on 2026-11-02 and belongs to it since then');
      expect(result.stderr).toContain(`moving a product to another domain is not supported: edit by hand \`domain\` in ${I} and the \`products\` of both domains' files, then run pdx validate`);
      expect(result.stderr).not.toContain('pdx handoff');
    }
    expect(treeHash(dir)).toBe(before);
  });

  it('handoff-before-features warns, with the handoff as its fix, while a domain names an initiative not handed off', async () => {
    const dir = await repo({
      [I]: INITIATIVE.replace('stage: mvp\n', 'stage: mvp\ndomain: shipper-onboarding\n'),
      'discovery/okrs/shipper-onboarding-2026-q4.yaml': 'id: shipper-onboarding-2026-q4\ndomain: shipper-onboarding\nperiod: 2026-Q4\nobjective: Book in days\nkeyResults: []\n',
    });
    const result = await pdx(dir, 'gate', 'epiphany', 'quotes');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("domain shipper-onboarding already has OKR shipper-onboarding-2026-q4 for it, but it is not handed off yet: don't start product management before discovery is nailed");
    expect(result.stdout).toContain('→ pdx handoff quotes --domain shipper-onboarding');
  });
});

describe('domain work for a product: --product on experiment add and okr add', () => {
  const card = ['--type', 'ab-test', '--believe', 'b', '--verify', 'v', '--measure', 'm', '--right-if', 'r'];
  const okrAdd = (dir: string, ...more: string[]) => pdx(dir, 'okr', 'add', '--domain', 'shipper-onboarding', '--period', '2026-Q4', '--objective', 'Book in days', ...more);

  it('records the product; before the handoff handoff-before-features flags each record at its product, with the handoff as the fix (still so as of a day before it)', async () => {
    const dir = await repo({ 'pdx.yaml': CONFIG.replace('paying-customers: { min: 1, minDays: 30 }', 'paying-customers: { min: 0 }') });
    expect((await okrAdd(dir, '--product', 'quotes', '--date', '2026-11-01')).code).toBe(0);
    const added = await pdx(dir, 'experiment', 'add', '--domain', 'shipper-onboarding', '--product', 'quotes', '--id', 'price-page', ...card);
    expect(added.stderr).toBe('');
    expect(parse(read(dir, 'discovery/experiments/shipper-onboarding/price-page.yaml')).product).toBe('quotes');
    expect(parse(read(dir, 'discovery/okrs/shipper-onboarding-2026-q4.yaml'))).toMatchObject({ domain: 'shipper-onboarding', product: 'quotes' });

    const gate = await pdx(dir, 'gate', 'mvp', 'quotes', '--format', 'json');
    const rule = JSON.parse(gate.stdout).initiatives[0].rules.find((r: { id: string }) => r.id === 'handoff-before-features');
    // Each at its product line.
    const productLine = (file: string) => read(dir, file).split('\n').findIndex((l) => l.startsWith('product:')) + 1;
    const X = 'discovery/experiments/shipper-onboarding/price-page.yaml';
    const O = 'discovery/okrs/shipper-onboarding-2026-q4.yaml';
    expect(rule.findings.map((f: { messageId: string; file: string; line: number; fix: string }) => [f.messageId, f.file, f.line, f.fix])).toEqual([
      ['experiment', X, productLine(X), 'pdx handoff quotes --domain shipper-onboarding'],
      ['okr', O, productLine(O), 'pdx handoff quotes --domain shipper-onboarding'],
    ]);
    expect(productLine(X)).toBeGreaterThan(0);

    expect((await pdx(dir, 'handoff', 'quotes', '--domain', 'shipper-onboarding', '--date', '2026-11-02')).code).toBe(0);
    const after = JSON.parse((await pdx(dir, 'gate', 'mvp', 'quotes', '--format', 'json', '--as-of', '2026-11-01')).stdout);
    expect(after.initiatives[0].rules.find((r: { id: string }) => r.id === 'handoff-before-features').findings).toHaveLength(2);
    expect((await pdx(dir, 'validate')).code).toBe(0);
  });

  it('experiment show, okr show and domain show name the product', async () => {
    const dir = await repo({
      'discovery/okrs/shipper-onboarding-2026-q4.yaml': 'id: shipper-onboarding-2026-q4\ndomain: shipper-onboarding\nproduct: quotes\nperiod: 2026-Q4\nobjective: Book in days\n',
      'discovery/experiments/shipper-onboarding/price-page.yaml': 'id: price-page\ndomain: shipper-onboarding\nproduct: quotes\ntype: ab-test\ntestCard: { believe: b, verify: v, measure: m, rightIf: r }\nstatus: planned\n',
    });
    expect(await pdx(dir, 'experiment', 'show', 'price-page')).toMatchObject({ code: 0, stdout: expect.stringContaining('product: quotes') });
    expect((await pdx(dir, 'okr', 'show', 'shipper-onboarding-2026-q4')).stdout).toContain('(shipper-onboarding-2026-q4: shipper-onboarding, 2026-Q4, for quotes; ');
    const domain = await pdx(dir, 'domain', 'show', 'shipper-onboarding');
    expect(domain.stdout).toContain('2026-Q4  Book in days  (shipper-onboarding-2026-q4, for quotes, ');
    expect(domain.stdout).toMatch(/│ price-page\s+│\s+│ quotes\s+│ none\s+│ planned/);
    const json = JSON.parse((await pdx(dir, 'domain', 'show', 'shipper-onboarding', '--json')).stdout);
    expect([json.okrs[0].product, json.experiments[0].product]).toEqual(['quotes', 'quotes']);

  });

  it('below mvp the fix is the discovery still to do (pdx stage), not a handoff that would be refused', async () => {
    const dir = await repo({ [I]: INITIATIVE.replace('stage: mvp', 'stage: release').replace('  - { stage: mvp, date: 2026-10-01 }\n', '  - { stage: release, date: 2026-10-01 }\n') });
    expect((await okrAdd(dir, '--product', 'quotes')).code).toBe(0);
    const gate = await pdx(dir, 'gate', 'release', 'quotes');
    expect(gate.stdout).toContain("domain shipper-onboarding already has OKR shipper-onboarding-2026-q4 for it, but it is still in release: don't start product management before discovery is nailed");
    expect(gate.stdout).toContain('→ pdx stage quotes');
    expect(gate.stdout).not.toContain('pdx handoff quotes');
  });

  it('refuses a product that is no initiative (did you mean), --product without --domain, and a product handed to another domain; nothing is written', async () => {
    const dir = await repo({
      'discovery/initiatives/tracking.yaml': 'id: tracking\ntitle: Tracking\nstage: mvp\ndomain: visibility\nhandoff: { date: 2026-11-02 }\nhistory:\n  - { stage: mvp, date: 2026-10-01 }\n',
      'discovery/domains/visibility.yaml': 'id: visibility\nname: Visibility\npurpose: Know where a load is\nproducts: [tracking]\n',
    });
    const before = treeHash(dir);
    const typo = await okrAdd(dir, '--product', 'quote');
    expect([typo.code, typo.stderr]).toEqual([2, expect.stringContaining('did you mean `quotes`?')]);
    const experimentTypo = await pdx(dir, 'experiment', 'add', '--domain', 'shipper-onboarding', '--product', 'quote', ...card);
    expect([experimentTypo.code, experimentTypo.stderr]).toEqual([2, expect.stringContaining('did you mean `quotes`?')]);
    const discovery = await pdx(dir, 'experiment', 'add', '--initiative', 'quotes', '--product', 'quotes', ...card);
    expect([discovery.code, discovery.stderr]).toEqual([2, expect.stringContaining('pdx: --product goes with --domain')]);
    const noDomain = await pdx(dir, 'okr', 'add', '--product', 'quotes', '--period', '2026-Q4', '--objective', 'o');
    expect([noDomain.code, noDomain.stderr]).toEqual([2, expect.stringContaining('pdx: --product goes with --domain')]);
    const other = await okrAdd(dir, '--product', 'tracking');
    expect([other.code, other.stderr]).toEqual([2, expect.stringContaining('pdx: tracking (--product) was handed off to domain visibility, not shipper-onboarding')]);
    const otherExperiment = await pdx(dir, 'experiment', 'add', '--domain', 'shipper-onboarding', '--product', 'tracking', ...card);
    expect(otherExperiment.code).toBe(2);
    expect(treeHash(dir)).toBe(before);
    // At a terminal nothing is asked before the product is refused.
    const asked = await runPdx(['okr', 'add', '--domain', 'shipper-onboarding', '--product', 'quote'], { cwd: dir, tty: [] });
    expect(asked.code).toBe(2);
  });

  it('validate: a product named by a domain record but handed to another domain is a located problem; a discovery experiment names none', async () => {
    const dir = await repo({
      'discovery/initiatives/tracking.yaml': 'id: tracking\ntitle: Tracking\nstage: mvp\ndomain: visibility\nhandoff: { date: 2026-11-02 }\nhistory:\n  - { stage: mvp, date: 2026-10-01 }\n',
      'discovery/domains/visibility.yaml': 'id: visibility\nname: Visibility\npurpose: Know where a load is\nproducts: [tracking]\n',
      'discovery/okrs/onboarding-q4.yaml': 'id: onboarding-q4\ndomain: shipper-onboarding\nproduct: tracking\nperiod: 2026-Q4\nobjective: o\n',
      'discovery/experiments/shipper-onboarding/ab.yaml': 'id: ab\ndomain: shipper-onboarding\nproduct: tracking\ntype: ab-test\ntestCard: { believe: b, verify: v, measure: m, rightIf: r }\nstatus: planned\n',
      'discovery/experiments/quotes/x.yaml': 'id: x\ninitiative: quotes\nproduct: quotes\ntype: interview\ntestCard: { believe: b, verify: v, measure: m, rightIf: r }\nstatus: planned\n',
      'discovery/experiments/visibility/ok.yaml': 'id: ok\ndomain: visibility\nproduct: tracking\ntype: ab-test\ntestCard: { believe: b, verify: v, measure: m, rightIf: r }\nstatus: planned\n',
    });
    const result = await pdx(dir, 'validate');
    expect(result.code).toBe(1);
    const lines = result.stdout.split('\n').filter((l) => / product\/(domain|discovery)$/.test(l));
    expect(lines).toEqual([
      'discovery/experiments/quotes/x.yaml:3:10  error  `product` is for a domain experiment; a discovery experiment tests its `initiative`: remove `product`  product/discovery',
      "discovery/experiments/shipper-onboarding/ab.yaml:3:10  error  product `tracking` was handed off to domain `visibility` (discovery/initiatives/tracking.yaml), not `shipper-onboarding`: name one of shipper-onboarding's products, or move this experiment to visibility  product/domain",
      "discovery/okrs/onboarding-q4.yaml:3:10  error  product `tracking` was handed off to domain `visibility` (discovery/initiatives/tracking.yaml), not `shipper-onboarding`: name one of shipper-onboarding's products, or move this OKR to visibility  product/domain",
    ]);
  });
});
