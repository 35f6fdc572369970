import { spawnSync } from 'node:child_process';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadRepo } from '../../src/store/load.js';
import { BASE_FILES, VALID } from '../fixtures.js';
import { minimalRepo, tempDir } from '../helpers.js';

const TODAY = '2026-11-24';
const codesOf = async (dir: string) => (await loadRepo(dir, { today: TODAY })).problems.map((p) => `${p.file} ${p.severity} ${p.code}`);

describe('reading files that are not plain records', () => {
  it('refuses a link to a file outside the repo without reading it', async () => {
    const outside = tempDir();
    writeFileSync(join(outside, 'secret.yaml'), 'password: hunter2\n');
    const dir = minimalRepo(BASE_FILES);
    symlinkSync(join(outside, 'secret.yaml'), join(dir, 'discovery/hypotheses/leak.yaml'));
    const problems = (await loadRepo(dir, { today: TODAY })).problems;
    expect(problems.map((p) => p.code)).toEqual(['file/symlink']);
    expect(JSON.stringify(problems)).not.toContain('password');
  });

  it('does not hang on a link to /dev/zero or on a named pipe', async () => {
    const dir = minimalRepo(BASE_FILES);
    symlinkSync('/dev/zero', join(dir, 'discovery/hypotheses/zero.yaml'));
    spawnSync('mkfifo', [join(dir, 'discovery/hypotheses/pipe.yaml')]);
    expect(await codesOf(dir)).toEqual(['discovery/hypotheses/pipe.yaml error file/not-regular', 'discovery/hypotheses/zero.yaml error file/symlink']);
  });

  it('reads a link to a record inside the repo', async () => {
    const dir = minimalRepo(BASE_FILES);
    mkdirSync(join(dir, 'shared'));
    writeFileSync(join(dir, 'shared/quotes-market.yaml'), 'id: quotes-market\ninitiative: quotes\nkind: market\nstatement: s\nclaims: [{ id: c1, text: t }]\n');
    symlinkSync(join(dir, 'shared/quotes-market.yaml'), join(dir, 'discovery/hypotheses/quotes-market.yaml'));
    const repo = await loadRepo(dir, { today: TODAY });
    expect(repo.problems).toEqual([]);
    expect(repo.records.hypothesis.map((h) => h.data.id)).toContain('quotes-market');
  });

  it('warns about a linked folder instead of skipping it silently, and reads .YML files', async () => {
    const elsewhere = tempDir();
    writeFileSync(join(elsewhere, 'x.yaml'), 'broken: [\n');
    const dir = minimalRepo({ ...BASE_FILES, 'discovery/domains/growth.YML': VALID.domain.replace('id: onboarding', 'id: growth') });
    symlinkSync(elsewhere, join(dir, 'discovery/evidence/linked'));
    expect(await codesOf(dir)).toEqual(['discovery/evidence/linked warning file/symlink']);
    expect((await loadRepo(dir, { today: TODAY })).records.domain.map((d) => d.data.id)).toContain('growth');
  });
});

describe('a broken file does not make references to it dangling', () => {
  it('when the hypothesis file cannot even be parsed', async () => {
    const dir = minimalRepo({ ...BASE_FILES, 'discovery/hypotheses/quotes-product.yaml': 'id: quotes-product\nstatement: [\n' });
    expect(await codesOf(dir)).toEqual(['discovery/hypotheses/quotes-product.yaml error yaml/bad-indent']);
  });

  it('when an OKR is invalid, for check-ins on its key results', async () => {
    const dir = minimalRepo({ ...BASE_FILES, 'discovery/okrs/onboarding-q4.yaml': VALID.okr.replace('target: 3', 'target: three') });
    expect(await codesOf(dir)).toEqual(['discovery/okrs/onboarding-q4.yaml error schema/type']);
  });
});

