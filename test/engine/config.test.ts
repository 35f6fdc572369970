import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { openWorkspace, requireConfig } from '../../src/engine/workspace.js';
import { PROJECT, minimalRepo, tempDir } from '../helpers.js';

const CONFIG = 'version: 1\nname: Test team\nrules:\n  feedback-grup: { min: 3 }\n  feedback-group: { min: -3 }\n  ideas: { severity: warn, mim: 2 }\n  nonsense: {}\n  immersion: { severity: warn }\n';

describe('the config, checked whole when it is read', () => {
  it('makes each unknown rule id and bad option a problem at its line and column, with a did-you-mean', async () => {
    const dir = minimalRepo();
    writeFileSync(join(dir, 'pdx.yaml'), CONFIG);
    const ws = await openWorkspace(dir, { today: '2026-11-24', cache: false });
    expect(ws.config).toBeUndefined();
    expect(ws.problems.map((p) => `${p.file}:${p.line}:${p.column} ${p.code} ${p.message}`)).toEqual([
      'pdx.yaml:4:3 config/unknown-rule unknown rule `feedback-grup` (did you mean `feedback-group`?)',
      'pdx.yaml:5:26 config/rule-option rule `feedback-group`: `min` must be at least 0',
      'pdx.yaml:6:28 config/rule-option rule `ideas`: unknown field `mim` (did you mean `min`?)',
      expect.stringMatching(/^pdx\.yaml:7:3 config\/unknown-rule unknown rule `nonsense`; the rules are ideas, immersion, handoff-before-features, epiphany, /),
    ]);
    // Every command that needs the settings refuses with the same located problems (exit 2).
    let thrown: unknown;
    try {
      requireConfig(ws);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toMatchObject({ code: 'config/invalid', exitCode: 2, problems: ws.problems, hint: expect.stringContaining('known rules: ideas, immersion') });
  });

  it('keeps the valid settings of a valid config', async () => {
    const dir = minimalRepo();
    writeFileSync(join(dir, 'pdx.yaml'), 'version: 1\nname: T\nrules:\n  ideas: { min: 5 }\n  immersion: { severity: warn }\n');
    const ws = await openWorkspace(dir, { today: '2026-11-24' });
    expect(ws.problems).toEqual([]);
    expect(ws.settings.get('ideas')).toEqual({ severity: undefined, options: { min: 5 } });
    expect(ws.settings.get('immersion')).toEqual({ severity: 'warn', options: { min: 5 } });
  });

  it('loads zod only when the config sets options, not for severities alone (run in a fresh process, watching every module it loads)', () => {
    const hooks = join(tempDir(), 'hooks.mjs');
    writeFileSync(
      hooks,
      `export async function resolve(specifier, context, next) { const r = await next(specifier, context); if (r.url.includes('/node_modules/zod/')) process.stdout.write('ZOD\\n'); return r; }`,
    );
    const register = join(tempDir(), 'register.mjs');
    writeFileSync(register, `import { register } from 'node:module'; register(${JSON.stringify(pathToFileURL(hooks).href)});`);
    const workspace = pathToFileURL(join(PROJECT, 'dist', 'engine', 'workspace.js')).href;
    const open = (config: string) => {
      const dir = minimalRepo();
      writeFileSync(join(dir, 'pdx.yaml'), config);
      // Once with a cold cache (every file checked: the schemas load zod), then warm: that is the run that must not.
      const script = `const { openWorkspace } = await import(${JSON.stringify(workspace)}); await openWorkspace(${JSON.stringify(dir)}, { today: '2026-11-24' }); process.stdout.write('OPENED\\n');`;
      const env = { ...process.env, XDG_CACHE_HOME: tempDir() };
      execFileSync(process.execPath, ['--input-type=module', '-e', script], { env });
      return execFileSync(process.execPath, ['--import', register, '--input-type=module', '-e', script], { encoding: 'utf8', env });
    };
    const severities = open('version: 1\nname: T\nrules:\n  immersion: { severity: warn }\n');
    expect(severities).toContain('OPENED');
    expect(severities).not.toContain('ZOD');
    expect(open('version: 1\nname: T\nrules:\n  ideas: { min: 5 }\n')).toContain('ZOD');
  });
});
