import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { PROJECT } from '../helpers.js';

describe('the npm package', () => {
  it('ships the binary, the built CLI and every template, and nothing of the tests', () => {
    const output = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: PROJECT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    const files = (JSON.parse(output) as { files: { path: string }[] }[])[0]!.files.map((f) => f.path);
    for (const path of ['bin/pdx', 'dist/cli/pdx.cjs', 'dist/cli/main.js', 'dist/cli/commands/init.js', 'templates/init/pdx.yaml', 'templates/init/.pdx/gitignore', 'templates/init/discovery/README.md', 'package.json', 'README.md']) {
      expect(files).toContain(path);
    }
    expect(files.filter((f) => f.startsWith('test/') || f.startsWith('src/') || f.startsWith('examples/'))).toEqual([]);
  });
});
