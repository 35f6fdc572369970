import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, matchesGlob, posix, relative, sep } from 'node:path';
import { describe, expect, it } from 'vitest';
import { KIND_NAMES, RECORD_KINDS } from '../../src/model/index.js';
import { jsoncValue, parseJsonc } from '../../src/store/jsonc.js';
import { copyOfExamples, hasStackTrace, runPdx, tempDir, treeHash, writeTree } from '../helpers.js';

/** A git repo with the example pdx repo in `sub` ('' for its root). */
function repoWithExamples(sub: string): { git: string; pdx: string } {
  const git = tempDir('pdx-mono-');
  spawnSync('git', ['init', '-q', git]);
  const pdx = join(git, sub);
  cpSync(copyOfExamples(), pdx, { recursive: true, filter: (source) => !source.includes(`${sep}.vscode`) && !source.includes(`${sep}schema${sep}`) });
  return { git, pdx };
}

const posixPath = (path: string) => path.split(sep).join('/');
function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? filesUnder(join(dir, e.name)) : [join(dir, e.name)]));
}
const settingsAt = (dir: string) => JSON.parse(readFileSync(join(dir, '.vscode/settings.json'), 'utf8')) as { 'yaml.schemas': Record<string, string> };

/** Which schema file of `schemas` each file of the pdx folder gets, by the globs as written (relative to the workspace root). */
function schemasOf(workspace: string, pdx: string, schemas: Record<string, string>): Map<string, string[]> {
  const files = [join(pdx, 'pdx.yaml'), ...filesUnder(join(pdx, 'discovery')).filter((f) => /\.ya?ml$/.test(f))];
  return new Map(files.map((file) => [posixPath(relative(workspace, file)), Object.entries(schemas).filter(([, glob]) => matchesGlob(posixPath(relative(workspace, file)), glob)).map(([schema]) => schema)]));
}