describe('every file means the same thing, whatever its directives', () => {
  it('reads YAML 1.1 booleans, binary and timestamp tags as text, and merge keys as ordinary keys', async () => {
    const dir = minimalRepo({
      ...BASE_FILES,
      'discovery/domains/onboarding.yaml': '%YAML 1.1\n---\nid: onboarding\nname: yes\npurpose: !!binary aGVsbG8=\n',
      'discovery/domains/merged.yaml': 'id: merged\nname: &n Merged\npurpose: p\n<<: { team: [] }\n',
    });
    const repo = await loadRepo(dir, { today: TODAY });
    const onboarding = repo.records.domain.find((d) => d.data.id === 'onboarding')!;
    expect(onboarding.data.name).toBe('yes');
    expect(onboarding.data.purpose).toBe('aGVsbG8=');
    expect(repo.problems.filter((p) => p.severity === 'error').map((p) => `${p.file}:${p.line} ${p.code}`)).toEqual(['discovery/domains/merged.yaml:4 schema/unknown-key']);
  });

  it('locates numeric and boolean keys', async () => {
    const dir = minimalRepo({ ...BASE_FILES, 'discovery/domains/onboarding.yaml': `${VALID.domain}123: x\ntrue: y\n` });
    expect((await loadRepo(dir, { today: TODAY })).problems.map((p) => `${p.line}:${p.column} ${p.message}`)).toEqual(['4:1 unknown field `123`', '5:1 unknown field `true`']);
  });

  it('locates fields of a file that starts with a byte-order mark, cached or not', async () => {
    const dir = minimalRepo({ ...BASE_FILES, 'discovery/domains/renamed.yaml': `\uFEFF${VALID.domain.replace('id: onboarding', 'id: growth')}` });
    for (let run = 0; run < 2; run++) {
      const found = (await loadRepo(dir, { today: TODAY })).problems.map((p) => `${p.file}:${p.line}:${p.column} ${p.code}`);
      expect(found).toEqual(['discovery/domains/renamed.yaml:1:5 file/name-mismatch']); // `growth` starts at column 5
    }
  });
});

describe('the initiatives first', () => {
  it('lists the rest of the repo only once the initiatives are read, and lists it the same as all at once', async () => {
    for (const link of [false, true]) {
      const dir = minimalRepo(BASE_FILES);
      if (link) {
        // A linked initiatives folder is not followed, listed first or not.
        const elsewhere = join(tempDir(), 'initiatives');
        mkdirSync(elsewhere);
        spawnSync('mv', [join(dir, 'discovery/initiatives'), elsewhere + '-moved']);
        symlinkSync(elsewhere + '-moved', join(dir, 'discovery/initiatives'));
      }
      const whole = await loadRepo(dir, { today: TODAY, cache: false });
      let seen: string[] = [];
      const first = await loadRepo(dir, {
        today: TODAY,
        cache: false,
        afterInitiatives: (initiatives) => {
          seen = initiatives.map((i) => i.file);
          // Written on the next turn, as a question is put on screen: the rest is listed after it.
          setImmediate(() => writeFileSync(join(dir, 'discovery/evidence/quotes/later.yaml'), BASE_FILES['discovery/evidence/quotes/e1.yaml']!.replace('id: e1', 'id: later')));
        },
      });
      expect(seen).toEqual(whole.records.initiative.map((i) => i.file));
      // (With the folder a link, all is listed at once, before.)
      expect(first.records.evidence.map((e) => e.data.id)).toEqual([...whole.records.evidence.map((e) => e.data.id), ...(link ? [] : ['later'])].sort());
      const again = link ? whole : await loadRepo(dir, { today: TODAY, cache: false });
      const data = (repo: object) => Object.fromEntries(Object.entries(repo).filter(([, value]) => typeof value !== 'function'));
      expect(data(first)).toEqual(data(again));
      expect(first.problems.some((p) => p.code === 'file/symlink')).toBe(link);
    }
  });
});
