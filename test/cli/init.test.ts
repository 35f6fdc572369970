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

  it('never overwrites a file the user already has, and says so', async () => {
    const dir = tempDir();
    writeTree(dir, { 'pdx.yaml': '# ours\nversion: 1\nname: Ours\n', '.vscode/settings.json': '{ "editor.tabSize": 2 }\n' });
    const result = await runPdx(['init', '--no-git'], { cwd: dir });
    expect(result.code).toBe(0);
    expect(readFileSync(join(dir, 'pdx.yaml'), 'utf8')).toBe('# ours\nversion: 1\nname: Ours\n');
    expect(readFileSync(join(dir, '.vscode/settings.json'), 'utf8')).toBe('{ "editor.tabSize": 2 }\n');
    expect(result.stdout).toMatch(/left alone \(already there\): .*pdx\.yaml/);
    expect(result.stdout).toMatch(/add to \.vscode\/settings\.json/);
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
