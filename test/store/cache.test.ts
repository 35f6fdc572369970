import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CACHE_FILE, decodeVerdictsFile, encodeVerdictsFile, TEXTS_FILE, verdictsFileParts } from '../../src/store/cache.js';
import { loadRepo } from '../../src/store/load.js';
import { KIND_NAMES } from '../../src/model/kinds.js';
import { BAD_CASES, BASE_FILES } from '../fixtures.js';
import { copyOfExamples, minimalRepo, PROJECT, runPdx, tempDir } from '../helpers.js';

const TODAY = '2026-11-24';
const load = (dir: string, cache = true) => loadRepo(dir, { today: TODAY, cache });
const summary = (repo: Awaited<ReturnType<typeof load>>) => ({ config: repo.config, records: repo.records, problems: repo.problems, fileCount: repo.fileCount });

describe('the verdict cache', () => {
  it('gives exactly what a fresh read gives, on the examples and on every bad input', async () => {
    const files = Object.fromEntries(BAD_CASES.map((c, i) => [c.file.replace(/\.yaml$/, `-${i}.yaml`), c.content]));
    for (const dir of [copyOfExamples(), minimalRepo({ ...BASE_FILES, ...files })]) {
      const fresh = summary(await load(dir, false));
      expect(existsSync(join(dir, CACHE_FILE))).toBe(false);
      expect(summary(await load(dir))).toEqual(fresh); // fills the cache
      expect(existsSync(join(dir, CACHE_FILE))).toBe(true);
      expect(summary(await load(dir))).toEqual(fresh); // reads it
    }
  });

  it('is never stale: an edit that keeps the size and the modification time is still seen', async () => {
    const dir = minimalRepo(BASE_FILES);
    const file = join(dir, 'discovery/evidence/quotes/e1.yaml');
    expect((await load(dir)).problems).toEqual([]);
    const { atime, mtime } = statSync(file);
    const text = readFileSync(file, 'utf8');
    expect(text).toContain('source: interview');
    writeFileSync(file, text.replace('source: interview', 'source: intervju'));
    utimesSync(file, atime, mtime);
    const problems = (await load(dir)).problems;
    expect(problems.map((p) => `${p.file}:${p.line} ${p.code}`)).toEqual(['discovery/evidence/quotes/e1.yaml:4 schema/enum']);
    // A problem from the cache still points at the right line once the file is fixed and broken again.
    writeFileSync(file, text);
    expect((await load(dir)).problems).toEqual([]);
    writeFileSync(file, text.replace('source: interview', 'source: intervju'));
    expect((await load(dir)).problems).toEqual(problems);
  });

  it('encodes again only the folders whose files changed, and drops a folder whose files are gone', async () => {
    const dir = copyOfExamples();
    const parts = () => {
      const data = readFileSync(join(dir, CACHE_FILE));
      return verdictsFileParts(data, data.subarray(0, data.indexOf(10)).toString('utf8'));
    };
    expect(summary(await load(dir))).toEqual(summary(await load(dir, false)));
    const before = parts();
    const evidence = 'discovery/evidence/instant-quotes';
    const edited = join(dir, evidence, '2026-07-08-c-004.yaml');
    writeFileSync(edited, readFileSync(edited, 'utf8').replace(/\n$/, '\n# read again\n'));
    rmSync(join(dir, 'discovery/evidence/tracking-links'), { recursive: true });
    const dropped = 'discovery/evidence/dock-slot-booking';
    const gone = readdirSync(join(dir, dropped))[0]!;
    rmSync(join(dir, dropped, gone));
    const fresh = summary(await load(dir, false));
    expect(summary(await load(dir))).toEqual(fresh);
    const after = parts();
    expect(after.has('discovery/evidence/tracking-links')).toBe(false);
    expect(after.get(dropped)!.count).toBe(before.get(dropped)!.count - 1);
    expect(after.get(evidence)!.data.equals(before.get(evidence)!.data)).toBe(false);
    const untouched = [...before.keys()].filter((g) => g !== evidence && g !== dropped && g !== 'discovery/evidence/tracking-links');
    expect(untouched.length).toBeGreaterThan(10);
    for (const group of untouched) expect(after.get(group)!.data.equals(before.get(group)!.data), group).toBe(true);
    // Read back, every folder's part gives the fresh answer; a run with nothing new writes nothing.
    expect(summary(await load(dir))).toEqual(fresh);
    const written = statSync(join(dir, CACHE_FILE)).mtimeMs;
    expect(summary(await load(dir))).toEqual(fresh);
    expect(statSync(join(dir, CACHE_FILE)).mtimeMs).toBe(written);
    // A field located in a file is kept with its verdict: that folder's part only is encoded again.
    const repo = await loadRepo(dir, { today: TODAY, cache: true, saveCacheLater: true });
    const hypothesis = repo.records.hypothesis[0]!.file;
    await repo.locate([{ file: hypothesis, path: ['statement'] }]);
    repo.saveCache();
    const located = parts();
    const folder = hypothesis.slice(0, hypothesis.lastIndexOf('/'));
    expect(located.get(folder)!.data.equals(after.get(folder)!.data)).toBe(false);
    expect([...located].filter(([group, part]) => !part.data.equals(after.get(group)!.data)).map(([group]) => group)).toEqual([folder]);
  });

  it('ignores a damaged cache file and replaces it', async () => {
    const dir = minimalRepo(BASE_FILES);
    const fresh = summary(await load(dir));
    writeFileSync(join(dir, CACHE_FILE), 'not a cache');
    expect(summary(await load(dir))).toEqual(fresh);
    expect(readFileSync(join(dir, CACHE_FILE), 'utf8')).not.toBe('not a cache');
    // Damaged after its key line: cut short, a part's bytes changed, its header lying about lengths.
    const good = readFileSync(join(dir, CACHE_FILE));
    const keyLine = good.indexOf(10) + 1;
    const headerLength = good.readUInt32LE(keyLine);
    const header = good.subarray(keyLine + 4, keyLine + 4 + headerLength).toString('utf8');
    const lengthOf = (bytes: Buffer) => {
      const length = Buffer.alloc(4);
      length.writeUInt32LE(bytes.length);
      return length;
    };
    const lying = Buffer.from(header.replace(/,(\d+)\]/, (_, n: string) => `,${-Number(n)}]`));
    const broken = [
      good.subarray(0, good.length - 7),
      Buffer.concat([good.subarray(0, good.length - 30), Buffer.alloc(30, 0xff)]),
      Buffer.concat([good.subarray(0, keyLine), lengthOf(lying), lying, good.subarray(keyLine + 4 + headerLength)]),
    ];
    for (const data of broken) {
      writeFileSync(join(dir, CACHE_FILE), data);
      expect(summary(await load(dir))).toEqual(fresh);
      expect(summary(await load(dir))).toEqual(fresh);
    }
  });

  it('is written under the git-ignored .pdx/cache/ by pdx validate, and not at all with --no-cache', async () => {
    const dir = copyOfExamples();
    expect((await runPdx(['validate', '--as-of', TODAY, '--no-cache'], { cwd: dir })).code).toBe(0);
    expect(existsSync(join(dir, CACHE_FILE))).toBe(false);
    expect((await runPdx(['validate', '--as-of', TODAY], { cwd: dir })).code).toBe(0);
    expect(existsSync(join(dir, CACHE_FILE))).toBe(true);
    expect(readFileSync(join(dir, '.pdx/.gitignore'), 'utf8')).toBe(readFileSync(join(PROJECT, 'templates/init/.pdx/gitignore'), 'utf8'));
  });

  it('gate and report print exactly the same whether positions and history come from the cache or not', async () => {
    const dir = copyOfExamples();
    for (const args of [['gate', 'mvp', '--json', '--as-of', TODAY], ['report', '--json', '--as-of', TODAY], ['validate', '--json', '--as-of', TODAY]]) {
      const fresh = await runPdx([...args, '--no-cache'], { cwd: dir });
      // Verdicts cached by validate but no positions yet: gate reads the files it points into again.
      rmSync(join(dir, '.pdx/cache'), { recursive: true, force: true });
      await runPdx(['validate'], { cwd: dir });
      const filling = await runPdx(args, { cwd: dir });
      const cached = await runPdx(args, { cwd: dir });
      expect(filling.stdout, args.join(' ')).toBe(fresh.stdout);
      expect(cached.stdout, args.join(' ')).toBe(fresh.stdout);
      expect(cached.code).toBe(fresh.code);
    }
  });

  it('never trusts a cache made by another user or machine (one that came with the repo)', async () => {
    const dir = minimalRepo(BASE_FILES);
    const file = join(dir, 'discovery/evidence/quotes/e1.yaml');
    const [mine, theirs] = [tempDir('pdx-xdg-'), tempDir('pdx-xdg-')];
    expect((await runPdx(['validate'], { cwd: dir, env: { XDG_CACHE_HOME: theirs } })).code).toBe(0);
    // Break the file, and plant a cache that says its new content is valid, as a pull request could.
    writeFileSync(file, readFileSync(file, 'utf8').replace('source: interview', 'source: intervju'));
    const cached = readFileSync(join(dir, CACHE_FILE));
    const key = cached.subarray(0, cached.indexOf(10)).toString('utf8');
    const entries = decodeVerdictsFile(cached, key);
    entries.get('discovery/evidence/quotes/e1.yaml')!.hash = createHash('sha1').update(readFileSync(file)).digest('base64');
    writeFileSync(join(dir, CACHE_FILE), encodeVerdictsFile(entries, key));
    // Whoever made it is fooled (it is their own cache); anyone else is not.
    expect((await runPdx(['validate'], { cwd: dir, env: { XDG_CACHE_HOME: theirs } })).code).toBe(0);
    const result = await runPdx(['validate'], { cwd: dir, env: { XDG_CACHE_HOME: mine } });
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('schema/enum');
  });

  it('removes the temp files of runs killed while writing it, and keeps those of live ones', async () => {
    const dir = copyOfExamples();
    expect((await runPdx(['validate'], { cwd: dir })).code).toBe(0);
    const dead = Number(execFileSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }));
    const left = join(dir, '.pdx/cache', `.files.bin.${dead}.0badf00d.tmp`);
    const live = join(dir, '.pdx/cache', '.files.bin.1.0badf00d.tmp');
    writeFileSync(left, 'half');
    writeFileSync(live, 'being written');
    rmSync(join(dir, CACHE_FILE));
    expect((await runPdx(['validate'], { cwd: dir })).code).toBe(0);
    expect(existsSync(left)).toBe(false);
    expect(existsSync(live)).toBe(true);
  });
});


