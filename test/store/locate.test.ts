import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { copyOfExamples, PROJECT, tempDir } from '../helpers.js';

/** Runs `script` (ESM, with `dist` at hand) in a fresh node, printing LOADED <name> for each watched module it loads. */
function modulesLoaded(script: string, watched: string[], env: Record<string, string>): string {
  const dir = tempDir();
  const hooks = join(dir, 'hooks.mjs');
  writeFileSync(hooks, `const watched = ${JSON.stringify(watched)};\nexport async function resolve(s, c, next) { const r = await next(s, c); for (const w of watched) if (r.url.endsWith(w)) process.stdout.write('LOADED ' + w + '\\n'); return r; }`);
  const register = join(dir, 'register.mjs');
  writeFileSync(register, `import { register } from 'node:module'; register(${JSON.stringify(pathToFileURL(hooks).href)});`);
  return execFileSync(process.execPath, ['--import', register, '--input-type=module', '-e', script], { encoding: 'utf8', env: { ...process.env, ...env } });
}

describe('locating fields', () => {
  it('with a warm cache never loads the YAML parser, even for a rule about a field the file leaves out', () => {
    const repo = copyOfExamples();
    const main = pathToFileURL(join(PROJECT, 'dist', 'cli', 'main.js')).href;
    // quotes-api has no epiphany: that rule points at a missing field, and so at the stage instead.
    const script = `const { run } = await import(${JSON.stringify(main)}); const out = []; const io = { cwd: ${JSON.stringify(repo)}, env: { NO_COLOR: '1' }, stdout: { write: (t) => out.push(t) }, stderr: { write: (t) => out.push(t) }, stdinIsTTY: false, today: '2026-11-24' }; const code = await run(['gate', 'mvp', 'quotes-api', '--format', 'github'], io); process.stdout.write('EXIT ' + code + '\\n' + out.join(''));`;
    const env = { XDG_CACHE_HOME: tempDir() };
    const runs = [1, 2, 3].map(() => modulesLoaded(script, ['store/yaml-file.js'], env));
    expect(runs[0]).toContain('LOADED store/yaml-file.js');
    expect(runs[0]).toMatch(/epiphany/);
    for (const warm of runs.slice(1)) {
      expect(warm).not.toContain('LOADED');
      expect(warm.replace(/LOADED.*\n/g, '')).toBe(runs[0]!.replace(/LOADED.*\n/g, ''));
    }
  });
});
