import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, hasStackTrace, runPdx, tempDir, treeHash, writeTree } from '../helpers.js';
import { hasTmux, Terminal } from '../tty.js';

describe('pdx init', () => {
  it('in an empty folder creates a git repo and a valid skeleton', async () => {
    const dir = tempDir();
    const result = await runPdx(['init', '--name', 'Quotes team'], { cwd: dir });
    expect(result.code).toBe(0);
    expect(existsSync(join(dir, '.git'))).toBe(true);
    for (const path of ['pdx.yaml', 'discovery/README.md', 'discovery/evidence', '.pdx/schema/hypothesis.schema.json', '.pdx/.gitignore', '.vscode/settings.json']) {
      expect(existsSync(join(dir, path)), path).toBe(true);
    }
    const config = readFileSync(join(dir, 'pdx.yaml'), 'utf8');
    expect(config).toContain('name: Quotes team\n');
    expect(config).toContain('# The product team or organisation, shown in reports.');
    const settings = JSON.parse(readFileSync(join(dir, '.vscode/settings.json'), 'utf8'));
    expect(settings['yaml.schemas']['./.pdx/schema/evidence.schema.json']).toBe('discovery/evidence/**/*.{yaml,yml}');

    const validate = await runPdx(['validate'], { cwd: dir });
    expect(validate.stdout).toMatch(/no problems/);
    expect(validate.code).toBe(0);
  });

  it('is safe to re-run: nothing changes, byte for byte, and it exits 0', async () => {
    const dir = tempDir();
    expect((await runPdx(['init'], { cwd: dir })).code).toBe(0);
    const before = treeHash(dir);
    const again = await runPdx(['init', '--name', 'Another name'], { cwd: dir });
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/nothing to do/);
    expect(treeHash(dir)).toBe(before);
  });

  it('never overwrites a file of its own the user already has, and says so; the VS Code settings are merged into', async () => {
    const dir = tempDir();
    writeTree(dir, { 'pdx.yaml': '# ours\nversion: 1\nname: Ours\n', '.vscode/settings.json': '{\n  "editor.tabSize": 2\n}\n' });
    const result = await runPdx(['init', '--no-git'], { cwd: dir });
    expect(result.code).toBe(0);
    expect(readFileSync(join(dir, 'pdx.yaml'), 'utf8')).toBe('# ours\nversion: 1\nname: Ours\n');
    const settings = readFileSync(join(dir, '.vscode/settings.json'), 'utf8');
    expect(settings).toMatch(/^\{\n {2}"yaml\.schemas": \{\n[^]*\n {2}\},\n {2}"editor\.tabSize": 2\n\}\n$/);
    expect(JSON.parse(settings)['yaml.schemas']['./.pdx/schema/evidence.schema.json']).toBe('discovery/evidence/**/*.{yaml,yml}');
    expect(result.stdout).toMatch(/left alone \(already there\): .*pdx\.yaml/);
    expect(result.stdout).toMatch(/^merged {3}\.vscode\/settings\.json \(8 yaml\.schemas entries added; the rest kept as it was\)$/m);
  });

  it('--no-git skips git init; without a TTY it does not prompt and names the team after the folder', async () => {
    const dir = tempDir('pdx-freight-');
    const result = await runPdx(['init', '--no-git'], { cwd: dir });
    expect(result.code).toBe(0);
    expect(existsSync(join(dir, '.git'))).toBe(false);
    expect(readFileSync(join(dir, 'pdx.yaml'), 'utf8')).toMatch(/^name: pdx-freight-/m);
  });

  it('does not run git init inside an existing git repo', async () => {
    const outer = tempDir();
    spawnSync('git', ['init', '-q', outer]);
    const inner = join(outer, 'team-b');
    const result = await runPdx(['init', '-C', 'team-b'], { cwd: outer });
    expect(result.code).toBe(0);
    expect(existsSync(join(inner, 'pdx.yaml'))).toBe(true);
    expect(existsSync(join(inner, '.git'))).toBe(false);
  });

  it('refuses to start a repo inside another pdx repo, creating nothing', async () => {
    const outer = tempDir();
    expect((await runPdx(['init', '--no-git'], { cwd: outer })).code).toBe(0);
    const before = treeHash(outer);
    const result = await runPdx(['init', '-C', 'discovery/evidence/x'], { cwd: outer });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/inside the pdx repo at/);
    expect(treeHash(outer)).toBe(before);
  });

  it('stops before creating anything when a file is where a folder must go', async () => {
    const dir = tempDir();
    writeTree(dir, { discovery: 'not a folder\n' });
    const result = await runPdx(['init', '--no-git'], { cwd: dir });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/discovery .*in the way/);
    expect(hasStackTrace(result.stderr)).toBe(false);
    expect(readdirSync(dir)).toEqual(['discovery']);
  });

  it('finishes its work when the reader of its output goes away early', () => {
    const dir = tempDir();
    const result = spawnSync('bash', ['-c', `node '${BIN}' init --no-git | head -c 1 >/dev/null; echo "exit=\${PIPESTATUS[0]}" >&2`], {
      cwd: dir,
      encoding: 'utf8',
    });
    expect(result.stderr.trim()).toBe('exit=0');
    expect(existsSync(join(dir, '.vscode/settings.json'))).toBe(true);
  });
});