describe('lean verdicts', () => {
  it('keep the long texts out of the verdict file, in a texts file only a command that shows them reads and writes', async () => {
    const dir = copyOfExamples();
    const texts = join(dir, TEXTS_FILE);
    const lean = await loadRepo(dir, { today: TODAY, texts: false });
    const note = (repo: Awaited<ReturnType<typeof load>>) => repo.records.evidence.find((e) => e.data.id === '2026-10-14-d-111')!.data.note;
    expect(note(lean)).toBeUndefined();
    expect(existsSync(texts)).toBe(false);
    const whole = await load(dir, false);
    expect(note(whole)).toMatch(/\S/);
    expect(summary(await load(dir))).toEqual(summary(whole)); // texts taken again from the files, then kept
    expect(readFileSync(join(dir, CACHE_FILE)).includes(note(whole)!)).toBe(false);
    expect(readFileSync(texts).includes(note(whole)!)).toBe(true);
    expect(summary(await load(dir))).toEqual(summary(whole)); // from the texts file
    // A lean load neither reads nor rewrites it.
    writeFileSync(texts, 'not a cache');
    expect(note(await loadRepo(dir, { today: TODAY, texts: false }))).toBeUndefined();
    expect(readFileSync(texts, 'utf8')).toBe('not a cache');
    expect(summary(await load(dir))).toEqual(summary(whole));
    expect(readFileSync(texts).includes(note(whole)!)).toBe(true);
  });

  it("kept apart: a lean load reads each record's texts back when asked, cold, warm and without a cache, equal to a whole load", async () => {
    const dir = copyOfExamples();
    const whole = await load(dir, false);
    const back = (repo: Awaited<ReturnType<typeof load>>) =>
      Object.fromEntries(KIND_NAMES.flatMap((kind) => (repo.records[kind] as { kind: typeof kind; file: string; data: unknown }[]).map((r) => [r.file, JSON.stringify(repo.withTexts(r.kind, r.file, r.data))])));
    const expected = Object.fromEntries(KIND_NAMES.flatMap((kind) => (whole.records[kind] as { file: string; data: unknown }[]).map((r) => [r.file, JSON.stringify(r.data)])));
    for (const pass of ['no cache', 'cold', 'warm', 'after a lean load filled the cache']) {
      if (pass === 'after a lean load filled the cache') {
        rmSync(join(dir, '.pdx/cache'), { recursive: true, force: true });
        await loadRepo(dir, { today: TODAY, texts: false });
      }
      const apart = await loadRepo(dir, { today: TODAY, texts: 'apart', cache: pass !== 'no cache' });
      const note = apart.records.evidence.find((e) => e.data.id === '2026-10-14-d-111')!;
      expect(note.data.note, pass).toBeUndefined();
      expect(back(apart), pass).toEqual(expected);
      expect(apart.problems, pass).toEqual(whole.problems);
    }
    // A copy that left a place out (a learning card hidden as of a day) gets no text there.
    const experiment = whole.records.experiment.find((x) => x.data.learning !== undefined)!;
    const apart = await loadRepo(dir, { today: TODAY, texts: 'apart' });
    const { learning: _, ...hidden } = apart.records.experiment.find((x) => x.file === experiment.file)!.data;
    expect(apart.withTexts('experiment', experiment.file, hidden)).toEqual(hidden);
  });

  it('a damaged texts file: a whole load checks the files again; a load that keeps them apart says so, removes it, and the next one checks again', async () => {
    const dir = copyOfExamples();
    const whole = summary(await load(dir, false));
    await load(dir);
    const texts = join(dir, TEXTS_FILE);
    const bytes = readFileSync(texts);
    const note = (await load(dir, false)).records.evidence.find((e) => e.data.id === '2026-10-14-d-111')!.data.note!;
    // The note's bytes overwritten in place, its length and the index kept: only reading it shows the damage.
    const at = bytes.indexOf(note);
    expect(at).toBeGreaterThan(0);
    const damaged = Buffer.from(bytes);
    damaged.writeUInt32LE(0xffffff, at - 4);
    writeFileSync(texts, damaged);
    expect(summary(await load(dir))).toEqual(whole);
    writeFileSync(texts, damaged);
    const apart = await loadRepo(dir, { today: TODAY, texts: 'apart' });
    const record = apart.records.evidence.find((e) => e.data.id === '2026-10-14-d-111')!;
    expect(() => apart.withTexts('evidence', record.file, record.data)).toThrow(/texts\.bin, which is damaged; it was removed/);
    expect(existsSync(texts)).toBe(false);
    const again = await loadRepo(dir, { today: TODAY, texts: 'apart' });
    expect(again.withTexts('evidence', record.file, record.data)).toEqual(whole.records.evidence.find((e) => e.data.id === '2026-10-14-d-111')!.data);
    // A texts file cut short (its index gone) is not read, and is replaced.
    writeFileSync(texts, readFileSync(texts).subarray(0, 100));
    expect(summary(await load(dir))).toEqual(whole);
    expect(readFileSync(texts).includes(note)).toBe(true);
  });
});