describe('pdx init: the VS Code files at the workspace root', () => {
  for (const sub of ['product', '']) {
    it(`${sub ? 'in a monorepo (pdx in product/)' : 'in a plain repo'}: every schema path exists from the git root, and every file gets its own kind's schema`, async () => {
      const { git, pdx } = repoWithExamples(sub);
      const result = await runPdx(['init', '-C', pdx], { cwd: git });
      expect(result.code, result.stderr).toBe(0);
      const shown = sub ? '../.vscode' : '.vscode';
      expect(result.stdout).toContain(`created  ${shown}/settings.json\ncreated  ${shown}/extensions.json\n`);
      if (sub) {
        expect(result.stdout).toContain(`the VS Code files are at the git root, ${git}, where VS Code reads them; their schema paths and globs start with product/\n`);
        expect(existsSync(join(pdx, '.vscode'))).toBe(false);
      }
      const schemas = settingsAt(git)['yaml.schemas'];
      expect(Object.keys(schemas)).toHaveLength(KIND_NAMES.length + 1);
      for (const schema of Object.keys(schemas)) {
        // The YAML extension resolves a relative schema path from the folder VS Code opened.
        expect(existsSync(join(git, schema)), schema).toBe(true);
        expect(JSON.parse(readFileSync(join(git, schema), 'utf8')).$schema, schema).toBeDefined();
      }
      const at = sub ? `./${sub}/` : './';
      const matched = schemasOf(git, pdx, schemas);
      expect(matched.get(posix.join(sub, 'pdx.yaml'))).toEqual([`${at}.pdx/schema/config.schema.json`]);
      const kinds = new Set<string>();
      for (const [file, found] of matched) {
        if (file.endsWith('pdx.yaml') || file.endsWith('README.md')) continue;
        const kind = KIND_NAMES.find((k) => file.startsWith(posix.join(sub, 'discovery', RECORD_KINDS[k].folder) + '/'))!;
        expect(found, file).toEqual([`${at}.pdx/schema/${kind}.schema.json`]);
        kinds.add(kind);
      }
      // The examples have a file of every kind, so every glob was tried on its own files.
      expect([...kinds].sort()).toEqual([...KIND_NAMES].sort());
      // A file of another pdx folder beside it is none of this one's.
      expect(Object.values(schemas).some((glob) => matchesGlob(posix.join('other', sub, 'discovery/evidence/e.yaml'), glob))).toBe(false);
      expect(JSON.parse(readFileSync(join(git, '.vscode/extensions.json'), 'utf8'))).toEqual({ recommendations: ['redhat.vscode-yaml'] });

      const before = treeHash(git, (p) => p === '.git' || p.startsWith('.git/'));
      const again = await runPdx(['init', '-C', pdx], { cwd: git });
      expect(again.stdout).toMatch(/nothing to do/);
      expect(treeHash(git, (p) => p === '.git' || p.startsWith('.git/'))).toBe(before);
    });
  }

  it('with --no-git, or outside git, writes them in the pdx folder, as before', async () => {
    const { git, pdx } = repoWithExamples('product');
    expect((await runPdx(['init', '--no-git', '-C', pdx], { cwd: git })).code).toBe(0);
    expect(existsSync(join(git, '.vscode'))).toBe(false);
    expect(settingsAt(pdx)['yaml.schemas']['./.pdx/schema/evidence.schema.json']).toBe('discovery/evidence/**/*.{yaml,yml}');
    expect(existsSync(join(pdx, '.vscode/extensions.json'))).toBe(true);
  });

  it("merges into the user's settings: only pdx's entries added or updated, every byte of theirs kept, and a second run changes nothing", async () => {
    const { git } = repoWithExamples('product');
    const user = [
      '// Team settings: keep sorted',
      '{',
      '\t"editor.tabSize": 4, // four',
      '\t/* schemas for the CI files */',
      '\t"yaml.schemas": {',
      '\t\t"https://json.schemastore.org/github-workflow.json": ".github/workflows/*.yml", // CI',
      '\t\t"product/.pdx/schema/okr.schema.json": "old/okrs/*.yaml",',
      '\t},',
      '}',
      '',
    ].join('\n');
    writeTree(git, { '.vscode/settings.json': user });
    const result = await runPdx(['init', '-C', 'product'], { cwd: git });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('merged   ../.vscode/settings.json (7 yaml.schemas entries added, 1 updated; the rest kept as it was)\n');
    const after = readFileSync(join(git, '.vscode/settings.json'), 'utf8');
    // Taking out pdx's seven new lines, and the value it updated, leaves the user's file byte for byte.
    const added = after.split('\n').filter((line) => line.startsWith('\t\t"./product/.pdx/schema/'));
    expect(added).toHaveLength(7);
    expect(added.every((line) => line.endsWith('",'))).toBe(true);
    expect(after.replace(added.map((line) => `${line}\n`).join(''), '').replace('"product/discovery/okrs/**/*.{yaml,yml}"', '"old/okrs/*.yaml"')).toBe(user);
    expect(after.indexOf(added.join('\n'))).toBe(user.indexOf('\t\t"https://'));
    const doc = parseJsonc(after);
    const value = (doc.ok ? jsoncValue(doc.root) : undefined) as { 'yaml.schemas': Record<string, string> };
    expect(value['yaml.schemas']['https://json.schemastore.org/github-workflow.json']).toBe('.github/workflows/*.yml');
    expect(value['yaml.schemas']['product/.pdx/schema/okr.schema.json']).toBe('product/discovery/okrs/**/*.{yaml,yml}');
    expect(value['yaml.schemas']['./product/.pdx/schema/okr.schema.json']).toBeUndefined();
    expect(Object.keys(value['yaml.schemas'])).toHaveLength(KIND_NAMES.length + 2);

    const again = await runPdx(['init', '-C', 'product'], { cwd: git });
    expect(again.stdout).toMatch(/nothing to do/);
    expect(readFileSync(join(git, '.vscode/settings.json'), 'utf8')).toBe(after);
  });

  it('adds yaml.schemas first in a settings file without it, so a comment at the end of the last line stays on it', async () => {
    const { git } = repoWithExamples('product');
    const user = '{\n  // Editor\n  "files.eol": "\\n", // unix\n  "editor.rulers": [100,],\n}\n';
    writeTree(git, { '.vscode/settings.json': user });
    expect((await runPdx(['init', '-C', 'product'], { cwd: git })).code).toBe(0);
    const after = readFileSync(join(git, '.vscode/settings.json'), 'utf8');
    expect(after.startsWith('{\n  "yaml.schemas": {\n    "./product/.pdx/schema/config.schema.json": "product/pdx.yaml",\n')).toBe(true);
    expect(after.endsWith('\n  },\n  // Editor\n  "files.eol": "\\n", // unix\n  "editor.rulers": [100,],\n}\n')).toBe(true);
  });

  for (const [what, text] of [
    ['cannot be parsed', '{\n  "editor.tabSize": 2\n  "files.eol": "\\n"\n}\n'],
    ['has a yaml.schemas that is not an object', '{ "yaml.schemas": ["a.json"] }\n'],
    ['is not an object', '[]\n'],
    // An edit would change the first copy, where VS Code reads the last.
    ['gives yaml.schemas twice', '{\n  "yaml.schemas": { "a.json": "a.yaml" },\n  "yaml.schemas": { "b.json": "b.yaml" }\n}\n'],
    ['gives a schema of pdx twice in yaml.schemas', '{ "yaml.schemas": { "./product/.pdx/schema/evidence.schema.json": "old/**", "./product/.pdx/schema/evidence.schema.json": "older/**" } }\n'],
  ] as const) {
    it(`leaves a settings file that ${what} byte for byte, prints the JSON to add, and sets up the rest`, async () => {
      const { git } = repoWithExamples('product');
      writeTree(git, { '.vscode/settings.json': text });
      const result = await runPdx(['init', '-C', 'product'], { cwd: git });
      expect(result.code, result.stderr).toBe(0);
      expect(readFileSync(join(git, '.vscode/settings.json'), 'utf8')).toBe(text);
      const reason = {
        'cannot be parsed': 'it is not valid JSON with comments (line 3, column 3: a comma expected)', 'has a yaml.schemas that is not an object': '"yaml.schemas" in it is not an object', 'is not an object': 'it is not a JSON object',
        'gives yaml.schemas twice': '"yaml.schemas" appears twice in it, and VS Code reads only the last',
        'gives a schema of pdx twice in yaml.schemas': '"./product/.pdx/schema/evidence.schema.json" appears twice in its "yaml.schemas", and VS Code reads only the last',
      }[what];
      const notice = `\nleft ../.vscode/settings.json as it is: ${reason}. for field completion in VS Code, add to ../.vscode/settings.json:\n`;
      expect(result.stdout).toContain(notice);
      const snippet = result.stdout.slice(result.stdout.indexOf(notice) + notice.length);
      expect(JSON.parse(snippet)).toEqual({ 'yaml.schemas': Object.fromEntries([['./product/.pdx/schema/config.schema.json', 'product/pdx.yaml'], ...KIND_NAMES.map((k) => [`./product/.pdx/schema/${k}.schema.json`, `product/discovery/${RECORD_KINDS[k].folder}/**/*.{yaml,yml}`])]) });
      expect(result.stdout).toContain('created  ../.vscode/extensions.json\n');
      expect(existsSync(join(git, 'product/.pdx/schema/evidence.schema.json'))).toBe(true);
      expect(hasStackTrace(result.stderr)).toBe(false);
    });
  }

  it("merges the YAML extension into the user's extensions.json, comments kept, no duplicate", async () => {
    const { git } = repoWithExamples('product');
    const user = '{\n\t// what this team uses\n\t"recommendations": ["esbenp.prettier-vscode",], // format\n}\n';
    writeTree(git, { '.vscode/extensions.json': user });
    const result = await runPdx(['init', '-C', 'product'], { cwd: git });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('merged   ../.vscode/extensions.json (redhat.vscode-yaml recommended; the rest kept as it was)\n');
    const after = readFileSync(join(git, '.vscode/extensions.json'), 'utf8');
    expect(after).toBe('{\n\t// what this team uses\n\t"recommendations": [\n\t\t"esbenp.prettier-vscode",\n\t\t"redhat.vscode-yaml",\n\t], // format\n}\n');
    expect((await runPdx(['init', '-C', 'product'], { cwd: git })).stdout).toMatch(/nothing to do/);
    expect(readFileSync(join(git, '.vscode/extensions.json'), 'utf8')).toBe(after);

    // Already recommended (ids are case-insensitive), or unwanted: left as it is.
    for (const listed of ['{ "recommendations": ["RedHat.vscode-yaml"] }\n', '{ "unwantedRecommendations": ["redhat.vscode-yaml"] }\n']) {
      writeFileSync(join(git, '.vscode/extensions.json'), listed);
      expect((await runPdx(['init', '-C', 'product'], { cwd: git })).code).toBe(0);
      expect(readFileSync(join(git, '.vscode/extensions.json'), 'utf8')).toBe(listed);
    }
  });

  it('leaves an extensions.json that gives recommendations twice byte for byte (VS Code reads the last, an edit would change the first), and prints the JSON to add', async () => {
    const { git } = repoWithExamples('product');
    const user = '{\n  "recommendations": ["esbenp.prettier-vscode"],\n  "recommendations": ["dbaeumer.vscode-eslint"]\n}\n';
    writeTree(git, { '.vscode/extensions.json': user });
    const result = await runPdx(['init', '-C', 'product'], { cwd: git });
    expect(result.code, result.stderr).toBe(0);
    expect(readFileSync(join(git, '.vscode/extensions.json'), 'utf8')).toBe(user);
    const notice = '\nleft ../.vscode/extensions.json as it is: "recommendations" appears twice in it, and VS Code reads only the last. for VS Code to offer the YAML extension, add to ../.vscode/extensions.json:\n';
    expect(result.stdout).toContain(notice);
    expect(JSON.parse(result.stdout.slice(result.stdout.indexOf(notice) + notice.length))).toEqual({ recommendations: ['redhat.vscode-yaml'] });
    expect(result.stdout).toContain('created  ../.vscode/settings.json\n');

    // The last copy recommends it already: nothing to add, nothing said.
    const listed = '{ "recommendations": ["esbenp.prettier-vscode"], "recommendations": ["redhat.vscode-yaml"] }\n';
    writeFileSync(join(git, '.vscode/extensions.json'), listed);
    const again = await runPdx(['init', '-C', 'product'], { cwd: git });
    expect(again.stdout).not.toContain('left ../.vscode/extensions.json');
    expect(readFileSync(join(git, '.vscode/extensions.json'), 'utf8')).toBe(listed);
  });

  it('refuses a .vscode at the git root that links out of it, creating nothing; a linked settings file is left alone', async () => {
    const { git, pdx } = repoWithExamples('product');
    const outside = tempDir('pdx-outside-');
    writeTree(outside, { 'settings.json': '{}\n' });
    symlinkSync(outside, join(git, '.vscode'));
    const before = treeHash(outside);
    const result = await runPdx(['init', '-C', 'product'], { cwd: git });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('pdx: cannot set up the repo: ../.vscode is a link leading out of the repo; nothing was created\n');
    expect(hasStackTrace(result.stderr)).toBe(false);
    expect(treeHash(outside)).toBe(before);
    expect(existsSync(join(pdx, '.pdx/schema'))).toBe(false);

    const { rmSync } = await import('node:fs');
    rmSync(join(git, '.vscode'));
    mkdirSync(join(git, '.vscode'));
    symlinkSync(join(outside, 'settings.json'), join(git, '.vscode/settings.json'));
    const linked = await runPdx(['init', '-C', 'product'], { cwd: git });
    expect(linked.code, linked.stderr).toBe(0);
    expect(linked.stdout).toContain('left ../.vscode/settings.json as it is: it is a symbolic link, and pdx does not edit through one.');
    expect(treeHash(outside)).toBe(before);
  });
});