describe.skipIf(!hasTmux)('pdx init at a terminal', () => {
  it('asks for the team name and writes it', async () => {
    const dir = tempDir();
    const terminal = new Terminal(dir, ['init', '--no-git']);
    try {
      await terminal.waitFor('Product team or organisation name');
      terminal.type('Freight Lab');
      terminal.press('Enter');
      expect(await terminal.exitCode()).toBe(0);
      expect(readFileSync(join(dir, 'pdx.yaml'), 'utf8')).toMatch(/^name: Freight Lab$/m);
    } finally {
      terminal.close();
    }
  });

  it('writes nothing, not even a git repo, and exits 130 on Ctrl-C at the prompt', async () => {
    const dir = tempDir();
    const terminal = new Terminal(dir, ['init']);
    try {
      await terminal.waitFor('Product team or organisation name');
      terminal.press('C-c');
      expect(await terminal.exitCode()).toBe(130);
      rmSync(join(dir, '.pdx-test-exit'));
      expect(readdirSync(dir)).toEqual([]);
    } finally {
      terminal.close();
    }
  });

  it('does not prompt with --no-input', async () => {
    const dir = tempDir();
    const terminal = new Terminal(dir, ['--no-input', 'init', '--no-git']);
    try {
      expect(await terminal.exitCode()).toBe(0);
      expect(terminal.screen()).not.toContain('Product team or organisation name');
    } finally {
      terminal.close();
    }
  });
});

