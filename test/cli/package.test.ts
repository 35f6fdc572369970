import { execFile, execFileSync } from 'node:child_process';
import { builtinModules } from 'node:module';
import { cpSync, existsSync, readdirSync, readFileSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { BASE_ENV, copyOfExamples, PROJECT, tempDir } from '../helpers.js';

const exec = promisify(execFile);
const manifest = JSON.parse(readFileSync(join(PROJECT, 'package.json'), 'utf8')) as Record<string, unknown> & { version: string; scripts: Record<string, string> };
/** npm without a terminal, colour, update check or audit, and with a cache of its own: nothing may come from the user's. */
function npmEnv(cache: string): Record<string, string> {
  return { ...BASE_ENV, npm_config_cache: cache, npm_config_update_notifier: 'false', npm_config_fund: 'false', npm_config_audit: 'false', NO_COLOR: '1' };
}

describe('the npm package', () => {
  it('ships the binary, the bundle and the templates only, with no dependency and no install script', () => {
    // --ignore-scripts: the package is packed from the build `npm test` made, not rebuilt under the other tests' feet.
    const output = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: PROJECT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    const files = (JSON.parse(output) as { files: { path: string }[] }[])[0]!.files.map((f) => f.path).sort();
    const templates = (readdirSync(join(PROJECT, 'templates'), { recursive: true, withFileTypes: true }) as { isFile(): boolean; name: string; parentPath: string }[])
      .filter((e) => e.isFile())
      .map((e) => join(e.parentPath, e.name).slice(PROJECT.length).replace(/^\//, ''));
    expect(templates).toContain('templates/init/.pdx/gitignore');
    expect(files).toEqual(['LICENSE', 'README.md', 'bin/pdx', 'dist/cli/mcp.cjs', 'dist/cli/pdx.cjs', 'package.json', ...templates].sort());
    expect(manifest.dependencies ?? {}).toEqual({});
    for (const script of ['preinstall', 'install', 'postinstall', 'prepare']) expect(manifest.scripts[script], script).toBeUndefined();
    expect(manifest.scripts.prepack).toBe('npm run build');
    expect(readFileSync(join(PROJECT, 'LICENSE'), 'utf8')).toMatch(/^MIT License\n\nCopyright \(c\) \d{4} pdx contributors\n/);
    expect(manifest).toMatchObject({ license: 'MIT', bin: { pdx: 'bin/pdx' }, engines: { node: '>=20.12' } });
    // The README's install line names the tarball `npm pack` makes of this version.
    expect(readFileSync(join(PROJECT, 'README.md'), 'utf8')).toContain(`npm ci && npm pack && npm install -g ./pdx-${manifest.version}.tgz`);
  });

  it('has bundles that load nothing but Node’s own modules at run time (and the CLI, the MCP server’s)', () => {
    const bundle = readFileSync(join(PROJECT, 'dist/cli/pdx.cjs'), 'utf8');
    const server = readFileSync(join(PROJECT, 'dist/cli/mcp.cjs'), 'utf8');
    // A call quoted inside a string is code ajv writes for standalone output, never run here (`equal.code='require("ajv/dist/runtime/equal").default'`).
    const loads = (text: string) => new Set([...text.matchAll(/(?<!['"`])\b(?:require|import)\(\s*["'`]([^"'`]+)["'`]\s*\)/g)].map((m) => m[1]!));
    const loaded = loads(bundle);
    const builtin = new Set(builtinModules.flatMap((name) => [name, `node:${name}`]));
    // debug (inside simple-git) asks for supports-color in a try, and does without it.
    expect([...loaded].filter((name) => !builtin.has(name) && name !== 'supports-color')).toEqual(['./mcp.cjs']);
    // The MCP SDK is in mcp.cjs only, which holds none of the CLI (program.ts hands it what it uses).
    expect([...loads(server)].filter((name) => !builtin.has(name))).toEqual([]);
    expect(bundle.includes('StdioServerTransport')).toBe(false);
    expect(server.includes('StdioServerTransport')).toBe(true);
    for (const part of ['buildProgram', 'node_modules/commander/', 'node_modules/yaml/', 'node_modules/simple-git/']) expect(server.includes(part), part).toBe(false);
    expect(bundle).toMatch(/try\{let \w+=require\("supports-color"\)/);
    // The libraries the commands import lazily are inside it.
    expect(bundle).toContain('@inquirer/core');
    expect(loaded.has('inquirer')).toBe(false);
    expect(bundle.includes('node_modules/rxjs/'), 'the legacy inquirer and its rxjs are not bundled').toBe(false);
    // zod's messages in English only (pdx words its own): none of its forty translations.
    expect(bundle).toContain('node_modules/zod/v4/locales/en.js');
    expect(bundle.includes('node_modules/zod/v4/locales/de.js') || server.includes('node_modules/zod/v4/locales/de.js')).toBe(false);
  });

  it('installs from its tarball offline, as one package with no install script, and runs from any folder', async () => {
    const work = tempDir('pdx-pack-');
    const env = npmEnv(join(work, 'npm-cache'));
    const { stdout: packed } = await exec('npm', ['pack', '--ignore-scripts', '--silent', '--pack-destination', work], { cwd: PROJECT, env, encoding: 'utf8' });
    const tarball = join(work, packed.trim().split('\n').at(-1)!);
    expect(tarball.endsWith(`pdx-${manifest.version}.tgz`)).toBe(true);
    const prefix = join(work, 'prefix');
    const install = await exec('npm', ['install', '-g', tarball, '--prefix', prefix, '--offline', '--no-audit', '--no-fund'], { cwd: work, env, encoding: 'utf8' });
    const said = install.stdout + install.stderr;
    expect(said).toMatch(/added 1 package\b/);
    expect(said).not.toMatch(/install.scripts?|allow-scripts|prepare|postinstall/i);
    // Nothing but pdx itself, and nothing under it.
    expect(readdirSync(join(prefix, 'lib', 'node_modules'))).toEqual(['pdx']);
    expect(existsSync(join(prefix, 'lib', 'node_modules', 'pdx', 'node_modules'))).toBe(false);

    const pdx = join(prefix, 'bin', 'pdx');
    const elsewhere = tempDir('pdx-elsewhere-');
    const run = (args: string[], cwd = elsewhere) => exec(pdx, args, { cwd, env: { ...BASE_ENV, NO_COLOR: '1', CI: '1', XDG_CACHE_HOME: join(work, 'xdg') }, encoding: 'utf8' });
    expect((await run(['--version'])).stdout).toBe(`${manifest.version}\n`);
    // The bundle and the templates it reads are all there: a new repo is set up and checks clean.
    expect((await run(['init', '--name', 'Installed', '--no-git'])).stdout).toContain('created  pdx.yaml');
    expect((await run(['validate'])).stdout).toMatch(/^✓ 1 file checked, no problems/);
    // The MCP server, from its own bundle: the tools over stdio.
    const input = [
      { jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'pack', version: '1' } } },
      { jsonrpc: '2.0', method: 'notifications/initialized' },
      { jsonrpc: '2.0', id: 2, method: 'tools/list' },
    ].map((m) => `${JSON.stringify(m)}\n`).join('');
    const served = execFileSync(pdx, ['mcp'], { cwd: elsewhere, input, env: { ...BASE_ENV, NO_COLOR: '1', CI: '1', XDG_CACHE_HOME: join(work, 'xdg') }, encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'] });
    const replies = served.split('\n').filter((l) => l !== '').map((l) => JSON.parse(l) as { id: number; result: { serverInfo?: { version: string }; tools?: { name: string }[] } });
    expect(replies.map((r) => r.id)).toEqual([1, 2]);
    expect(replies[0]!.result.serverInfo?.version).toBe(manifest.version);
    expect(replies[1]!.result.tools?.map((t) => t.name)).toContain('evidence_add');
  });
});

describe('a clone', () => {
  /** A clone's files as `npm ci` leaves them: sources and build script, with or without the build tools, and nothing built. */
  function clone(tools: boolean): string {
    const dir = tempDir('pdx-clone-');
    for (const part of ['bin', 'scripts', 'src', 'templates', 'package.json', 'tsconfig.json']) cpSync(join(PROJECT, part), join(dir, part), { recursive: true });
    if (tools) symlinkSync(join(PROJECT, 'node_modules'), join(dir, 'node_modules'));
    return dir;
  }
  const run = (dir: string, args: string[]) =>
    exec(process.execPath, [join(dir, 'bin', 'pdx'), ...args], { env: { ...BASE_ENV, NO_COLOR: '1', CI: '1', XDG_CACHE_HOME: join(dir, 'xdg') }, encoding: 'utf8' }).then(
      (r) => ({ code: 0, ...r }),
      (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, stdout: e.stdout, stderr: e.stderr }),
    );

  it('builds the bundle on its first command after npm ci, so the README quick start needs no build step', async () => {
    const dir = clone(true);
    const examples = copyOfExamples();
    const first = await run(dir, ['-C', examples, 'validate', '--as-of', '2026-11-24']);
    expect(first.stderr).toBe('pdx: building dist/cli/pdx.cjs (the first run in this clone; npm run build makes it again after a change)\n');
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/^✓ \d+ files checked, no problems/);
    const second = await run(dir, ['-C', examples, 'validate', '--as-of', '2026-11-24']);
    expect(second).toEqual({ ...first, stderr: '' });
  });

  it('says to run npm ci when the build tools are not installed', async () => {
    const dir = clone(false);
    const result = await run(dir, ['validate']);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(`pdx: this clone is not built yet, and its build tools are not installed\n  run npm ci in ${dir}, then run pdx again\n`);
  });
});