describe('pdx init --commit', () => {
  /** git's config for these runs: a global one naming `identity` (or no one), no system one, whatever the machine has. */
  function gitEnv(identity?: { name: string; email: string }): Record<string, string | undefined> {
    const home = tempDir('pdx-home-');
    writeTree(home, { gitconfig: identity ? `[user]\n\tname = ${identity.name}\n\temail = ${identity.email}\n[commit]\n\tgpgsign = false\n` : '' });
    return { HOME: home, XDG_CONFIG_HOME: home, GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: join(home, 'gitconfig'), GIT_AUTHOR_NAME: undefined, GIT_AUTHOR_EMAIL: undefined, EMAIL: undefined };
  }
  const git = (dir: string, env: Record<string, string | undefined>, ...args: string[]) =>
    spawnSync('git', args, { cwd: dir, encoding: 'utf8', env: { ...process.env, ...env } as NodeJS.ProcessEnv }).stdout;
  const SCAFFOLD = ['.pdx/.gitignore', '.pdx/schema/checkin.schema.json', '.pdx/schema/config.schema.json', '.pdx/schema/domain.schema.json', '.pdx/schema/evidence.schema.json', '.pdx/schema/experiment.schema.json', '.pdx/schema/hypothesis.schema.json', '.pdx/schema/initiative.schema.json', '.pdx/schema/okr.schema.json', '.vscode/extensions.json', '.vscode/settings.json', 'discovery/.gitignore', 'discovery/README.md', 'pdx.yaml'];

  it('in a new folder runs git init and commits the scaffold, so the next --commit leaves nothing untracked', async () => {
    const dir = tempDir();
    const env = gitEnv({ name: 'Ana Lima', email: 'ana@example.com' });
    const result = await runPdx(['init', '--name', 'Quotes team', '--commit'], { cwd: dir, env });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^committed [0-9a-f]{7,}  pdx: set up pdx\.yaml, discovery\/ and the JSON Schemas \(14 files\)$/m);
    expect(git(dir, env, 'log', '--format=%an|%s')).toBe('Ana Lima|pdx: set up pdx.yaml, discovery/ and the JSON Schemas\n');
    expect(git(dir, env, 'ls-files').trim().split('\n').sort()).toEqual(SCAFFOLD);
    expect(git(dir, env, 'status', '--porcelain')).toBe('');

    expect((await runPdx(['initiative', 'add', '--title', 'Quotes', '--commit'], { cwd: dir, env })).code).toBe(0);
    expect(git(dir, env, 'status', '--porcelain')).toBe('');
  });

  it('after git init commits only the files of the scaffold, leaving what else is staged or new alone, and what git ignores', async () => {
    const dir = tempDir();
    const env = gitEnv({ name: 'Ana Lima', email: 'ana@example.com' });
    git(dir, env, 'init', '-q');
    writeTree(dir, { 'notes.txt': 'staged\n', 'other.txt': 'new\n', '.git/info/exclude': '.vscode/\n' });
    git(dir, env, 'add', 'notes.txt');
    const result = await runPdx(['init', '--commit'], { cwd: dir, env });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).not.toContain('initialised an empty git repository');
    expect(git(dir, env, 'show', '--name-only', '--format=', 'HEAD').trim().split('\n').sort()).toEqual(SCAFFOLD.filter((f) => !f.startsWith('.vscode/')));
    expect(git(dir, env, 'status', '--porcelain').split('\n').filter(Boolean).sort()).toEqual(['?? other.txt', 'A  notes.txt']);
  });

  it('without a git identity writes the scaffold, says how to set one, and commits it when run again', async () => {
    const dir = tempDir();
    const anonymous = gitEnv();
    const result = await runPdx(['init', '--commit'], { cwd: dir, env: anonymous });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^pdx: cannot commit: git does not know who you are \(user\.name and user\.email are not set\); 21 files \(.*\) were written but not committed\n/);
    expect(result.stderr).toContain('  hint: git config --global user.name "Your Name" && git config --global user.email you@example.com; then run pdx init --commit again to commit them\n');
    expect(existsSync(join(dir, 'pdx.yaml'))).toBe(true);
    expect(git(dir, anonymous, 'status', '--porcelain')).not.toBe('');

    const named = gitEnv({ name: 'Ana Lima', email: 'ana@example.com' });
    const again = await runPdx(['init', '--commit'], { cwd: dir, env: named });
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toMatch(/^committed [0-9a-f]{7,}  .* \(14 files\)$/m);
    expect(again.stdout).not.toContain('nothing to do');
    expect(git(dir, named, 'status', '--porcelain')).toBe('');
    const third = await runPdx(['init', '--commit'], { cwd: dir, env: named });
    expect(third.stdout).toContain('nothing to commit: git already has every file of the scaffold\nnothing to do: this pdx repo is already set up');
    expect(git(dir, named, 'rev-list', '--count', 'HEAD').trim()).toBe('1');
  });

  it('with --no-git outside a git repo is a usage error that creates nothing', async () => {
    const dir = tempDir();
    const result = await runPdx(['init', '--commit', '--no-git'], { cwd: dir });
    expect(result.code).toBe(2);
    expect(result.stderr).toBe('pdx: --commit needs a git repository, and --no-git keeps pdx from making one here\n  hint: leave out --no-git (pdx runs git init), or leave out --commit\n');
    expect(readdirSync(dir)).toEqual([]);
  });
});
